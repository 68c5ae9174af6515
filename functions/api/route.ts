// The shape of one route of the table in routes.ts: method, path, schemas, the authorization action and
// the function that serves it. The Lambda router, the CDK construct and the OpenAPI generator all read the
// same entries; each function binds the handlers of its own routes (api/handlers.ts, api-excel/handlers.ts)
// so that one function's bundle does not carry another's code.
import type * as z from 'zod/mini';
import { type Action, authorize, type Principal, type Relation } from './authz.js';
import type { ApiDeps } from './deps.js';
import type { ApiEvent, ApiResponse } from './http.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext<P, Q, B> {
  deps: ApiDeps;
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  event: ApiEvent;
  /** The route's action, decided for this caller's relation to the resource (throws 403 / 404). */
  authorize(relation: Relation, resource?: { createdBy?: string }): void;
}

export interface ResponseDoc {
  status: number;
  description: string;
  schema?: z.ZodMiniType;
  /** Defaults to application/json. */
  contentType?: string;
  /** Another status the route answers with the same body (a PUT that creates: 201). */
  also?: { status: number; description: string };
  /** Other content types of the same status: the files a `format` query asks for (bytes, not JSON). */
  files?: string[];
}

/** The Lambda function that serves a route: the API's, or the Excel one (exceljs stays out of the API's). */
export type RouteFn = 'api' | 'excel';

export interface RouteDef<P extends z.ZodMiniType, Q extends z.ZodMiniType, B extends z.ZodMiniType> {
  operationId: string;
  fn: RouteFn;
  method: Method;
  /** API Gateway path template, e.g. /v1/sites/{siteId}. */
  path: string;
  summary: string;
  action: Action;
  params?: P;
  query?: Q;
  body?: B;
  /** Problems this route may answer besides 400/401/403/404/500 (409, 422…). */
  problems?: number[];
  success: ResponseDoc;
}

// biome-ignore lint/suspicious/noExplicitAny: a handler of any route's context
export type RouteHandler = (ctx: RouteContext<any, any, any>) => Promise<ApiResponse>;

/** A function's handlers, by the operationId of the routes it serves. */
export type Handlers = Readonly<Record<string, RouteHandler>>;

// biome-ignore lint/suspicious/noExplicitAny: the table holds routes of different schemas
export type AnyRoute = RouteDef<any, any, any>;

export function defineRoute<
  P extends z.ZodMiniType = z.ZodMiniUndefined,
  Q extends z.ZodMiniType = z.ZodMiniUndefined,
  B extends z.ZodMiniType = z.ZodMiniUndefined,
>(def: Omit<RouteDef<P, Q, B>, 'fn'> & { fn?: RouteFn }): AnyRoute {
  return { ...def, fn: def.fn ?? 'api' };
}

/** `METHOD /path` as API Gateway names a route. */
export const routeKeyOf = (r: Pick<AnyRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The path template's parameter names, in order. */
export const pathParamsOf = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

export function contextAuthorizer(action: Action, principal: Principal) {
  return (relation: Relation, resource?: { createdBy?: string }) =>
    authorize(action, relation, principal, resource);
}
