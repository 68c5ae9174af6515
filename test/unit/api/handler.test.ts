// The api function's plumbing with in-memory ports: routing, identity, Idempotency-Key, problem+json.
// The DynamoDB idempotency store's claim, with a mocked DocumentClient.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdempotencyClaim, IdempotencyStore } from '../../../domain/ports/storage.js';
import { PAYMENTS_SCOPE } from '../../../functions/api/authz.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import type { ApiResponse as StoredResponse } from '../../../functions/api/http.js';
import { logger } from '../../../functions/shared/handler.js';
import { createStore } from '../../../functions/shared/storage/entities.js';
import { DynamoIdempotencyStore } from '../../../functions/shared/storage/idempotency.js';
import { ActionRefused } from '../../../functions/shared/use-cases/errors.js';
import { apiClient, apiEvent } from '../../integration/api/http.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

/** Idempotency records in memory, as the table holds them. */
class MemoryIdempotency implements IdempotencyStore<StoredResponse> {
  records = new Map<string, { fingerprint: string; response?: StoredResponse }>();
  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim<StoredResponse>> {
    const r = this.records.get(`${scope}/${key}`);
    if (!r) {
      this.records.set(`${scope}/${key}`, { fingerprint });
      return { status: 'claimed' };
    }
    return r.response
      ? { status: 'completed', fingerprint: r.fingerprint, response: r.response }
      : { status: 'in-progress', fingerprint: r.fingerprint };
  }
  async complete(scope: string, key: string, fingerprint: string, response: StoredResponse) {
    this.records.set(`${scope}/${key}`, { fingerprint, response });
  }
  async release(scope: string, key: string) {
    this.records.delete(`${scope}/${key}`);
  }
}

const NOTIFIER = { sub: 'notifier', scope: PAYMENTS_SCOPE };
const payment = {
  contractorNo: 'C1',
  paymentId: 'P1',
  amount: 100,
  pointKind: 'regular',
  method: 'pay-easy',
};

function fakeDeps(over: { credit?: () => Promise<unknown> } = {}) {
  let credits = 0;
  const idempotency = new MemoryIdempotency();
  const deps = {
    idempotency,
    now: () => new Date('2026-11-13T00:00:00Z'),
    registry: {
      getContractor: async () => ({ contractorNo: 'C1', name: 'x', kind: 'regular', active: true }),
    },
    workflow: { applicationsOfContractor: async () => [] },
    ledger: {
      credit: async () => {
        credits++;
        if (over.credit) return over.credit();
        return { status: 'credited', entry: { balanceAfter: 100 * credits } };
      },
    },
  } as unknown as ApiDeps;
  return { deps, idempotency, credits: () => credits };
}

describe('routing and identity', () => {
  it('answers 404 problem+json for a route that does not exist', async () => {
    const { deps } = fakeDeps();
    const r = await apiClient(NOTIFIER, deps).get('/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({
      type: 'urn:kentaikyo:problem:not-found',
      title: '見つかりません',
      status: 404,
    });
  });

  it('answers 401 without JWT claims', async () => {
    const { deps } = fakeDeps();
    expect((await apiClient(undefined, deps).get('/v1/sites')).status).toBe(401);
    expect((await apiClient(undefined, deps).post('/v1/payments', payment)).status).toBe(401);
  });

  it('routes by method and path when the routeKey is $default (a local server)', async () => {
    const { deps } = fakeDeps();
    const e = {
      ...apiEvent('POST', '/v1/payments', NOTIFIER, { body: payment, idempotencyKey: 'k-default' }),
      routeKey: '$default',
    };
    const r = await apiClient(NOTIFIER, deps).invoke(e);
    expect(r.status).toBe(200);
  });

  it('answers 400 with the paths of invalid fields (never their values), and for a body that is not JSON', async () => {
    const { deps } = fakeDeps();
    const r = await apiClient(NOTIFIER, deps).post('/v1/payments', {
      ...payment,
      amount: -5,
      contractorNo: 'ヤマダ',
    });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount', 'contractorNo']);
    expect(r.raw.body).not.toContain('ヤマダ');
    const raw = apiEvent('POST', '/v1/payments', NOTIFIER, { rawBody: '{not json', idempotencyKey: 'k-raw' });
    expect((await apiClient(NOTIFIER, deps).invoke(raw)).json.detail).toBe('本文が JSON ではありません');
  });
});

