// Debits of one prime take turns (functions/shared/storage/debit-queue.ts): many months approved at
// once cost about one ledger transaction a debit, and each stays exactly-once (R-CHARGE, R-POINT).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

let moto: Moto;
let ledger: DynamoLedger;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'debit-queue');
  ledger = new DynamoLedger(store);
});
afterAll(() => moto?.stop());

const DEBITS = 30;

describe('debits of one prime at once (R-CHARGE)', () => {
  it('are each written once, the balance reconciles, at most 1.2 transactions a debit', {
    timeout: 120_000,
  }, async () => {
    await ledger.purchase('Q1', 'regular', 'PAY-Q1', 1_000_000);
    const apps = Array.from({ length: DEBITS }, (_, i) => `S${i}:2026-10`);
    const debit = (applicationId: string) =>
      ledger.debit({ contractorNo: 'Q1', pointKind: 'regular', applicationId, amount: 3_200 });
    const before = await moto.calls();
    const results = await Promise.all(apps.map(debit));
    const after = await moto.calls();
    expect(results.every((r) => r.status === 'debited')).toBe(true);
    const sent = (after.TransactWriteItems ?? 0) - (before.TransactWriteItems ?? 0);
    const cancelled = (after['TransactWriteItems:failed'] ?? 0) - (before['TransactWriteItems:failed'] ?? 0);
    expect(sent).toBeLessThanOrEqual(Math.floor(DEBITS * 1.2));
    expect(cancelled).toBeLessThanOrEqual(Math.floor(DEBITS * 0.2));

    // The same applications again, twice each at once (retried tasks): nothing moves.
    const replays = await Promise.all([...apps, ...apps].map(debit));
    expect(replays.every((r) => r.status === 'already-debited')).toBe(true);
    expect(await ledger.balance('Q1', 'regular')).toBe(1_000_000 - DEBITS * 3_200);
    const rec = await ledger.reconcile('Q1', 'regular');
    expect(rec.ok).toBe(true);
    expect(rec.entries).toBe(DEBITS + 1);
  });

  it('without turns the same burst is still exactly-once: the conditions of the ledger decide, the queue only orders', {
    timeout: 120_000,
  }, async () => {
    const { store } = await freshStore(moto, 'debit-race');
    const racing = new DynamoLedger(store, { queue: false, maxAttempts: 60 });
    await racing.purchase('Q2', 'regular', 'PAY-Q2', 1_000_000);
    const results = await Promise.all(
      Array.from({ length: DEBITS }, (_, i) =>
        racing.debit({
          contractorNo: 'Q2',
          pointKind: 'regular',
          applicationId: `S${i}:2026-10`,
          amount: 3_200,
        }),
      ),
    );
    expect(results.every((r) => r.status === 'debited')).toBe(true);
    expect((await racing.reconcile('Q2', 'regular')).ok).toBe(true);
    expect(await racing.balance('Q2', 'regular')).toBe(1_000_000 - DEBITS * 3_200);
    // How many are cancelled depends on how the machine interleaves them (bench -- burst --charge
    // measures it: 167 transactions for 50 debits before the queue, 50 with it).
  });
});
