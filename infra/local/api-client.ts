// A small client of the approval API as served by the local HTTP API: sign in (dev token), then call
// routes with the token and a fresh Idempotency-Key on every write. Used by `cycle run --approve`,
// `cycle drop|tick`, the demo and the e2e tests.
import { randomUUID } from 'node:crypto';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    readonly body: unknown,
  ) {
    const detail =
      body && typeof body === 'object'
        ? String(
            (body as { detail?: unknown; title?: unknown }).detail ??
              (body as { title?: unknown }).title ??
              '',
          )
        : String(body ?? '');
    super(`${route} → ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface ApiReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<ApiReply<T>> {
  const write = method !== 'GET' && method !== 'HEAD';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(write ? { 'idempotency-key': randomUUID() } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (/json/.test(res.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text);
  if (!res.ok) throw new ApiError(res.status, `${method} ${path}`, parsed);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** One signed-in user (or the payments client). */
export class ApiSession {
  constructor(
    readonly baseUrl: string,
    readonly userId: string,
    readonly token: string,
  ) {}

  request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiReply<T>> {
    return call<T>(this.baseUrl, method, path, body, { authorization: `Bearer ${this.token}` });
  }
  async get<T = unknown>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }
  async post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return (await this.request<T>('POST', path, body)).body;
  }
}

export class LocalApiClient {
  constructor(readonly baseUrl: string) {}

  async signIn(userId: string): Promise<ApiSession> {
    const r = await call<{ token: string }>(this.baseUrl, 'POST', '/local/sign-in', { userId }, {});
    return new ApiSession(this.baseUrl, userId, r.body.token);
  }

  async signInPayments(): Promise<ApiSession> {
    const r = await call<{ token: string; sub: string }>(
      this.baseUrl,
      'POST',
      '/local/sign-in',
      { client: 'payments' },
      {},
    );
    return new ApiSession(this.baseUrl, r.body.sub, r.body.token);
  }

  /** The local operator's drop: the file into the inbox bucket, as CCUS puts it. */
  async drop(key: string, body: Uint8Array): Promise<Record<string, unknown>> {
    const r = await call<Record<string, unknown>>(
      this.baseUrl,
      'POST',
      '/local/drop',
      { key, body: Buffer.from(body).toString('base64') },
      {},
    );
    return r.body;
  }

  async tick(date: string): Promise<unknown> {
    return (await call(this.baseUrl, 'POST', '/local/tick', { date }, {})).body;
  }

  async executions(): Promise<{ name: string; status: string; state: string | null }[]> {
    const r = await call<{ executions: { name: string; status: string; state: string | null }[] }>(
      this.baseUrl,
      'GET',
      '/local/executions',
      undefined,
      {},
    );
    return r.body.executions;
  }
}

/** `/v1/sites/{siteId}/months/{workMonth}` (workMonth as YYYY-MM). */
export function monthPath(siteId: string, workMonth: string): string {
  return `/v1/sites/${encodeURIComponent(siteId)}/months/${encodeURIComponent(workMonth)}`;
}
