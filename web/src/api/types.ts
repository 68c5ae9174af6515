// Shapes of the API's answers the pages name, read off the generated schema (docs/openapi.json).
import type { paths } from './schema';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Task = Ok<'/v1/me/tasks', 'get'>['tasks'][number];
export type TaskAction = Task['action'];
export type Notice = Ok<'/v1/me/notices', 'get'>['items'][number];
