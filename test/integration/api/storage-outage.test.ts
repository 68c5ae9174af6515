// The API with its table unreachable (a closed port) or frozen (a server that accepts and never answers):
// every route answers 503 problem+json with Retry-After, through the deployed entry point and the real
// storage client (its time-outs and retries are what bound the answer; each test's own timeout is the
// bound, no timing assertion). Then the table comes back and the same Idempotency-Key gives the truth.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { ROUTES } from '../../../functions/api/routes.js';
import { IDEMPOTENCY_LOCK_MS, seedFromMaster } from '../../../functions/shared/storage/index.js';
import { type Moto, startMoto } from '../../../infra/local/moto.js';
import { createFreshTable, documentClientOf, dynamoClient } from '../support/moto.js';
import { apiClient, type Claims } from './http.js';
import { master, NOTIFIER, PRIME, READY, SITE, user } from './world.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const OWNER = user(PRIME, '事業者責任者');

/** The table "moves" to this endpoint: a fresh TABLE_NAME makes the api function build its clients again. */
function pointStorageAt(endpoint: string, tableName = `outage-${randomUUID().slice(0, 8)}`) {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = 'ap-northeast-1';
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.TABLE_NAME = tableName;
  process.env.STATE_MACHINE_ARN = 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:none';
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Accepts connections, reads the request, never answers: DynamoDB frozen. */
async function frozenServer(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(srv.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** A concrete path for a route template (valid ids, the caller's own contractor). */
function concrete(path: string): string {
  return path
    .replace('{siteId}', SITE)
    .replace('{workMonth}', READY)
    .replace('{contractorNo}', PRIME)
    .replace('{memberNo}', '5000000001')
    .replace('{paymentId}', 'PE-1');
}

function expectUnavailable(r: { status: number; headers: Record<string, string>; json: unknown }) {
  expect(r.status).toBe(503);
  expect(r.headers['content-type']).toBe('application/problem+json');
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  expect(r.json).toMatchObject({
    type: 'urn:kentaikyo:problem:storage-unavailable',
    status: 503,
    title: expect.stringContaining('しばらくしてから再度お試しください'),
    detail: expect.stringContaining('もう一度送信してください'),
  });
}

describe('storage outage: 503 problem+json with Retry-After', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'unreachable table: %s answers 503',
    async (_, route) => {
      pointStorageAt(`http://127.0.0.1:${await closedPort()}`);
      const caller: Claims = route.action === 'credit' ? NOTIFIER : OWNER;
      const api = apiClient(caller);
      const path = concrete(route.path);
      const r =
        route.method === 'GET'
          ? await api.get(path)
          : await api.send(route.method, path, {
              contractorNo: PRIME,
              paymentId: 'P-1',
              amount: 1000,
              pointKind: 'regular',
              method: 'pay-easy',
            });
      expectUnavailable(r);
    },
    20_000,
  );

  it('frozen table: a write (承認) and a read answer 503 within the test bound', async () => {
    const frozen = await frozenServer();
    try {
      pointStorageAt(frozen.endpoint);
      const api = apiClient(OWNER);
      const month = `/v1/sites/${SITE}/months/${READY}`;
      const [approve, view] = await Promise.all([api.post(`${month}/approve`, {}), api.get(month)]);
      expectUnavailable(approve);
      expectUnavailable(view);
    } finally {
      await frozen.close();
    }
  }, 25_000);
});

describe('the same Idempotency-Key after the outage gives the truth', () => {
  let moto: Moto;
  let table: string;

  beforeAll(async () => {
    moto = await startMoto();
    const client = dynamoClient(moto.endpoint);
    table = await createFreshTable(client, 'outage');
    const { createStore } = await import('../../../functions/shared/storage/entities.js');
    await seedFromMaster(createStore(documentClientOf(client), table), master());
  });
  afterAll(async () => moto?.stop());

  it('a payment refused during the outage is credited once when retried with its key', async () => {
    const key = randomUUID();
    const body = {
      contractorNo: PRIME,
      paymentId: 'PE-OUTAGE-1',
      amount: 3200,
      pointKind: 'regular',
      method: 'pay-easy',
    };
    const api = apiClient(NOTIFIER);

    pointStorageAt(`http://127.0.0.1:${await closedPort()}`);
    expectUnavailable(await api.post('/v1/payments', body, key));

    pointStorageAt(moto.endpoint, table);
    const first = await api.post('/v1/payments', body, key);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ credited: true, balanceAfter: 103_200 });
    const again = await api.post('/v1/payments', body, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
  });

  it('a request cut off mid-way keeps its key until the lock runs out, then the same key runs it once', async () => {
    const { createStore } = await import('../../../functions/shared/storage/entities.js');
    const { createRepositories } = await import('../../../functions/shared/storage/index.js');
    const { DynamoIdempotencyStore } = await import('../../../functions/shared/storage/idempotency.js');
    const store = createStore(documentClientOf(dynamoClient(moto.endpoint)), table);
    const repos = { ...createRepositories(store), idempotency: new DynamoIdempotencyStore(store) };
    let now = new Date('2026-11-13T00:00:00Z');
    let stalled = true;
    const deps = {
      ...repos,
      now: () => now,
      workflow: { applicationsOfContractor: async () => [] },
      ledger: {
        credit: async (input: Parameters<typeof repos.ledger.credit>[0]) => {
          // The table stops answering after the claim was stored.
          if (stalled) throw Object.assign(new Error('request timed out'), { name: 'TimeoutError' });
          return repos.ledger.credit(input);
        },
      },
    } as unknown as ApiDeps;
    const api = apiClient(NOTIFIER, deps);
    const key = randomUUID();
    const body = {
      contractorNo: PRIME,
      paymentId: 'PE-OUTAGE-2',
      amount: 100,
      pointKind: 'regular',
      method: 'pay-easy',
    };

    expectUnavailable(await api.post('/v1/payments', body, key));
    stalled = false;
    const busy = await api.post('/v1/payments', body, key);
    expect(busy.status).toBe(409);
    expect(Number(busy.headers['retry-after'])).toBe(IDEMPOTENCY_LOCK_MS / 1000);

    now = new Date(now.getTime() + IDEMPOTENCY_LOCK_MS + 1_000);
    const done = await api.post('/v1/payments', body, key);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ credited: true });
    const replay = await api.post('/v1/payments', body, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json).toEqual(done.json);
  });
});
