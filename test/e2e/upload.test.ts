// 手動連携 over the local HTTP API: the prime asks for an upload URL, PUTs the month's CCUS file to it
// (a URL presigned against the local S3, moto), and the month starts as if CCUS had dropped the file.
// And the machine / person token split: the payments notifier's token is refused everywhere but
// /v1/payments, where a person's token is refused (as API Gateway's scope check and the API do).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES } from '../../functions/api/schemas.js';
import { type LocalServer, readMaster, seedMaster, startLocalServer } from '../../infra/local/server.js';
import { contractFetch } from '../support/openapi-contract.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/cases/basic-utf8');
const MONTH = '/v1/sites/9000000001/months/2026-10';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ quiet: true, port: 0 });
  await seedMaster(readMaster(resolve(FIXTURE, 'master.json')));
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function signIn(body: Record<string, string>): Promise<string> {
  const r = await fetch(`${server.url}/local/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function call(token: string, method: string, path: string, body?: unknown) {
  const r = await contractFetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** Until the local state machine has an execution of the site-month (the upload's event is polled). */
async function executionOf(prefix: string) {
  for (let i = 0; i < 200; i++) {
    const e = [...server.runtime.sfn.executions.values()].find((x) => x.name.startsWith(prefix));
    if (e) return e;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no execution ${prefix}*`);
}

describe('手動連携: POST …/upload, then PUT to the presigned URL', () => {
  it('lands the file under ccus/<現場ID>/<YYYYMM>/ with SSE-KMS and starts the month (予約可能)', async () => {
    const prime = await signIn({ userId: 'owner-1000000001' });
    const file = readFileSync(resolve(FIXTURE, 'ccus.csv'));

    const up = await call(prime, 'POST', `${MONTH}/upload`, { size: file.length, contentType: 'text/csv' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      method: 'PUT',
      key: expect.stringMatching(/^ccus\/9000000001\/202610\/manual-\d{8}T\d{6}Z-[0-9a-f]{8}\.csv$/),
      headers: {
        'content-type': 'text/csv',
        'content-length': String(file.length),
        'x-amz-server-side-encryption': 'aws:kms',
      },
    });
    // Signed: the type and the length are among the signed headers; the URL points at the inbox.
    const url = new URL(up.body.url);
    expect(url.pathname).toContain(`/${server.runtime.stack.inbox.name}/ccus/9000000001/202610/`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toMatch(/content-length;content-type/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');

    const { 'content-length': _length, ...headers } = up.body.headers as Record<string, string>;
    const put = await fetch(up.body.url, { method: 'PUT', headers, body: file });
    expect(put.status).toBe(200);

    const execution = await executionOf('ccus-9000000001-202610-');
    await server.runtime.sfn.settled();
    expect(execution.states).toContain('ImportWorkRecords');
    const month = await call(prime, 'GET', MONTH);
    expect(month.status).toBe(200);
    expect(month.body.import.status).toBe('予約可能');
  });

  it('refuses a file too large, an unknown type, a 一次 and a machine token', async () => {
    const prime = await signIn({ userId: 'owner-1000000001' });
    const big = await call(prime, 'POST', `${MONTH}/upload`, {
      size: UPLOAD_MAX_BYTES + 1,
      contentType: 'text/csv',
    });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toContain('ファイルが大きすぎます');
    const pdf = await call(prime, 'POST', `${MONTH}/upload`, { size: 10, contentType: 'application/pdf' });
    expect(pdf.status).toBe(400);
    // A 一次 of the month's chain may read it, but never upload the prime's file.
    const ichiji = await signIn({ userId: 'owner-2000000001' });
    expect(
      (await call(ichiji, 'POST', `${MONTH}/upload`, { size: 10, contentType: 'text/csv' })).status,
    ).toBe(403);
    const machine = await signIn({ client: 'payments' });
    expect(
      (await call(machine, 'POST', `${MONTH}/upload`, { size: 10, contentType: 'text/csv' })).status,
    ).toBe(403);
  });
});

describe('tokens: a machine credits only, a person never credits', () => {
  const payment = {
    paymentId: `pe-${randomUUID()}`,
    contractorNo: '1000000001',
    amount: 6400,
    pointKind: 'regular',
    method: 'pay-easy',
  };

  it('accepts the payments client token on /v1/payments and refuses it on every other route', async () => {
    const machine = await signIn({ client: 'payments' });
    expect((await call(machine, 'POST', '/v1/payments', payment)).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/v1/sites'],
      ['GET', MONTH],
      ['GET', '/v1/contractors/1000000001/balances'],
      ['GET', '/v1/me/tasks'],
    ] as const)
      expect((await call(machine, method, path)).status, `${method} ${path}`).toBe(403);
  });

  it("refuses a person's token on /v1/payments before the function (the route's scope)", async () => {
    const prime = await signIn({ userId: 'owner-1000000001' });
    const r = await call(prime, 'POST', '/v1/payments', { ...payment, paymentId: `pe-${randomUUID()}` });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ message: 'Forbidden' });
  });
});
