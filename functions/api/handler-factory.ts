// The approval API's Lambdas, built from the handlers each binds (api/handler.ts, api-excel/handler.ts):
// match the route of the table, know the caller (JWT claims), make every write idempotent
// (Idempotency-Key), parse with zod, run the route's handler, answer JSON or RFC 9457 problem+json — the
// use cases' refusals mapped here, once. Logs carry ids and outcomes, never bodies (names, 被共済者番号).
import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logger } from '../shared/handler.js';
import { observed } from '../shared/observability.js';
import { IDEMPOTENCY_LOCK_MS, isStorageUnavailable } from '../shared/storage/index.js';
import { AppError, type ErrorKind } from '../shared/use-cases/errors.js';
import { isMachine, principalOf } from './authz.js';
import { type ApiDeps, apiDeps } from './deps.js';
import {
  type ApiEvent,
  type ApiResponse,
  HttpProblem,
  header,
  type ProblemKind,
  problemResponse,
} from './http.js';
import { type AnyRoute, contextAuthorizer, type Handlers, pathParamsOf, routeKeyOf } from './route.js';
import { ROUTES } from './routes.js';

const byKey = new Map(ROUTES.map((r) => [routeKeyOf(r), r]));
const patterns = ROUTES.map((r) => ({
  route: r,
  names: pathParamsOf(r.path),
  re: new RegExp(`^${r.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
}));

/** Keys are opaque to us but end up in a table key: no '#', bounded. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function methodOf(event: ApiEvent): string {
  return event.requestContext.http?.method ?? event.routeKey.split(' ')[0] ?? '';
}

/** The route: by API Gateway's routeKey, else by method and path (a local server may send `$default`). */
export function matchRoute(event: ApiEvent): { route: AnyRoute; params: Record<string, string> } | undefined {
  const known = byKey.get(event.routeKey);
  if (known) {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.pathParameters ?? {})) if (v !== undefined) params[k] = v;
    return { route: known, params };
  }
  const method = methodOf(event);
  const path = event.requestContext.http?.path ?? event.rawPath;
  for (const p of patterns) {
    if (p.route.method !== method) continue;
    const m = p.re.exec(path);
    if (m)
      return {
        route: p.route,
        params: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])),
      };
  }
  return undefined;
}

function bodyText(event: ApiEvent): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Paths and messages of the issues only: the values may be personal data. */
function invalid(where: string, error: z.core.$ZodError): HttpProblem {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.')).filter((f) => f !== ''))];
  const named = fields.length > 0 ? `${where} の ${fields.join(', ')}` : where;
  return new HttpProblem('invalid-input', `${named} に誤りがあります`, {
    errors: error.issues.map((i) => ({ in: where, path: i.path.join('.'), message: i.message })),
  });
}

function parse(schema: z.ZodMiniType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(where, r.error);
  return r.data;
}

async function run(
  handlers: Handlers,
  route: AnyRoute,
  params: Record<string, string>,
  event: ApiEvent,
  deps: ApiDeps,
) {
  const principal = principalOf(event);
  // A machine token (the payments notifier's) is for crediting only: every other route refuses it,
  // before any read, whatever the route's own authorization would say.
  if (isMachine(principal) && route.action !== 'credit' && route.action !== 'convert-stamps')
    throw new HttpProblem('forbidden', 'この API は利用者（人）の ID トークンで呼び出してください');
  const text = bodyText(event);
  let json: unknown;
  if (route.body) {
    try {
      json = JSON.parse(text === '' ? 'null' : text);
    } catch {
      throw new HttpProblem('invalid-input', '本文が JSON ではありません');
    }
  }
  const handler = handlers[route.operationId];
  // The route belongs to another function (API Gateway sends it there): a wiring fault, not the caller's.
  if (!handler) throw new Error(`route ${routeKeyOf(route)} is not served by this function`);
  return handler({
    deps,
    principal,
    event,
    params: parse(route.params, params, 'path'),
    query: parse(route.query, event.queryStringParameters ?? {}, 'query'),
    body: parse(route.body, json, 'body'),
    authorize: contextAuthorizer(route.action, principal),
  });
}

/** Seconds a client should wait before retrying after a storage failure (the SDK's own budget is spent). */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** The problem type of each kind of the use cases' refusals. */
const PROBLEM_OF: Readonly<Record<ErrorKind, ProblemKind>> = {
  'invalid-input': 'invalid-input',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  'not-waiting': 'not-waiting',
  unprocessable: 'unprocessable',
  unavailable: 'storage-unavailable',
};

function toResponse(e: unknown, instance: string): ApiResponse {
  if (e instanceof HttpProblem) return problemResponse(e, instance);
  if (e instanceof AppError)
    return problemResponse(new HttpProblem(PROBLEM_OF[e.kind], e.detail, e.extra), instance);
  // Powertools reserves `message` for the log line's own text: the error's goes under errorMessage.
  const error = { errorName: (e as Error).name, errorMessage: String((e as Error).message).slice(0, 500) };
  if (isStorageUnavailable(e)) {
    logger.warn('api request: storage unavailable', error);
    return problemResponse(
      new HttpProblem(
        'storage-unavailable',
        'データの保存先に一時的に接続できません。しばらく待ってから、同じ Idempotency-Key でもう一度送信してください（完了していれば最初の結果が返ります）',
        {},
        { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
      ),
      instance,
    );
  }
  logger.error('api request failed', error);
  return problemResponse(new HttpProblem('internal'), instance);
}

/** The methods of the routes whose template matches this path (405's Allow), none when no route does. */
export function allowedMethods(path: string): string[] {
  return [...new Set(patterns.filter((p) => p.re.test(path)).map((p) => p.route.method))].sort();
}

function unmatched(event: ApiEvent, instance: string): ApiResponse {
  const allow = allowedMethods(event.requestContext.http?.path ?? event.rawPath);
  if (allow.length === 0)
    return problemResponse(new HttpProblem('not-found', 'この API はありません'), instance);
  return problemResponse(
    new HttpProblem(
      'method-not-allowed',
      `このパスで使えるメソッドは ${allow.join(', ')} です`,
      {},
      { allow: allow.join(', ') },
    ),
    instance,
  );
}

/** Same key + same request → the first response; same key + another request → 422. */
function fingerprint(event: ApiEvent, route: AnyRoute, text: string): string {
  return createHash('sha256')
    .update(`${route.method} ${event.requestContext.http?.path ?? event.rawPath}\n${text}`)
    .digest('hex');
}

/** A function serving the routes `handlers` binds: `handle` for tests and servers, `handler` for Lambda. */
export function apiHandler(handlers: Handlers) {
  async function handle(event: ApiEvent, deps?: ApiDeps): Promise<ApiResponse> {
    const instance = event.requestContext.http?.path ?? event.rawPath;
    try {
      return await handleRequest(handlers, event, deps ?? apiDeps(), instance);
    } catch (e) {
      // Whatever escaped (the idempotency receipt, the deps themselves): still a problem+json answer.
      return toResponse(e, instance);
    }
  }
  const handler = middy((event: ApiEvent) => handle(event))
    .use(injectLambdaContext(logger))
    .use(observed());
  return { handle, handler };
}

async function handleRequest(
  handlers: Handlers,
  event: ApiEvent,
  deps: ApiDeps,
  instance: string,
): Promise<ApiResponse> {
  const matched = matchRoute(event);
  if (!matched) return unmatched(event, instance);
  const { route, params } = matched;
  const log = { route: routeKeyOf(route), requestId: event.requestContext.requestId };

  if (!WRITES.has(route.method)) {
    const res = await run(handlers, route, params, event, deps).catch((e) => toResponse(e, instance));
    logger.info('api request', { ...log, status: res.statusCode });
    return res;
  }

  let scope: string;
  try {
    scope = principalOf(event).id;
  } catch (e) {
    return toResponse(e, instance);
  }
  const key = header(event, 'idempotency-key');
  if (key === undefined || !IDEMPOTENCY_KEY.test(key))
    return problemResponse(
      new HttpProblem(
        'idempotency-key-required',
        '更新の要求には Idempotency-Key ヘッダー（英数字と _.:- の 1〜128 文字）を付けてください',
      ),
      instance,
    );
  const fp = fingerprint(event, route, bodyText(event));
  const now = deps.now();
  let claim: Awaited<ReturnType<ApiDeps['idempotency']['claim']>>;
  try {
    claim = await deps.idempotency.claim(scope, key, fp, now);
  } catch (e) {
    // Not claimed (or unknown): nothing of the request ran, the same key may be sent again.
    const res = toResponse(e, instance);
    logger.info('api request', { ...log, status: res.statusCode });
    return res;
  }
  if (claim.status !== 'claimed') {
    if (claim.fingerprint !== fp)
      return problemResponse(
        new HttpProblem('idempotency-key-reused', 'この Idempotency-Key は別の内容の要求に使われています'),
        instance,
      );
    if (claim.status === 'in-progress') {
      const until = claim.lockedUntil ?? now.getTime() + IDEMPOTENCY_LOCK_MS;
      const wait = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      return problemResponse(
        new HttpProblem(
          'request-in-progress',
          `完了してから再度お試しください（中断された要求なら ${wait} 秒後に同じ Idempotency-Key で再実行できます）`,
          {},
          { 'retry-after': String(wait) },
        ),
        instance,
      );
    }
    logger.info('api request replayed', { ...log, status: claim.response.statusCode });
    return { ...claim.response, headers: { ...claim.response.headers, 'idempotent-replayed': 'true' } };
  }

  let res: ApiResponse;
  try {
    res = await run(handlers, route, params, event, deps);
  } catch (e) {
    res = toResponse(e, instance);
  }
  if (res.statusCode === 503) {
    // The claim holds the key until its lock runs out: say when the same key will run again.
    const wait = Math.max(1, Math.ceil((now.getTime() + IDEMPOTENCY_LOCK_MS - deps.now().getTime()) / 1000));
    res = { ...res, headers: { ...res.headers, 'retry-after': String(wait) } };
  }
  try {
    // Storage failed mid-request: part of it may have landed. The claim stays until its lock runs out
    // (one more call to the failing table would only delay the answer), then the same key runs the
    // request again — each step is idempotent — and answers what is true by then.
    // Any other server failure may not have happened at all: free the key so the client can retry with it.
    if (res.statusCode >= 500 && res.statusCode !== 503) await deps.idempotency.release(scope, key, fp);
    else if (res.statusCode < 500) await deps.idempotency.complete(scope, key, fp, res, deps.now());
  } catch (e) {
    // The work is done; only the receipt failed (the claim expires by its lock and TTL).
    logger.warn('idempotency record not stored', { ...log, errorName: (e as Error).name });
  }
  logger.info('api request', { ...log, status: res.statusCode });
  return res;
}