describe('unknown routes and methods ($default)', () => {
  const at = (method: string, path: string) => ({
    ...apiEvent(method, path, NOTIFIER, { idempotencyKey: 'k-any' }),
    routeKey: '$default',
  });

  it('answers 405 problem+json with Allow for a known path and another method', async () => {
    const { deps } = fakeDeps();
    const r = await apiClient(NOTIFIER, deps).invoke(at('GET', '/v1/sites/9000000001'));
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('DELETE, PUT');
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json).toMatchObject({ type: 'urn:kentaikyo:problem:method-not-allowed', status: 405 });
    expect((await apiClient(NOTIFIER, deps).invoke(at('DELETE', '/v1/payments'))).headers.allow).toBe('POST');
  });

  it('answers 404 problem+json for a path no route has', async () => {
    const { deps } = fakeDeps();
    const r = await apiClient(NOTIFIER, deps).invoke(at('POST', '/v2/anything'));
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/problem+json');
  });
});

describe('failures', () => {
  it('logs the failure message under errorMessage (Powertools drops a `message` key), not the body', async () => {
    const lines: string[] = [];
    // Powertools writes errors to stderr (its own Console over the process streams).
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    logger.setLogLevel('ERROR');
    try {
      const f = fakeDeps({
        credit: async () => {
          throw new Error('ledger invariant broken at seq 7');
        },
      });
      expect((await apiClient(NOTIFIER, f.deps).post('/v1/payments', payment, 'k-log')).status).toBe(500);
    } finally {
      logger.setLogLevel('SILENT');
      write.mockRestore();
    }
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'api request failed');
    expect(entry).toMatchObject({ errorName: 'Error', errorMessage: 'ledger invariant broken at seq 7' });
    expect(JSON.stringify(entry)).not.toContain(payment.contractorNo);
  });

  it('answers 503 with Retry-After when storage times out mid-request, and keeps the claim until its lock', async () => {
    const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    let fail = true;
    const f = fakeDeps({
      credit: async () => {
        if (fail) throw timeout;
        return { status: 'credited', entry: { balanceAfter: 1 } };
      },
    });
    const c = apiClient(NOTIFIER, f.deps);
    const r = await c.post('/v1/payments', payment, 'k-503');
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toBe('application/problem+json');
    // The key is held until its lock runs out: the answer says so.
    expect(Number(r.headers['retry-after'])).toBe(60);
    fail = false;
    // Part of it may have landed: the same key waits for the lock instead of running twice at once.
    const busy = await c.post('/v1/payments', payment, 'k-503');
    expect(busy.status).toBe(409);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 503 when the claim itself cannot be stored, and the retry runs', async () => {
    const f = fakeDeps();
    const claim = f.idempotency.claim.bind(f.idempotency);
    f.idempotency.claim = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const c = apiClient(NOTIFIER, f.deps);
    expect((await c.post('/v1/payments', payment, 'k-down')).status).toBe(503);
    f.idempotency.claim = claim;
    expect((await c.post('/v1/payments', payment, 'k-down')).status).toBe(200);
    expect(f.credits()).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  it('is required on every write (400), and must not hold a separator', async () => {
    const { deps } = fakeDeps();
    const none = await apiClient(NOTIFIER, deps).post('/v1/payments', payment, null);
    expect(none.status).toBe(400);
    expect(none.json.title).toBe('Idempotency-Key ヘッダーが必要です');
    expect((await apiClient(NOTIFIER, deps).post('/v1/payments', payment, 'a#b')).status).toBe(400);
  });

  it('replays the first response for the same key and body, running the use case once', async () => {
    const f = fakeDeps();
    const c = apiClient(NOTIFIER, f.deps);
    const first = await c.post('/v1/payments', payment, 'k1');
    const second = await c.post('/v1/payments', payment, 'k1');
    expect(f.credits()).toBe(1);
    expect(second.raw.body).toBe(first.raw.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 422 for the same key with another body, 409 while the first is in progress', async () => {
    const f = fakeDeps();
    const c = apiClient(NOTIFIER, f.deps);
    await c.post('/v1/payments', payment, 'k2');
    const other = await c.post('/v1/payments', { ...payment, amount: 200 }, 'k2');
    expect(other.status).toBe(422);
    await f.idempotency.claim('notifier', 'k3', 'whatever');
    const busy = await c.post('/v1/payments', payment, 'k3');
    expect(busy.status).toBe(422);
    const fp = [...f.idempotency.records.values()][0]!.fingerprint;
    await f.idempotency.claim('notifier', 'k4', fp);
    expect((await c.post('/v1/payments', payment, 'k4')).json.title).toBe(
      '同じ Idempotency-Key の要求を処理中です',
    );
  });

  it('frees the key after a server error, so the retry runs', async () => {
    let fail = true;
    const f = fakeDeps({
      credit: async () => {
        if (fail) throw new Error('boom');
        return { status: 'credited', entry: { balanceAfter: 1 } };
      },
    });
    const c = apiClient(NOTIFIER, f.deps);
    const r = await c.post('/v1/payments', payment, 'k5');
    expect(r.status).toBe(500);
    expect(r.json.title).toBe('システムエラーが発生しました');
    expect(r.raw.body).not.toContain('boom');
    fail = false;
    expect((await c.post('/v1/payments', payment, 'k5')).status).toBe(200);
    expect(f.credits()).toBe(2);
  });

  it('keeps a refusal of the use case as the answer (409 problem with its code)', async () => {
    const f = fakeDeps({
      credit: async () => {
        throw new ActionRefused('not-ready', '要修正の就業履歴は申請できません');
      },
    });
    const r = await apiClient(NOTIFIER, f.deps).post('/v1/payments', payment, 'k6');
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: 'not-ready', detail: '要修正の就業履歴は申請できません' });
  });
});

