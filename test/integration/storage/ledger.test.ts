// The points ledger against moto_server: idempotent credits, one debit per application, never negative,
// regular and 特別 kept apart, balance = Σ entries (R-POINT, R-CHARGE, R-EXEMPT, R-MISPAID).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

let moto: Moto;
let ledger: DynamoLedger;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'ledger');
  ledger = new DynamoLedger(store);
});
afterAll(() => moto?.stop());

describe('ledger (R-POINT, R-CHARGE)', () => {
  it('credits a Pay-easy payment once, by payment id', async () => {
    const first = await ledger.purchase('L1', 'regular', 'PAY-1', 10_000);
    const again = await ledger.purchase('L1', 'regular', 'PAY-1', 10_000);
    expect(first.status).toBe('credited');
    expect(again).toEqual({ status: 'already-credited', entry: first.entry });
    expect(await ledger.balance('L1', 'regular')).toBe(10_000);
  });

  it('debits an application once: debited, then already-debited with the same numbers', async () => {
    await ledger.purchase('L2', 'regular', 'PAY-L2-1', 5_000);
    const first = await ledger.debit({
      contractorNo: 'L2',
      pointKind: 'regular',
      applicationId: 'S1:2026-04',
      amount: 3_200,
      days: 10,
    });
    expect(first).toEqual({ status: 'debited', balanceBefore: 5_000, balanceAfter: 1_800 });
    // The worker-days charged stay on the entry (the 受払簿's 日数).
    expect(await ledger.entry('L2', 'regular', 'debit', 'S1:2026-04')).toMatchObject({
      amount: 3_200,
      days: 10,
    });
    const replay = await ledger.debit({
      contractorNo: 'L2',
      pointKind: 'regular',
      applicationId: 'S1:2026-04',
      amount: 3_200,
    });
    expect(replay).toEqual({ status: 'already-debited', balanceBefore: 5_000, balanceAfter: 1_800 });
    expect(await ledger.balance('L2', 'regular')).toBe(1_800);
  });

  it('refuses a debit the balance does not cover and writes nothing', async () => {
    await ledger.purchase('L3', 'regular', 'PAY-L3-1', 1_000);
    const r = await ledger.debit({
      contractorNo: 'L3',
      pointKind: 'regular',
      applicationId: 'S1:2026-04',
      amount: 1_001,
    });
    expect(r).toEqual({ status: 'insufficient', balance: 1_000 });
    expect(await ledger.entries('L3', 'regular')).toHaveLength(1);
    // After a purchase the same application goes through.
    await ledger.purchase('L3', 'regular', 'PAY-2', 1);
    expect(
      await ledger.debit({
        contractorNo: 'L3',
        pointKind: 'regular',
        applicationId: 'S1:2026-04',
        amount: 1_001,
      }),
    ).toEqual({ status: 'debited', balanceBefore: 1_001, balanceAfter: 0 });
  });

  it('replays a debit as already-debited even when the balance is now short', async () => {
    await ledger.purchase('L4', 'regular', 'PAY-L4-1', 1_000);
    await ledger.debit({ contractorNo: 'L4', pointKind: 'regular', applicationId: 'A', amount: 1_000 });
    expect(
      await ledger.debit({ contractorNo: 'L4', pointKind: 'regular', applicationId: 'A', amount: 1_000 }),
    ).toEqual({
      status: 'already-debited',
      balanceBefore: 1_000,
      balanceAfter: 0,
    });
  });

  it('keeps regular and special (特別) points apart', async () => {
    await ledger.purchase('L5', 'regular', 'PAY-R', 700);
    await ledger.purchase('L5', 'special', 'PAY-S', 300);
    const r = await ledger.debit({
      contractorNo: 'L5',
      pointKind: 'special',
      applicationId: 'A',
      amount: 500,
    });
    expect(r).toEqual({ status: 'insufficient', balance: 300 });
    expect(await ledger.balance('L5', 'regular')).toBe(700);
    expect(await ledger.balance('L5', 'special')).toBe(300);
  });

  it('credits exemption refunds, mis-paid returns and rebates, each idempotent by its own id (R-EXEMPT, R-MISPAID)', async () => {
    await ledger.exemptionRefund('L6', 'regular', 'EX-1', 16_000);
    await ledger.exemptionRefund('L6', 'regular', 'EX-1', 16_000);
    await ledger.mispaidReturn('L6', 'regular', 'MP-1', 320);
    await ledger.mispaidReturn('L6', 'regular', 'MP-1', 320);
    await ledger.rebate('L6', 'regular', 'RB-1', 10);
    await ledger.rebate('L6', 'regular', 'RB-1', 10);
    // The same id under another kind is another entry.
    await ledger.rebate('L6', 'regular', 'EX-1', 5);
    expect(await ledger.balance('L6', 'regular')).toBe(16_335);
    expect((await ledger.entries('L6', 'regular')).map((e) => e.kind)).toEqual([
      'exemption-refund',
      'mispaid-return',
      'rebate',
      'rebate',
    ]);
  });

  it('refuses an exemption refund in special points (R-EXEMPT, 第41条3) and non-integer amounts (R-POINT)', async () => {
    await expect(ledger.exemptionRefund('L7', 'special', 'EX-1', 100)).rejects.toMatchObject({
      code: 'EXEMPTION_NOT_FOR_SPECIAL',
    });
    await expect(ledger.purchase('L7', 'regular', 'P', 10.5)).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
    });
    await expect(
      ledger.debit({ contractorNo: 'L7', pointKind: 'regular', applicationId: 'A', amount: 0 }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await ledger.entries('L7', 'regular')).toEqual([]);
  });

  it('debits once when the same application is debited concurrently', async () => {
    await ledger.purchase('L8', 'regular', 'PAY-L8-1', 10_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        ledger.debit({ contractorNo: 'L8', pointKind: 'regular', applicationId: 'A', amount: 4_000 }),
      ),
    );
    expect(results.filter((r) => r.status === 'debited')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'already-debited')).toHaveLength(4);
    for (const r of results) expect(r).toMatchObject({ balanceBefore: 10_000, balanceAfter: 6_000 });
    expect(await ledger.balance('L8', 'regular')).toBe(6_000);
  });

  it('reconciles: balance = Σ entries, chained by seq', async () => {
    await ledger.purchase('L9', 'regular', 'PAY-L9-1', 3_000);
    await ledger.debit({ contractorNo: 'L9', pointKind: 'regular', applicationId: 'A', amount: 1_000 });
    await ledger.mispaidReturn('L9', 'regular', 'MP', 100);
    const r = await ledger.reconcile('L9', 'regular');
    expect(r).toMatchObject({ ok: true, balance: 2_100, sum: 2_100, entries: 3, brokenEntries: [] });
    expect((await ledger.entries('L9', 'regular')).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await ledger.reconcile('NOBODY', 'regular')).toMatchObject({ ok: true, balance: 0, entries: 0 });
  });
});
