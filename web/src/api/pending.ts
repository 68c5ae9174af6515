// PENDING THE GENERATED SCHEMA. Routes being added to the API on other branches, typed here in the shape
// openapi-typescript generates so that `client.ts` can call them through the same typed client. Once
// docs/openapi.json describes them (`npm run web:api`), delete this file and the `& PendingPaths` in
// client.ts: the generated `paths` then cover them.
//   GET  /v1/me/tasks                                              my tasks (oldest first)
//   GET  /v1/me/notices?limit&cursor                               my notices
//   POST /v1/sites/{siteId}/months/{workMonth}/corrections/exclude 取り込まない
import type { components } from './schema';

type Problem = {
  headers: { [name: string]: unknown };
  content: { 'application/problem+json': components['schemas']['Problem'] };
};
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

export type TaskAction = 'correct' | 'report' | 'apply' | 'approve' | 'buy-points';

export interface Task {
  siteId: string;
  siteName: string;
  workMonth: string;
  action: TaskAction;
  label: '要修正の修正' | '報告する' | '申請する' | '承認する' | '退職金ポイントの購入';
  firstTierCompanyId?: string;
  importStatus: string;
  applicationStatus?: string;
  /** YYYY-MM-DD */
  dueOn: string;
  overdueDays: number;
}

export interface Notice {
  id: string;
  kind: string;
  subject: string;
  text: string;
  siteId: string;
  workMonth: string;
  createdAt: string;
  sentAt: string;
}

export type ExcludeBody = { companyId: string; reason: string } | { workerId: string; reason: string };

export interface PendingPaths {
  '/v1/me/tasks': {
    parameters: NoParams;
    get: {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<{ tasks: Task[] }>; 401: Problem; 404: Problem };
    };
  };
  '/v1/me/notices': {
    parameters: NoParams;
    get: {
      parameters: {
        query?: { limit?: number; cursor?: string };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Json<{ items: Notice[]; nextCursor?: string | null }>; 401: Problem; 404: Problem };
    };
  };
  '/v1/sites/{siteId}/months/{workMonth}/corrections/exclude': {
    parameters: NoParams;
    post: {
      parameters: {
        query?: never;
        header: { 'Idempotency-Key': string };
        path: { siteId: string; workMonth: string };
        cookie?: never;
      };
      requestBody: { content: { 'application/json': ExcludeBody } };
      responses: {
        200: Json<{ recorded: true; correction: string; next: string }>;
        400: Problem;
        401: Problem;
        403: Problem;
        404: Problem;
        409: Problem;
        422: Problem;
      };
    };
  };
}