describe('DynamoIdempotencyStore (AP-29)', () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-1' }));
  const ddb = mockClient(doc);
  const store = new DynamoIdempotencyStore(createStore(doc, 'app-table'));
  const now = new Date('2026-11-13T00:00:00Z');
  const STAMPS = { _ct: '2026-11-13T00:00:00.000Z', _md: '2026-11-13T00:00:00.000Z' };
  beforeEach(() => ddb.reset());

  it('claims with a conditional put carrying the 24 h TTL', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await store.claim('u1', 'k', 'fp', now)).toEqual({ status: 'claimed' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        PK: 'IDEMPOTENCY#u1#k',
        SK: 'REQUEST',
        status: 'in-progress',
        expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
      }),
      ConditionExpression: expect.stringContaining('attribute_not_exists'),
    });
  });

  it('returns the stored response when the key is taken', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const response = { statusCode: 200, headers: {}, body: '{}' };
    ddb.on(GetCommand).resolves({
      Item: {
        ...STAMPS,
        _et: 'Idempotency',
        PK: 'IDEMPOTENCY#u1#k',
        SK: 'REQUEST',
        scope: 'u1',
        idempotencyKey: 'k',
        fingerprint: 'fp0',
        status: 'completed',
        lockedUntil: 0,
        response: JSON.stringify(response),
        expiresAt: 2_000_000_000,
      },
    });
    expect(await store.claim('u1', 'k', 'fp', now)).toEqual({
      status: 'completed',
      fingerprint: 'fp0',
      response,
    });
  });

  it('releases only its own in-progress claim', async () => {
    ddb
      .on(DeleteCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'not ours', $metadata: {} }));
    await expect(store.release('u1', 'k', 'fp')).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      ConditionExpression: expect.stringContaining('AND'),
    });
  });
});
