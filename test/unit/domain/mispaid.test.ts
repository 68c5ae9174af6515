import { describe, expect, it } from 'vitest';
import { type MispaidClaim, mispaidReturn } from '../../../domain/mispaid.js';
import { DomainError } from '../../../domain/types.js';

const claim: MispaidClaim = {
  contractorNo: '1234567',
  contractorKind: 'regular',
  paidWith: 'points',
  amount: 3_200,
  debited: 9_920,
};

describe('R-MISPAID 誤納掛金 returned in the form paid, to the contractor or its prime (第40条)', () => {
  it('returns points to the contractor that paid with points', () => {
    expect(mispaidReturn(claim)).toEqual({ to: '1234567', via: 'contractor', form: 'points', amount: 3_200 });
  });

  it('returns them to the prime acting for it (法第47条, 一括作業方式)', () => {
    expect(mispaidReturn({ ...claim, actingPrimeNo: '7654321' })).toEqual({
      to: '7654321',
      via: 'prime',
      form: 'points',
      amount: 3_200,
    });
  });

  it('returns 特別退職金ポイント to a 特別共済契約者 (第41条2) and stamps for stamps (第40条2(1))', () => {
    expect(mispaidReturn({ ...claim, contractorKind: 'special' }).form).toBe('special-points');
    expect(mispaidReturn({ ...claim, paidWith: 'stamps' }).form).toBe('stamps');
  });

  it('returns up to exactly what was debited, never more', () => {
    expect(mispaidReturn({ ...claim, amount: 9_920 }).amount).toBe(9_920);
    expect(mispaidReturn({ ...claim, amount: 6_720, alreadyReturned: 3_200 }).amount).toBe(6_720);
    expect(() => mispaidReturn({ ...claim, amount: 9_921 })).toThrow(DomainError);
    expect(() => mispaidReturn({ ...claim, amount: 6_721, alreadyReturned: 3_200 })).toThrow(
      /cannot return 6721 yen: 9920 debited, 3200 already returned/,
    );
  });

  it.each([0, -1, 1.5])('refuses an amount of %s', (amount) => {
    expect(() => mispaidReturn({ ...claim, amount })).toThrow(DomainError);
  });

  it('refuses a bad debit', () => {
    expect(() => mispaidReturn({ ...claim, debited: -5 })).toThrow(/debited must be a non-negative integer/);
  });
});
