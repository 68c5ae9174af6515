// The local HTTP API's pieces that stand in for API Gateway: dev tokens (what the JWT authorizer would
// accept or refuse), route matching, the payload 2.0 event and the reply, and the loopback-only guard.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertLocalOnly,
  bearerToken,
  buildHttpEvent,
  DEV_ISSUER,
  DevTokens,
  gatewayClaims,
  matchRoute,
  startHttpApi,
  toHttpReply,
} from '../../../infra/local/http-api.js';
import type { LocalRoute } from '../../../infra/local/template.js';

const route = (routeKey: string, authorizationType = 'JWT'): LocalRoute => ({
  routeKey,
  entry: 'functions/api/handler.ts',
  functionLogicalId: 'ApiFunction',
  authorizationType,
});

const ROUTES = [
  route('GET /v1/sites'),
  route('PUT /v1/sites/{siteId}'),
  route('GET /v1/sites/{siteId}/months/{workMonth}'),
  route('GET /v1/sites/{siteId}/months/{workMonth}/lines'),
  route('POST /v1/sites/{siteId}/months/{workMonth}/apply'),
  route('GET /v1/sites/{siteId}/months/{workMonth}/unregistered-workers.xlsx'),
  route('GET /v1/sites/{siteId}/months/{workMonth}/{proxy+}'),
  route('ANY /v1/sites/special'),
  route('GET /v1/sites/special'),
];

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function forge(secret: Buffer, header: unknown, payload: unknown): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('dev tokens', () => {
  const secret = Buffer.alloc(32, 7);
  let now = Date.UTC(2026, 10, 13, 0, 0, 0);
  const tokens = new DevTokens({ secret, now: () => now, ttlSeconds: 3600 });
  const claimsOf = (t: string) => {
    const v = tokens.verify(t);
    if (!v.ok) throw new Error(v.reason);
    return v.claims;
  };

  it('signs HS256 tokens with the Cognito-shaped claims, and verifies them', () => {
    const t = tokens.sign({ sub: 'owner-1000000001', contractorNo: '1000000001', role: '事業者責任者' });
    const [header] = t.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claimsOf(t)).toMatchObject({
      sub: 'owner-1000000001',
      iss: DEV_ISSUER,
      'custom:contractorNo': '1000000001',
      'custom:role': '事業者責任者',
      exp: Math.floor(now / 1000) + 3600,
    });
    expect(claimsOf(tokens.sign({ sub: 'payments-client', groups: ['payment-notifiers'] }))).toMatchObject({
      'cognito:groups': ['payment-notifiers'],
    });
  });

  it('refuses tampered, foreign, unsigned, expired and not-yet-valid tokens', () => {
    const t = tokens.sign({ sub: 'u1', contractorNo: '1000000001', role: '担当者' });
    const [h, p, s] = t.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const reason = (x: string) => {
      const v = tokens.verify(x);
      return v.ok ? 'ok' : v.reason;
    };
    // A role raised in the payload breaks the signature.
    expect(reason(`${h}.${b64({ ...payload, 'custom:role': '事業者責任者' })}.${s}`)).toBe('bad signature');
    // Another process's secret (a restarted `npm start`) is another key.
    expect(reason(new DevTokens({ secret: Buffer.alloc(32, 8), now: () => now }).sign({ sub: 'u1' }))).toBe(
      'bad signature',
    );
    expect(reason(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`)).toBe('unexpected algorithm');
    expect(reason(forge(secret, { alg: 'HS512' }, payload))).toBe('unexpected algorithm');
    expect(reason(forge(secret, { alg: 'HS256' }, { ...payload, iss: 'https://cognito-idp.example' }))).toBe(
      'wrong issuer',
    );
    expect(reason(forge(secret, { alg: 'HS256' }, { ...payload, aud: 'other' }))).toBe('wrong audience');
    expect(reason(forge(secret, { alg: 'HS256' }, { ...payload, sub: '' }))).toBe('no subject');
    expect(reason(forge(secret, { alg: 'HS256' }, { ...payload, nbf: payload.iat + 60 }))).toBe(
      'not yet valid',
    );
    expect(reason('not-a-jwt')).toBe('not a JWT');
    expect(reason('a.b.c')).toBe('unreadable header');
    expect(reason(`${h}.${p}.${s}!`)).toBe('bad signature');
    now += 3600 * 1000;
    expect(reason(t)).toBe('expired');
  });

  it('refuses a token issued in the future beyond a minute of clock drift, and an expired one', () => {
    const t = tokens.sign({ sub: 'u1' });
    const payload = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString());
    const reason = (x: string) => {
      const v = tokens.verify(x);
      return v.ok ? 'ok' : v.reason;
    };
    const at = (iat: number, exp = iat + 3600) => forge(secret, { alg: 'HS256' }, { ...payload, iat, exp });
    expect(reason(at(payload.iat + 30))).toBe('ok');
    expect(reason(at(payload.iat + 3600))).toBe('issued in the future');
    expect(reason(at(payload.iat + 61))).toBe('issued in the future');
    expect(reason(forge(secret, { alg: 'HS256' }, { ...payload, iat: undefined }))).toBe(
      'issued in the future',
    );
    expect(reason(at(payload.iat - 7200))).toBe('expired');
  });

  it('reads the bearer token as API Gateway does (with or without the scheme)', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(bearerToken({ authorization: 'bearer  abc' })).toBe('abc');
    expect(bearerToken({ authorization: 'abc' })).toBe('abc');
    expect(bearerToken({})).toBeUndefined();
  });

  it('hands claims over as API Gateway does: strings, lists as "[a b]"', () => {
    expect(gatewayClaims({ sub: 'u', exp: 12, 'cognito:groups': ['payment-notifiers', 'x'] })).toEqual({
      sub: 'u',
      exp: '12',
      'cognito:groups': '[payment-notifiers x]',
    });
  });
});

describe('routes', () => {
  it('matches path parameters, literal routes first, greedy and ANY last', () => {
    expect(matchRoute(ROUTES, 'GET', '/v1/sites/9000000001/months/2026-10')).toEqual({
      route: ROUTES[2],
      pathParameters: { siteId: '9000000001', workMonth: '2026-10' },
    });
    expect(matchRoute(ROUTES, 'GET', '/v1/sites/9/months/2026-10/unregistered-workers.xlsx')?.route).toBe(
      ROUTES[5],
    );
    expect(matchRoute(ROUTES, 'GET', '/v1/sites/9/months/2026-10/a/b')).toMatchObject({
      route: ROUTES[6],
      pathParameters: { proxy: 'a/b' },
    });
    expect(matchRoute(ROUTES, 'GET', '/v1/sites/special')?.route).toBe(ROUTES[8]);
    expect(matchRoute(ROUTES, 'POST', '/v1/sites/special')?.route).toBe(ROUTES[7]);
    expect(matchRoute(ROUTES, 'GET', '/v1/sites/')?.route).toBe(ROUTES[0]);
    expect(matchRoute(ROUTES, 'DELETE', '/v1/sites/9/months/2026-10/apply')).toBeNull();
    expect(matchRoute(ROUTES, 'GET', '/v1/nothing')).toBeNull();
    expect(matchRoute([...ROUTES, route('$default')], 'GET', '/v1/nothing')?.route.routeKey).toBe('$default');
  });

  it('decodes path parameters', () => {
    expect(matchRoute(ROUTES, 'PUT', '/v1/sites/a%2Fb')?.pathParameters).toEqual({ siteId: 'a/b' });
  });
});

describe('payload 2.0 events and replies', () => {
  const match = matchRoute(ROUTES, 'POST', '/v1/sites/9000000001/months/2026-10/apply')!;

  it('builds the event the function gets behind the JWT authorizer', () => {
    const now = new Date(Date.UTC(2026, 10, 13, 0, 1, 2));
    const event = buildHttpEvent(
      {
        method: 'post',
        url: '/v1/sites/9000000001/months/2026-10/apply?x=1&x=2&y=',
        headers: {
          host: '127.0.0.1:3000',
          'content-type': 'application/json',
          'idempotency-key': 'k-1',
          cookie: 'a=1; b=2',
          'user-agent': 'curl/8',
        },
        body: Buffer.from('{"a":1}'),
        sourceIp: '127.0.0.1',
      },
      match,
      { sub: 'owner-1', 'custom:role': '事業者責任者', 'cognito:groups': ['g'] },
      { requestId: 'req-1', now },
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/sites/{siteId}/months/{workMonth}/apply',
      rawPath: '/v1/sites/9000000001/months/2026-10/apply',
      rawQueryString: 'x=1&x=2&y=',
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1', host: '127.0.0.1:3000' },
      queryStringParameters: { x: '1,2', y: '' },
      pathParameters: { siteId: '9000000001', workMonth: '2026-10' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/v1/sites/9000000001/months/2026-10/apply', sourceIp: '127.0.0.1' },
        authorizer: {
          jwt: { claims: { sub: 'owner-1', 'custom:role': '事業者責任者', 'cognito:groups': '[g]' } },
        },
        requestId: 'req-1',
        stage: '$default',
        time: '13/Nov/2026:00:01:02 +0000',
        timeEpoch: now.getTime(),
      },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it('base64-encodes binary bodies, omits what is absent', () => {
    const bin = buildHttpEvent(
      {
        method: 'POST',
        url: '/v1/sites/1/months/2026-10/apply',
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0, 1, 255]),
        sourceIp: '::1',
      },
      match,
      undefined,
    );
    expect(bin).toMatchObject({ body: Buffer.from([0, 1, 255]).toString('base64'), isBase64Encoded: true });
    expect(bin.queryStringParameters).toBeUndefined();
    expect(bin.requestContext.authorizer).toBeUndefined();
    const empty = buildHttpEvent(
      { method: 'GET', url: '/v1/sites', headers: {}, body: Buffer.alloc(0), sourceIp: '::1' },
      matchRoute(ROUTES, 'GET', '/v1/sites')!,
      undefined,
    );
    expect(empty.body).toBeUndefined();
    expect(empty.pathParameters).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
  });

  it('turns structured, base64 and bare results into HTTP as API Gateway does', () => {
    expect(
      toHttpReply({ statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' }),
    ).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"ok":true}'),
    });
    expect(
      toHttpReply({ statusCode: 200, body: Buffer.from('xlsx').toString('base64'), isBase64Encoded: true })
        .body,
    ).toEqual(Buffer.from('xlsx'));
    expect(toHttpReply({ statusCode: 204, cookies: ['a=1'] }).headers['set-cookie']).toEqual(['a=1']);
    expect(toHttpReply({ hello: 'world' })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"hello":"world"}'),
    });
  });
});

describe('local only', () => {
  it('binds to loopback only and never inside a Lambda', async () => {
    expect(() => assertLocalOnly('127.0.0.1', {})).not.toThrow();
    expect(() => assertLocalOnly('::1', {})).not.toThrow();
    expect(() => assertLocalOnly('0.0.0.0', {})).toThrow(/127\.0\.0\.1 or ::1/);
    expect(() => assertLocalOnly('localhost', {})).toThrow(/127\.0\.0\.1 or ::1/);
    expect(() => assertLocalOnly('127.0.0.1', { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' })).toThrow(
      /AWS_EXECUTION_ENV/,
    );
    const opts = {
      routes: [],
      handlerOf: async () => async () => ({}),
      userOf: async () => undefined,
      port: 0,
    };
    await expect(startHttpApi({ ...opts, host: '0.0.0.0', env: {} })).rejects.toThrow(
      /loopback|127\.0\.0\.1/,
    );
    await expect(startHttpApi({ ...opts, env: { AWS_EXECUTION_ENV: 'x' } })).rejects.toThrow(
      /AWS_EXECUTION_ENV/,
    );
  });

  it('serves a route table over HTTP: 401 without or with a bad token, the event with the claims when signed in', async () => {
    const seen: unknown[] = [];
    const api = await startHttpApi({
      routes: [route('GET /v1/sites/{siteId}'), route('POST /v1/open', 'NONE')],
      handlerOf: async () => async (event) => {
        seen.push(event);
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
      },
      userOf: async (userId) =>
        userId === 'owner-1' ? { contractorNo: '1000000001', role: '事業者責任者' } : undefined,
      port: 0,
      env: {},
    });
    try {
      const none = await fetch(`${api.url}/v1/sites/1`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toBe('application/problem+json');
      expect(
        (await fetch(`${api.url}/v1/sites/1`, { headers: { authorization: 'Bearer x.y.z' } })).status,
      ).toBe(401);
      const refused = await fetch(`${api.url}/local/sign-in`, {
        method: 'POST',
        body: JSON.stringify({ userId: 'nobody' }),
      });
      expect(refused.status).toBe(401);
      const signIn = await fetch(`${api.url}/local/sign-in`, {
        method: 'POST',
        body: JSON.stringify({ userId: 'owner-1' }),
      });
      const { token } = (await signIn.json()) as { token: string };
      const ok = await fetch(`${api.url}/v1/sites/1?view=mine`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true });
      expect(seen[0]).toMatchObject({
        pathParameters: { siteId: '1' },
        queryStringParameters: { view: 'mine' },
        requestContext: {
          authorizer: {
            jwt: {
              claims: { sub: 'owner-1', 'custom:contractorNo': '1000000001', 'custom:role': '事業者責任者' },
            },
          },
        },
      });
      expect((await fetch(`${api.url}/v1/open`, { method: 'POST' })).status).toBe(200);
      const missing = await fetch(`${api.url}/v1/missing`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      // No operator routes unless the server has a runtime behind it.
      const operator = await fetch(`${api.url}/local/executions`);
      expect(operator.status).toBe(404);
      expect(await operator.json()).toMatchObject({ status: 404, title: '見つかりません' });
    } finally {
      await api.close();
    }
  });
});

describe('answers at the edges, all problem+json', () => {
  const start = () =>
    startHttpApi({
      routes: [route('GET /v1/sites/{siteId}', 'NONE'), route('PUT /v1/sites/{siteId}', 'NONE')],
      handlerOf: async () => async () => ({ statusCode: 200, body: '{}' }),
      userOf: async () => undefined,
      port: 0,
      env: {},
    });

  it('answers 404 for an unknown route and 405 with Allow for a known path with another method', async () => {
    const api = await start();
    try {
      const missing = await fetch(`${api.url}/v1/nothing/here`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(await missing.json()).toMatchObject({ type: 'urn:kentaikyo:problem:not-found', status: 404 });
      const wrong = await fetch(`${api.url}/v1/sites/1`, { method: 'DELETE' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('GET, PUT');
      expect(wrong.headers.get('content-type')).toBe('application/problem+json');
      expect(await wrong.json()).toMatchObject({
        type: 'urn:kentaikyo:problem:method-not-allowed',
        status: 405,
      });
    } finally {
      await api.close();
    }
  });

  it('answers 413 problem+json to a body over 10 MB instead of cutting the connection', async () => {
    const api = await start();
    try {
      const r = await fetch(`${api.url}/v1/sites/1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      });
      expect(r.status).toBe(413);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(await r.json()).toMatchObject({
        type: 'urn:kentaikyo:problem:payload-too-large',
        status: 413,
        detail: expect.stringContaining('10 MB'),
      });
    } finally {
      await api.close();
    }
  });

  it('answers 431 problem+json to headers over the limit', async () => {
    const api = await start();
    try {
      const r = await fetch(`${api.url}/v1/sites/1`, { headers: { 'x-big': 'a'.repeat(32 * 1024) } });
      expect(r.status).toBe(431);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(await r.json()).toMatchObject({ type: 'urn:kentaikyo:problem:headers-too-large', status: 431 });
    } finally {
      await api.close();
    }
  });
});
