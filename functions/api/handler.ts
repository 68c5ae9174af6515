// The approval API's one Lambda: match the route of the table, know the caller (JWT claims), make every
// write idempotent (Idempotency-Key), parse with zod, run the route's handler, answer JSON or RFC 9457
// problem+json. Logs carry ids and outcomes, never bodies (names, 被共済者番号).
import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { ActionRefused } from '../shared/cycle/actions.js';
import { logger } from '../shared/handler.js';
import { principalOf } from './authz.js';
import { type ApiDeps, apiDeps } from './deps.js';
import { type ApiEvent, type ApiResponse, HttpProblem, header, problemResponse } from './http.js';
import { type AnyRoute, contextAuthorizer, pathParamsOf, routeKeyOf } from './route.js';
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
function invalid(where: string, error: z.ZodError): HttpProblem {
  return new HttpProblem('invalid-input', `${where} に誤りがあります`, {
    errors: error.issues.map((i) => ({ in: where, path: i.path.join('.'), message: i.message })),
  });
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(where, r.error);
  return r.data;
}

async function run(route: AnyRoute, params: Record<string, string>, event: ApiEvent, deps: ApiDeps) {
  const principal = principalOf(event);
  const text = bodyText(event);
  let json: unknown;
  if (route.body) {
    try {
      json = JSON.parse(text === '' ? 'null' : text);
    } catch {
      throw new HttpProblem('invalid-input', '本文が JSON ではありません');
    }
  }
  return route.handler({
    deps,
    principal,
    event,
    params: parse(route.params, params, 'path'),
    query: parse(route.query, event.queryStringParameters ?? {}, 'query'),
    body: parse(route.body, json, 'body'),
    authorize: contextAuthorizer(route.action, principal),
  });
}

function toResponse(e: unknown, instance: string): ApiResponse {
  if (e instanceof HttpProblem) return problemResponse(e, instance);
  if (e instanceof ActionRefused)
    return problemResponse(new HttpProblem('conflict', e.message, { code: e.code }), instance);
  logger.error('api request failed', { error: (e as Error).name, message: (e as Error).message });
  return problemResponse(new HttpProblem('internal'), instance);
}

/** Same key + same request → the first response; same key + another request → 422. */
function fingerprint(event: ApiEvent, route: AnyRoute, text: string): string {
  return createHash('sha256')
    .update(`${route.method} ${event.requestContext.http?.path ?? event.rawPath}\n${text}`)
    .digest('hex');
}

export async function handle(event: ApiEvent, deps: ApiDeps = apiDeps()): Promise<ApiResponse> {
  const instance = event.requestContext.http?.path ?? event.rawPath;
  const matched = matchRoute(event);
  if (!matched) return problemResponse(new HttpProblem('not-found', 'この API はありません'), instance);
  const { route, params } = matched;
  const log = { route: routeKeyOf(route), requestId: event.requestContext.requestId };

  if (!WRITES.has(route.method)) {
    const res = await run(route, params, event, deps).catch((e) => toResponse(e, instance));
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
  const claim = await deps.idempotency.claim(scope, key, fp, now);
  if (claim.status !== 'claimed') {
    if (claim.fingerprint !== fp)
      return problemResponse(
        new HttpProblem('idempotency-key-reused', 'この Idempotency-Key は別の内容の要求に使われています'),
        instance,
      );
    if (claim.status === 'in-progress')
      return problemResponse(
        new HttpProblem('request-in-progress', '完了してから再度お試しください'),
        instance,
      );
    logger.info('api request replayed', { ...log, status: claim.response.statusCode });
    return { ...claim.response, headers: { ...claim.response.headers, 'idempotent-replayed': 'true' } };
  }

  let res: ApiResponse;
  try {
    res = await run(route, params, event, deps);
  } catch (e) {
    res = toResponse(e, instance);
  }
  // A server failure may not have happened at all: free the key so the client can retry with it.
  try {
    if (res.statusCode >= 500) await deps.idempotency.release(scope, key, fp);
    else await deps.idempotency.complete(scope, key, fp, res, deps.now());
  } catch (e) {
    // The work is done; only the receipt failed (the claim expires by its lock and TTL).
    logger.warn('idempotency record not stored', { ...log, error: (e as Error).name });
  }
  logger.info('api request', { ...log, status: res.statusCode });
  return res;
}

export const handler = middy((event: ApiEvent) => handle(event)).use(injectLambdaContext(logger));
