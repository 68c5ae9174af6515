// A paymentId names one payment (R-POINT): credited once, to one contractor, one point kind, one amount.
// Reused with any other content it answers 409 and credits nothing; the exact notice again answers the
// first result. Against moto_server with the real ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient } from './http.js';
import { depsOf, NOTIFIER, OTHER, PRIME, recordingExecutions, seedWorld } from './world.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

let moto: Moto;
let deps: ApiDeps;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'payid');
  deps = depsOf(store, recordingExecutions());
  await seedWorld(store, deps);
});
afterAll(() => moto?.stop());

const notifier = () => apiClient(NOTIFIER, deps);
const notice = {
  contractorNo: PRIME,
  paymentId: 'PE-2026-11-0001',
  amount: 32_000,
  pointKind: 'regular',
  method: 'pay-easy',
};

describe('paymentId is unique across contractors and point kinds (R-POINT)', () => {
  it('credits once, answers the exact notice again with the first result, and refuses every other content with 409', async () => {
    const before = {
      prime: await deps.ledger.balance(PRIME, 'regular'),
      primeSpecial: await deps.ledger.balance(PRIME, 'special'),
      other: await deps.ledger.balance(OTHER, 'regular'),
    };
    const first = await notifier().post('/v1/payments', notice);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ credited: true, balanceAfter: before.prime + 32_000 });

    // Same notice, new Idempotency-Key (the notifier resent it): the first result, nothing credited.
    const replay = await notifier().post('/v1/payments', notice);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ credited: false, balanceAfter: before.prime + 32_000 });

    for (const other of [
      { ...notice, contractorNo: OTHER },
      { ...notice, pointKind: 'special' },
      { ...notice, amount: 64_000 },
      { ...notice, contractorNo: OTHER, pointKind: 'special', amount: 1 },
    ]) {
      const r = await notifier().post('/v1/payments', other);
      expect(r.status, JSON.stringify(other)).toBe(409);
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(r.json).toMatchObject({
        code: 'payment-id-reused',
        detail: expect.stringContaining('paymentId'),
      });
    }

    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(before.prime + 32_000);
    expect(await deps.ledger.balance(PRIME, 'special')).toBe(before.primeSpecial);
    expect(await deps.ledger.balance(OTHER, 'regular')).toBe(before.other);
    const entries = (await deps.ledger.entries(PRIME, 'regular')).filter((e) => e.refId === notice.paymentId);
    expect(entries).toHaveLength(1);
  });
});
