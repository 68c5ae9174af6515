// One month over real HTTP, as a person with curl would drive it: the local stack and its HTTP API (the
// routes of the synthesized template), dev sign-in, the file dropped with `cycle drop`, the four
// corrections, the 一次 reports (一次一括), 申請 and 承認 — then the balance.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterData } from '../../domain/ports/storage.js';
import { type LocalServer, readMaster, seedMaster, startLocalServer } from '../../infra/local/server.js';
import { contractFetch } from '../support/openapi-contract.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/cases/corrections');
const MONTH = '/v1/sites/9000000001/months/2026-10';
const run = promisify(execFile);

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ quiet: true, port: 0 });
  const master = readMaster(resolve(FIXTURE, 'master.json')) as MasterData;
  for (const s of master.sites) s.outputMethod = '一次一括';
  await seedMaster(master);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function signIn(userId: string): Promise<string> {
  const r = await fetch(`${server.url}/local/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function call(token: string | undefined, method: string, path: string, body?: unknown) {
  const r = await contractFetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return {
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
  };
}

const cli = (...args: string[]) =>
  run('npm', ['run', '--silent', 'cycle', '--', ...args, '--url', server.url], { cwd: ROOT });

describe('one month through the local HTTP API', () => {
  it('要修正 → corrections → 一次 reports → 申請 → 承認 → charged, the balance debited once', async () => {
    // The corrections fixture, reported by 一次 (一次一括), dropped by the CLI (key from the content).
    const dir = mkdtempSync(join(tmpdir(), 'e2e-month-'));
    const text = new TextDecoder('shift_jis').decode(readFileSync(resolve(FIXTURE, 'ccus.csv')));
    const file = join(dir, 'october.csv');
    writeFileSync(file, text.split('元請一括').join('一次一括'));
    const dropped = JSON.parse((await cli('drop', file)).stdout);
    expect(dropped).toMatchObject({
      key: 'ccus/9000000001/202610/october.csv',
      start: { status: 'started' },
    });
    await server.runtime.sfn.settled();

    const anonymous = await call(undefined, 'GET', MONTH);
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toContain('application/problem+json');

    const prime = await signIn('owner-1000000001');
    let month = await call(prime, 'GET', MONTH);
    expect(month.status).toBe(200);
    expect(month.body.import.status).toBe('要修正');
    expect(month.body.wait.kind).toBe('Corrections');
    expect(month.body.import.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'F-COMPANY',
      'F-MULTI-PRIME',
      'F-WORKER-MISSING',
      'F-WORKER-NAME',
    ]);

    for (const [route, body] of [
      ['company', { companyId: '30000000000001', contractorNo: '3000000001' }],
      ['first-tier', { companyId: '30000000000001', firstTierCompanyId: '20000000000001' }],
      ['worker', { workerId: '42000000000002', memberNo: '5000000003' }],
      ['force-import', { workerId: '42000000000001', identityConfirmed: true }],
    ] as const)
      expect((await call(prime, 'POST', `${MONTH}/corrections/${route}`, body)).status).toBe(200);
    expect((await call(prime, 'POST', `${MONTH}/revalidate`)).status).toBe(202);
    await server.runtime.sfn.settled();
    month = await call(prime, 'GET', MONTH);
    expect(month.body.import.status).toBe('予約可能');
    expect(month.body.wait.kind).toBe('FirstTierReports');

    const sato = await signIn('owner-2000000001');
    const suzuki = await signIn('owner-2000000002');
    expect(
      (await call(sato, 'POST', `${MONTH}/report`, { firstTierCompanyId: '20000000000001' })).body,
    ).toMatchObject({ remaining: 1 });
    expect(
      (await call(suzuki, 'POST', `${MONTH}/report`, { firstTierCompanyId: '20000000000002' })).body,
    ).toMatchObject({ remaining: 0, resumed: 'resumed' });
    await server.runtime.sfn.settled();

    expect((await call(prime, 'POST', `${MONTH}/apply`)).status).toBe(200);
    await server.runtime.sfn.settled();
    // A 一次 sees the month (its chain) but may not approve the prime's money.
    expect((await call(sato, 'POST', `${MONTH}/approve`)).status).toBe(403);
    expect((await call(prime, 'POST', `${MONTH}/approve`)).status).toBe(200);
    await server.runtime.sfn.settled();

    const balances = await call(prime, 'GET', '/v1/contractors/1000000001/balances');
    // 4 workers × 5 days × 320 yen.
    expect(balances.body).toMatchObject({ contractorNo: '1000000001', regular: 1_000_000 - 6_400 });
    const executions = (await call(undefined, 'GET', '/local/executions')).body.executions;
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ status: 'SUCCEEDED', state: 'Charged' });

    // The operator's daily sweep, as the schedule would run it on the day files become visible.
    const tick = JSON.parse((await cli('tick', '--date', '2026-11-11')).stdout);
    expect(tick).toMatchObject({ date: '2026-11-11', workMonth: '2026-10' });
  });
});
