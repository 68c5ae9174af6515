// The HTTP API on one machine: serves the routes of the synthesized template (AWS::ApiGatewayV2::Route →
// integration → function) on 127.0.0.1, turning each request into the API Gateway v2 (payload 2.0) event
// the deployed function receives and its result back into HTTP. The Cognito JWT authorizer is stood in
// for by dev tokens (HS256, a random secret per process) issued by `POST /local/sign-in`: they prove
// nothing outside this process, which is why the server binds to loopback only and refuses to start
// inside a Lambda (AWS_EXECUTION_ENV). `/local/*` are the local operator's routes (drop, tick, executions).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';
import { PAYMENTS_SCOPE } from '../../functions/api/authz.js';
import { HttpProblem, type ProblemKind, problemResponse } from '../../functions/api/http.js';
import type { Handler } from './step-functions.js';
import { LOCAL_ACCOUNT, type LocalRoute } from './template.js';

export const DEFAULT_PORT = 3000;
export const DEV_ISSUER = 'kentaikyo-local';
export const DEV_AUDIENCE = 'kentaikyo-local';
export const PAYMENTS_CLIENT_ID = 'payments-client';
const LOOPBACK = new Set(['127.0.0.1', '::1']);
/** API Gateway's payload limit; the operator's drop takes whole CCUS files (base64). */
const API_BODY_LIMIT = 10 * 1024 * 1024;
const DROP_BODY_LIMIT = 512 * 1024 * 1024;

// ---------------------------------------------------------------- dev tokens

export type Claims = Record<string, unknown>;

export type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: string };

export interface TokenSubject {
  sub: string;
  contractorNo?: string;
  role?: string;
  groups?: string[];
  /** A machine's access token (client credentials): its scopes, space-separated, and no person claims. */
  scope?: string;
}

/** Tolerated drift between clocks for iat (as JWT libraries allow by default: a minute at most). */
export const CLOCK_SKEW_SECONDS = 60;

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function decodeJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** HS256 tokens shaped like Cognito ID tokens (sub, custom:*, cognito:groups), for this process only. */
export class DevTokens {
  private readonly secret: Buffer;
  private readonly now: () => number;
  readonly ttlSeconds: number;

  constructor(opts: { secret?: Buffer; now?: () => number; ttlSeconds?: number } = {}) {
    this.secret = opts.secret ?? randomBytes(32);
    this.now = opts.now ?? Date.now;
    this.ttlSeconds = opts.ttlSeconds ?? 8 * 3600;
  }

  sign(s: TokenSubject): string {
    const iat = Math.floor(this.now() / 1000);
    const payload: Claims = {
      sub: s.sub,
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      // People get ID tokens; a machine's client-credentials token is an access token with its scopes.
      ...(s.scope !== undefined
        ? { token_use: 'access', client_id: s.sub, scope: s.scope }
        : { token_use: 'id', 'cognito:username': s.sub }),
      ...(s.contractorNo !== undefined ? { 'custom:contractorNo': s.contractorNo } : {}),
      ...(s.role !== undefined ? { 'custom:role': s.role } : {}),
      ...(s.groups?.length ? { 'cognito:groups': s.groups } : {}),
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    return `${head}.${createHmac('sha256', this.secret).update(head).digest('base64url')}`;
  }

  /** What the JWT authorizer checks: signature (HS256 only), issuer, audience, expiry, not-before, issued-at. */
  verify(token: string): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
    const [h, p, sig] = parts as [string, string, string];
    const header = decodeJson(h) as { alg?: unknown } | undefined;
    if (!header || typeof header !== 'object') return { ok: false, reason: 'unreadable header' };
    // Only the algorithm we sign with: `none` or an asymmetric alg must never pass.
    if (header.alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
    const expected = createHmac('sha256', this.secret).update(`${h}.${p}`).digest();
    const given = /^[A-Za-z0-9_-]*$/.test(sig) ? Buffer.from(sig, 'base64url') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad signature' };
    const claims = decodeJson(p) as Claims | undefined;
    if (!claims || typeof claims !== 'object' || Array.isArray(claims))
      return { ok: false, reason: 'unreadable claims' };
    if (claims.iss !== DEV_ISSUER) return { ok: false, reason: 'wrong issuer' };
    if (claims.aud !== DEV_AUDIENCE) return { ok: false, reason: 'wrong audience' };
    if (typeof claims.sub !== 'string' || claims.sub === '') return { ok: false, reason: 'no subject' };
    const now = Math.floor(this.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired' };
    if (typeof claims.nbf === 'number' && claims.nbf > now) return { ok: false, reason: 'not yet valid' };
    // Issued in the future (beyond a clock's small drift): not a token this process signed just now.
    if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_SKEW_SECONDS)
      return { ok: false, reason: 'issued in the future' };
    return { ok: true, claims };
  }
}

/** `Authorization: Bearer <jwt>` (API Gateway also takes the bare token). */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(value.trim());
  return (m ? m[1]! : value).trim();
}

