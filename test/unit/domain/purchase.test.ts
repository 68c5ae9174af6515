import { describe, expect, it } from 'vitest';
import { purchasePlan } from '../../../domain/purchase.js';
import { DomainError } from '../../../domain/types.js';

const faq = { totalCost: 50_000_000, ratePerMille: 2.9, enrolmentPercent: 100 };

describe('R-PURCHASE points for a public work (seed 001 共済証紙購入の考え方)', () => {
  it('FAQ example: 50,000,000 yen 土木・舗装 2.9‰, 100% → 207,142 yen, 669 units at 310 yen', () => {
    expect(purchasePlan({ ...faq, dailyRate: 310 })).toEqual({
      amount: 207_142,
      units: 669,
      dailyRate: 310,
      points: 207_390,
    });
  });

  it('the same work at today’s 320 yen → 648 units', () => {
    expect(purchasePlan({ ...faq, dailyRate: 320 })).toEqual({
      amount: 207_142,
      units: 648,
      dailyRate: 320,
      points: 207_360,
    });
  });

  it('takes decimals as strings too', () => {
    expect(
      purchasePlan({ totalCost: 50_000_000, ratePerMille: '2.9', enrolmentPercent: '100', dailyRate: 310 }),
    ).toEqual(purchasePlan({ ...faq, dailyRate: 310 }));
    expect(purchasePlan({ ...faq, enrolmentPercent: '85.5', dailyRate: 320 }).amount).toBe(177_107);
  });

  it('at the assumed 70% enrolment the amount is cost × ‰ exactly; units round up', () => {
    expect(purchasePlan({ ...faq, enrolmentPercent: 70, dailyRate: 320 })).toMatchObject({
      amount: 145_000,
      units: 454,
    });
  });

  it('has no float drift: 700,000 × 4.1‰ × 100/70 = 4,100 exactly (floating point gives 4,099)', () => {
    expect(Math.floor(((700_000 * 4.1) / 1000) * (100 / 70))).toBe(4_099);
    expect(
      purchasePlan({ totalCost: 700_000, ratePerMille: 4.1, enrolmentPercent: 100, dailyRate: 320 }),
    ).toMatchObject({
      amount: 4_100,
      units: 13,
    });
  });

  it('0% enrolment or 0 cost buys nothing', () => {
    expect(purchasePlan({ ...faq, enrolmentPercent: 0, dailyRate: 320 })).toMatchObject({
      amount: 0,
      units: 0,
      points: 0,
    });
    expect(purchasePlan({ ...faq, totalCost: 0, dailyRate: 320 }).units).toBe(0);
  });

  it.each([
    [{ totalCost: -1 }, /totalCost/],
    [{ totalCost: 1.5 }, /totalCost/],
    [{ dailyRate: 0 }, /dailyRate/],
    [{ ratePerMille: -2.9 }, /ratePerMille/],
    [{ ratePerMille: 'abc' }, /ratePerMille/],
    [{ enrolmentPercent: 100.5 }, /at most 100/],
  ])('refuses %o', (bad, message) => {
    const input = { ...faq, dailyRate: 320, ...bad };
    expect(() => purchasePlan(input)).toThrow(DomainError);
    expect(() => purchasePlan(input)).toThrow(message);
  });
});
