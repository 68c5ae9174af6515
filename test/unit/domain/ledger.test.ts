// The ledger rules (R-POINT, R-CHARGE, R-EXEMPT 第14条/第41条3, R-MISPAID 第40条).
import { describe, expect, it } from 'vitest';
import {
  applyEntry,
  assertAmount,
  assertEntryAllowed,
  ENTRY_KINDS,
  isCredit,
  type LedgerEntry,
  pointKindOf,
  reconcile,
  signedAmount,
  sumEntries,
} from '../../../domain/ledger.js';

function entry(
  p: Partial<LedgerEntry> & Pick<LedgerEntry, 'kind' | 'amount' | 'seq' | 'balanceBefore' | 'balanceAfter'>,
): LedgerEntry {
  return { contractorNo: 'C1', pointKind: 'regular', refId: `r${p.seq}`, at: '2026-05-01T00:00:00Z', ...p };
}

describe('entry kinds and signs (R-POINT)', () => {
  it('only a debit takes points away', () => {
    expect(ENTRY_KINDS.filter((k) => !isCredit(k))).toEqual(['debit']);
    expect(signedAmount({ kind: 'debit', amount: 320 })).toBe(-320);
    expect(signedAmount({ kind: 'purchase', amount: 320 })).toBe(320);
    expect(signedAmount({ kind: 'exemption-refund', amount: 16_000 })).toBe(16_000);
    expect(signedAmount({ kind: 'mispaid-return', amount: 10 })).toBe(10);
    expect(signedAmount({ kind: 'rebate', amount: 1 })).toBe(1);
  });

  it('amounts are positive whole yen', () => {
    expect(assertAmount(1)).toBe(1);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => assertAmount(bad)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    }
  });

  it('特別共済契約者 pay in special points (第41条)', () => {
    expect(pointKindOf('special')).toBe('special');
    expect(pointKindOf('regular')).toBe('regular');
  });

  it('R-EXEMPT: no exemption refund in special points (第41条3); everything else allowed', () => {
    expect(() => assertEntryAllowed('exemption-refund', 'special', 100)).toThrow(
      expect.objectContaining({ code: 'EXEMPTION_NOT_FOR_SPECIAL' }),
    );
    expect(() => assertEntryAllowed('exemption-refund', 'regular', 100)).not.toThrow();
    expect(() => assertEntryAllowed('mispaid-return', 'special', 100)).not.toThrow();
    expect(() => assertEntryAllowed('purchase', 'regular', 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });
});

describe('applyEntry (R-CHARGE: never below zero)', () => {
  it('credits add', () => {
    expect(applyEntry(0, 'purchase', 1_000)).toEqual({
      status: 'applied',
      balanceBefore: 0,
      balanceAfter: 1_000,
    });
  });
  it('a covered debit applies, to exactly zero', () => {
    expect(applyEntry(1_000, 'debit', 1_000)).toEqual({
      status: 'applied',
      balanceBefore: 1_000,
      balanceAfter: 0,
    });
  });
  it('a short debit is refused with the balance', () => {
    expect(applyEntry(999, 'debit', 1_000)).toEqual({ status: 'insufficient', balance: 999 });
  });
  it('refuses a bad amount', () => {
    expect(() => applyEntry(0, 'debit', -5)).toThrow();
  });
});

describe('reconcile: balance = Σ entries, chained by seq', () => {
  const chain = [
    entry({ kind: 'purchase', amount: 1_000, seq: 1, balanceBefore: 0, balanceAfter: 1_000 }),
    entry({ kind: 'debit', amount: 640, seq: 2, balanceBefore: 1_000, balanceAfter: 360 }),
    entry({ kind: 'mispaid-return', amount: 320, seq: 3, balanceBefore: 360, balanceAfter: 680 }),
  ];

  it('sums signed entries', () => {
    expect(sumEntries(chain)).toBe(680);
    expect(sumEntries([])).toBe(0);
  });

  it('accepts an unbroken chain in any read order', () => {
    expect(reconcile(680, [...chain].reverse())).toEqual({
      ok: true,
      balance: 680,
      sum: 680,
      difference: 0,
      entries: 3,
      brokenEntries: [],
      duplicateRefs: [],
    });
    expect(reconcile(0, [])).toMatchObject({ ok: true, entries: 0 });
  });

  it('reports a balance that differs from the sum', () => {
    expect(reconcile(700, chain)).toMatchObject({ ok: false, difference: 20 });
  });

  it('reports a missing seq, a broken before, or an after that does not match the amount', () => {
    const gap = [chain[0]!, chain[2]!];
    expect(reconcile(1_320, gap).brokenEntries).toEqual(['mispaid-return:r3']);
    const wrongBefore = [chain[0]!, { ...chain[1]!, balanceBefore: 900, balanceAfter: 260 }];
    expect(reconcile(360, wrongBefore)).toMatchObject({ ok: false, brokenEntries: ['debit:r2'] });
    const wrongAfter = [chain[0]!, { ...chain[1]!, balanceAfter: 400 }];
    expect(reconcile(360, wrongAfter)).toMatchObject({ ok: false, brokenEntries: ['debit:r2'] });
  });

  it('reports the same entry twice (two debits of one application)', () => {
    const twice = [chain[0]!, chain[1]!, { ...chain[1]!, seq: 3, balanceBefore: 360, balanceAfter: -280 }];
    expect(reconcile(-280, twice)).toMatchObject({ ok: false, duplicateRefs: ['debit:r2'] });
  });
});