/**
 * Claims as API Gateway hands them to the function: every value a string; arrays as `[a b]` (so a
 * handler that reads `cognito:groups` here reads it as it will on AWS).
 */
export function gatewayClaims(claims: Claims): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [
      k,
      Array.isArray(v) ? `[${v.map(String).join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );
}

// ---------------------------------------------------------------- routes

export interface RouteMatch {
  route: LocalRoute;
  pathParameters: Record<string, string>;
}

interface Compiled {
  route: LocalRoute;
  method: string;
  /** null for `$default`. */
  segments: string[] | null;
  greedy: boolean;
  literals: number;
}

function compile(route: LocalRoute): Compiled {
  if (route.routeKey === '$default')
    return { route, method: 'ANY', segments: null, greedy: true, literals: 0 };
  const [method, path] = route.routeKey.split(' ') as [string, string | undefined];
  const segments = (path ?? '/').split('/').filter((s) => s !== '');
  return {
    route,
    method: method.toUpperCase(),
    segments,
    greedy: segments.some((s) => /^\{[^}]+\+\}$/.test(s)),
    literals: segments.filter((s) => !s.startsWith('{')).length,
  };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * API Gateway's choice among routes: an exact method before ANY, more literal segments before fewer,
 * a full match before a greedy `{proxy+}`, and `$default` last.
 */
export function matchRoute(
  routes: readonly LocalRoute[],
  method: string,
  rawPath: string,
): RouteMatch | null {
  const parts = rawPath.split('/').filter((s) => s !== '');
  const candidates: { c: Compiled; params: Record<string, string> }[] = [];
  for (const c of routes.map(compile)) {
    if (c.method !== 'ANY' && c.method !== method.toUpperCase()) continue;
    if (c.segments === null) {
      candidates.push({ c, params: {} });
      continue;
    }
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < c.segments.length && ok; i++) {
      const seg = c.segments[i]!;
      const greedy = /^\{([^}]+)\+\}$/.exec(seg);
      if (greedy) {
        const rest = parts.slice(i);
        if (rest.length === 0) ok = false;
        else params[greedy[1]!] = rest.map(decodeSegment).join('/');
        i = c.segments.length;
        break;
      }
      const part = parts[i];
      if (part === undefined) ok = false;
      else if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = decodeSegment(part);
      else if (seg !== part) ok = false;
    }
    if (ok && !c.greedy && parts.length !== c.segments.length) ok = false;
    if (ok) candidates.push({ c, params });
  }
  candidates.sort(
    (a, b) =>
      Number(a.c.segments === null) - Number(b.c.segments === null) ||
      Number(a.c.greedy) - Number(b.c.greedy) ||
      b.c.literals - a.c.literals ||
      Number(a.c.method === 'ANY') - Number(b.c.method === 'ANY'),
  );
  const best = candidates[0];
  return best ? { route: best.c.route, pathParameters: best.params } : null;
}

// ---------------------------------------------------------------- events

export interface RawRequest {
  method: string;
  /** Path and query as received (`/v1/sites?view=mine`). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
}

/** Bodies API Gateway passes as text; anything else (xlsx uploads, octet-stream) arrives base64. */
function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t.endsWith('/xml') ||
    t.endsWith('+xml') ||
    t === 'application/x-www-form-urlencoded' ||
    t === 'application/javascript'
  );
}

function clfTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The API Gateway v2 HTTP (payload format 2.0) event of one request on a matched route. */
export function buildHttpEvent(
  req: RawRequest,
  match: RouteMatch,
  claims: Claims | undefined,
  opts: { requestId?: string; now?: Date } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const q = req.url.indexOf('?');
  const rawPath = q === -1 ? req.url : req.url.slice(0, q);
  const rawQueryString = q === -1 ? '' : req.url.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(',') : value;
    // API Gateway moves cookies out of the headers into `cookies`.
    if (name.toLowerCase() === 'cookie') cookies = joined.split(/;\s*/).filter(Boolean);
    else headers[name.toLowerCase()] = joined;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = opts.now ?? new Date();
  const requestId = opts.requestId ?? randomUUID();
  const host = headers.host ?? '127.0.0.1';
  const hasBody = req.body.length > 0;
  const textual = isTextual(headers['content-type']);
  const authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined = claims
    ? { principalId: '', integrationLatency: 0, jwt: { claims: gatewayClaims(claims), scopes: [] } }
    : undefined;
  const event = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      ...(authorizer ? { authorizer } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: req.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: textual ? req.body.toString('utf8') : req.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !textual,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** The function's result as API Gateway turns it into HTTP (payload 2.0, structured or inferred). */
export function toHttpReply(result: unknown): HttpReply {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      cookies?: string[];
      body?: string;
      isBase64Encoded?: boolean;
    };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (r.cookies?.length) headers['set-cookie'] = r.cookies;
    const body =
      r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: r.statusCode, headers, body };
  }
  // No statusCode: API Gateway assumes 200 and JSON.
  const body = result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}

export function problem(status: number, title: string, detail?: string): HttpReply {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) })),
  };
}

const json = (statusCode: number, value: unknown): HttpReply => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(value)),
});

// ---------------------------------------------------------------- server

/** Refuses what would make dev tokens dangerous: a non-loopback address, or running inside AWS. */
export function assertLocalOnly(host: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.AWS_EXECUTION_ENV)
    throw new Error(
      `local HTTP API refuses to start: AWS_EXECUTION_ENV is set (${env.AWS_EXECUTION_ENV}); dev tokens are for one machine`,
    );
  if (!LOOPBACK.has(host))
    throw new Error(
      `local HTTP API binds to 127.0.0.1 or ::1 only (asked for ${host}): dev tokens sign anyone in`,
    );
}

/** What the local operator may do besides calling the API. */
export interface LocalAdmin {
  drop(key: string, body: Buffer): Promise<Record<string, unknown>>;
  tick(date: string): Promise<unknown>;
  executions(): unknown;
  /** The local mailbox: every notice mail the dispatcher delivered. */
  mail?(): unknown[];
}

export interface HttpApiOptions {
  routes: readonly LocalRoute[];
  handlerOf: (route: LocalRoute) => Promise<Handler>;
  /** A user's claims from the table (sign-in), or undefined when there is no such user. */
  userOf: (userId: string) => Promise<{ contractorNo: string; role: string } | undefined>;
  admin?: LocalAdmin;
  /** 127.0.0.1 (default) or ::1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  tokens?: DevTokens;
  /** One line per request (route key, status, time: never the path, which may hold a 被共済者番号). */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The built web page served for GET outside /v1 and /local (default web/dist when built; false: none). */
  staticDir?: string | false;
}

// ---------------------------------------------------------------- the web page (web/dist)

export const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** A file of the built page; paths without an extension get index.html (the page routes by hash). */
function staticReply(dir: string, path: string): HttpReply | undefined {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
  } catch {
    return undefined;
  }
  let file = join(dir, rel);
  if (file !== dir && !file.startsWith(dir + sep)) return undefined;
  if (!extname(file) || (existsSync(file) && statSync(file).isDirectory())) file = join(dir, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const type = STATIC_TYPES[extname(file)] ?? 'application/octet-stream';
  // Hashed assets never change; index.html must be fetched again to find new ones.
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return {
    statusCode: 200,
    headers: { 'content-type': type, 'cache-control': cache },
    body: readFileSync(file),
  };
}

export interface LocalHttpApi {
  url: string;
  port: number;
  tokens: DevTokens;
  /** A token for a user of the table, as `POST /local/sign-in` issues it. */
  signIn(userId: string): Promise<string>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly reply: HttpReply) {
    super(reply.statusCode.toString());
  }
}

/** An answer in the API's own problem+json (type, Japanese title), as the api function writes it. */
function apiProblem(kind: ProblemKind, detail: string, headers: Record<string, string> = {}): HttpReply {
  return toHttpReply(problemResponse(new HttpProblem(kind, detail, {}, headers)));
}

const tooLarge = (limit: number) =>
  apiProblem(
    'payload-too-large',
    `本文は ${Math.floor(limit / 1024 / 1024)} MB までです。ファイルを分けるか小さくしてから送信してください`,
  );

/**
 * The body, up to `limit` bytes. Past it the rest is read and dropped, then 413 is answered: a socket
 * destroyed mid-upload gives the client no reply at all.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () =>
      size > limit ? reject(new HttpError(tooLarge(limit))) : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** No route for this method and path: 405 with Allow when the path exists for other methods, else 404. */
export function unmatched(routes: readonly LocalRoute[], method: string, path: string): HttpReply {
  const allow = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']
    .filter((m) => m !== method.toUpperCase())
    .filter((m) => matchRoute(routes, m, path)?.route.routeKey.startsWith(`${m} `));
  if (allow.length === 0) return apiProblem('not-found', 'この API はありません。URL を確かめてください');
  return apiProblem('method-not-allowed', `このパスで使えるメソッドは ${allow.join(', ')} です`, {
    allow: allow.join(', '),
  });
}

function jsonBody(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(problem(400, 'Bad Request', 'the body must be a JSON object'));
}

function lambdaContext(route: LocalRoute, requestId: string) {
  return {
    awsRequestId: requestId,
    functionName: route.functionLogicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-northeast-1:${LOCAL_ACCOUNT}:function:${route.functionLogicalId}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${route.functionLogicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function startHttpApi(opts: HttpApiOptions): Promise<LocalHttpApi> {
  const host = opts.host ?? '127.0.0.1';
  assertLocalOnly(host, opts.env);
  const tokens = opts.tokens ?? new DevTokens();
  const log = opts.log ?? (() => undefined);
  const staticDir = opts.staticDir === undefined ? WEB_DIST : opts.staticDir;

  const signIn = async (userId: string): Promise<string> => {
    const user = await opts.userOf(userId);
    if (!user) throw new HttpError(problem(401, 'Unauthorized', 'no such user'));
    return tokens.sign({ sub: userId, contractorNo: user.contractorNo, role: user.role });
  };

  async function local(method: string, path: string, req: IncomingMessage): Promise<HttpReply | undefined> {
    const route = `${method} ${path}`;
    if (route === 'POST /local/sign-in') {
      const b = jsonBody(await readBody(req, API_BODY_LIMIT));
      if (b.client === 'payments') {
        const token = tokens.sign({ sub: PAYMENTS_CLIENT_ID, scope: PAYMENTS_SCOPE });
        return json(200, {
          token,
          tokenType: 'Bearer',
          expiresIn: tokens.ttlSeconds,
          sub: PAYMENTS_CLIENT_ID,
        });
      }
      if (typeof b.userId !== 'string' || b.userId === '')
        throw new HttpError(problem(400, 'Bad Request', 'userId (or client: "payments") is required'));
      const token = await signIn(b.userId);
      const claims = tokens.verify(token);
      return json(200, {
        token,
        tokenType: 'Bearer',
        expiresIn: tokens.ttlSeconds,
        sub: b.userId,
        ...(claims.ok
          ? { contractorNo: claims.claims['custom:contractorNo'], role: claims.claims['custom:role'] }
          : {}),
      });
    }
    if (!opts.admin) return undefined;
    if (route === 'POST /local/drop') {
      const b = jsonBody(await readBody(req, DROP_BODY_LIMIT));
      // CCUS files, and registry files (docs/registry-file.md) for the registry import.
      const key = typeof b.key === 'string' ? b.key : '';
      if (!(key.startsWith('ccus/') || key.startsWith('registry/')) || typeof b.body !== 'string')
        throw new HttpError(
          problem(
            400,
            'Bad Request',
            'key (ccus/<現場ID>/<YYYYMM>/<name>.csv or registry/<name>.csv) and body (base64) are required',
          ),
        );
      const dropped = await opts.admin.drop(key, Buffer.from(b.body, 'base64'));
      return json(200, { key, ...dropped });
    }
    if (route === 'POST /local/tick') {
      const b = jsonBody(await readBody(req, API_BODY_LIMIT));
      if (typeof b.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.date))
        throw new HttpError(problem(400, 'Bad Request', 'date (YYYY-MM-DD) is required'));
      return json(200, await opts.admin.tick(b.date));
    }
    if (route === 'GET /local/executions') return json(200, { executions: opts.admin.executions() });
    if (route === 'GET /local/mail' && opts.admin.mail) return json(200, opts.admin.mail());
    return undefined;
  }

  async function api(req: IncomingMessage, method: string, url: string, path: string): Promise<HttpReply> {
    const match = matchRoute(opts.routes, method, path);
    if (!match) return unmatched(opts.routes, method, path);
    let claims: Claims | undefined;
    if (match.route.authorizationType === 'JWT') {
      const token = bearerToken(req.headers);
      if (!token)
        return problem(
          401,
          'Unauthorized',
          'sign in: POST /local/sign-in, then Authorization: Bearer <token>',
        );
      const v = tokens.verify(token);
      if (!v.ok) return problem(401, 'Unauthorized', `invalid token: ${v.reason}`);
      claims = v.claims;
      // A route with authorization scopes wants one of them in the token's scope claim (an ID token has
      // none): API Gateway answers 403 without calling the function.
      const wanted = match.route.authorizationScopes ?? [];
      const granted = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : [];
      if (wanted.length > 0 && !wanted.some((w) => granted.includes(w)))
        return json(403, { message: 'Forbidden' });
    }
    const body = await readBody(req, API_BODY_LIMIT);
    const requestId = randomUUID();
    const event = buildHttpEvent(
      { method, url, headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      match,
      claims,
      { requestId },
    );
    const handler = await opts.handlerOf(match.route);
    try {
      return toHttpReply(await handler(event, lambdaContext(match.route, requestId)));
    } catch (e) {
      // What API Gateway answers when the integration fails; the error stays in this process's log.
      log(`api ${match.route.routeKey}: handler failed: ${(e as Error).name}: ${(e as Error).message}`);
      return json(500, { message: 'Internal Server Error' });
    }
  }

  const server = createServer((req, res: ServerResponse) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const send = (r: HttpReply, label: string) => {
      res.writeHead(r.statusCode, { ...r.headers, 'content-length': String(r.body.length) });
      res.end(r.body);
      log(`${label} → ${r.statusCode} (${Date.now() - started} ms)`);
    };
    void (async () => {
      let label = `${method} (no route)`;
      try {
        if (path.startsWith('/local/')) {
          label = `${method} ${path}`;
          const r = await local(method, path, req);
          if (r) return send(r, label);
          return send(apiProblem('not-found', 'このローカル操作はありません'), label);
        }
        if (
          staticDir &&
          (method === 'GET' || method === 'HEAD') &&
          path !== '/v1' &&
          !path.startsWith('/v1/')
        ) {
          const file = staticReply(staticDir, path);
          if (file) return send(file, `${method} (page)`);
        }
        const m = matchRoute(opts.routes, method, path);
        if (m) label = m.route.routeKey;
        send(await api(req, method, url, path), label);
      } catch (e) {
        if (e instanceof HttpError) return send(e.reply, label);
        log(`${label}: ${(e as Error).name}: ${(e as Error).message}`);
        send(problem(500, 'Internal Server Error'), label);
      }
    })();
  });
  // Node answers a malformed request or headers over its limit itself, with an empty body: answer
  // problem+json instead (431 for the headers, 400 otherwise), then close the connection.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || e.code === 'ECONNRESET') return socket.destroy();
    const r =
      e.code === 'HPE_HEADER_OVERFLOW'
        ? apiProblem(
            'headers-too-large',
            'ヘッダーが大きすぎます。Cookie やトークンを減らして送信してください',
          )
        : apiProblem('invalid-input', 'HTTP の要求として読めません');
    const status = r.statusCode === 431 ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: ${r.headers['content-type']}\r\ncontent-length: ${r.body.length}\r\nconnection: close\r\n\r\n${r.body.toString('utf8')}`,
    );
    log(`(client error ${e.code ?? e.name}) → ${r.statusCode}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    tokens,
    signIn: async (userId) => {
      try {
        return await signIn(userId);
      } catch (e) {
        if (e instanceof HttpError) throw new Error(`sign-in refused for ${userId}: no such user`);
        throw e;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
