// API Gateway v2 HTTP events as the JWT authorizer delivers them, and a tiny client over the api
// function: tests call it exactly as API Gateway would (routeKey, pathParameters, claims).
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../domain/types.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import type { ApiEvent, ApiResponse } from '../../../functions/api/http.js';
import { pathParamsOf, routeKeyOf } from '../../../functions/api/route.js';
import { ROUTES } from '../../../functions/api/routes.js';
import { checkResponse } from '../../support/openapi-contract.js';

export interface Claims {
  sub: string;
  contractorNo?: string;
  role?: Role;
  groups?: string[];
  /** A machine's client-credentials access token: its scopes (space-separated). */
  scope?: string;
}

export interface EventOptions {
  body?: unknown;
  query?: Record<string, string>;
  idempotencyKey?: string;
  /** Raw body text (e.g. not JSON). */
  rawBody?: string;
}

/** The event API Gateway sends for `method path` (a concrete path) with these JWT claims. */
export function apiEvent(
  method: string,
  path: string,
  claims: Claims | undefined,
  o: EventOptions = {},
): ApiEvent {
  const [rawPath, qs] = path.split('?') as [string, string | undefined];
  let routeKey = '$default';
  let pathParameters: Record<string, string> | undefined;
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const re = new RegExp(`^${r.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    const m = re.exec(rawPath);
    if (!m) continue;
    routeKey = routeKeyOf(r);
    const names = pathParamsOf(r.path);
    if (names.length > 0)
      pathParameters = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    break;
  }
  const query = { ...Object.fromEntries(new URLSearchParams(qs ?? '')), ...o.query };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.idempotencyKey !== undefined) headers['idempotency-key'] = o.idempotencyKey;
  const jwtClaims: Record<string, unknown> | undefined = claims && {
    sub: claims.sub,
    ...(claims.contractorNo ? { 'custom:contractorNo': claims.contractorNo } : {}),
    ...(claims.role ? { 'custom:role': claims.role } : {}),
    // API Gateway renders a list claim as "[a b]".
    ...(claims.groups ? { 'cognito:groups': `[${claims.groups.join(' ')}]` } : {}),
    ...(claims.scope ? { token_use: 'access', client_id: claims.sub, scope: claims.scope } : {}),
  };
  return {
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(pathParameters ? { pathParameters } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(o.rawBody !== undefined
      ? { body: o.rawBody }
      : o.body !== undefined
        ? { body: JSON.stringify(o.body) }
        : {}),
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      http: { method, path: rawPath },
      ...(jwtClaims ? { authorizer: { jwt: { claims: jwtClaims, scopes: null } } } : {}),
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  json: any;
  raw: ApiResponse;
}

/** The handler's response as the test sees it, once it is shown to be one docs/openapi.json declares. */
function reply(e: ApiEvent, r: ApiResponse): Reply {
  const ct = r.headers['content-type'] ?? '';
  checkResponse({
    method: e.requestContext.http?.method ?? e.routeKey.split(' ')[0]!,
    path: e.rawPath,
    status: r.statusCode,
    contentType: ct,
    body: r.body ?? '',
  });
  return {
    status: r.statusCode,
    headers: r.headers,
    json: ct.includes('json') && r.body !== '' ? JSON.parse(r.body) : undefined,
    raw: r,
  };
}

/**
 * A client acting as one caller. With `deps` it calls handle() with them (unit tests); without, the
 * deployed entry point `handler` (middy, logger, real deps from the environment).
 */
export function apiClient(claims: Claims | undefined, deps?: ApiDeps) {
  const invoke = async (e: ApiEvent) => {
    // Loaded on first use, after the test set the environment (log level, table): as Lambda would.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
    // The function API Gateway sends the route to: the Excel routes have their own.
    const excel = ROUTES.some((r) => r.fn === 'excel' && routeKeyOf(r) === e.routeKey);
    const { handle, handler } = excel
      ? await import('../../../functions/api-excel/handler.js')
      : await import('../../../functions/api/handler.js');
    return reply(
      e,
      deps
        ? await handle(e, deps)
        : ((await handler(e, { awsRequestId: 'local', functionName: 'api' } as never)) as ApiResponse),
    );
  };
  return {
    get: (path: string, query?: Record<string, string>) =>
      invoke(apiEvent('GET', path, claims, query ? { query } : {})),
    /** A write; a fresh Idempotency-Key unless given (null = none). */
    send: (
      method: 'POST' | 'PUT' | 'DELETE',
      path: string,
      body?: unknown,
      key: string | null = randomUUID(),
    ) =>
      invoke(
        apiEvent(method, path, claims, {
          ...(body === undefined ? {} : { body }),
          ...(key === null ? {} : { idempotencyKey: key }),
        }),
      ),
    post: (path: string, body?: unknown, key: string | null = randomUUID()) =>
      invoke(
        apiEvent('POST', path, claims, {
          ...(body === undefined ? {} : { body }),
          ...(key === null ? {} : { idempotencyKey: key }),
        }),
      ),
    /** The same POST twice with one Idempotency-Key: both replies. */
    async postTwice(path: string, body?: unknown) {
      const key = randomUUID();
      const first = await this.post(path, body, key);
      const second = await this.post(path, body, key);
      return [first, second] as const;
    },
    invoke,
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
