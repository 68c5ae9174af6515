import { describe, expect, it } from 'vitest';
import { EXEMPT_DAYS, exemptionRefundAtRenewal } from '../../../domain/exemption.js';
import { DomainError, type Member } from '../../../domain/types.js';

const newcomer: Pick<Member, 'kind' | 'firstBook' | 'days'> = { kind: 'regular', firstBook: true, days: 252 };

describe('R-EXEMPT 50-day exemption refunded as points at 手帳更新 (第14条1,3,4; 第41条3)', () => {
  it('refunds 50 days × 320 = 16,000 points when the first book is renewed at 12 months (252 days)', () => {
    expect(EXEMPT_DAYS).toBe(50);
    expect(exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2026-10-13' })).toEqual({
      refunded: true,
      days: 50,
      dailyRate: 320,
      points: 16_000,
    });
  });

  it('uses the daily rate in force on the renewal day: 2021-09-30 → 50 × 310', () => {
    expect(exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2021-09-30' })).toMatchObject({
      points: 15_500,
    });
    expect(exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2021-10-01' })).toMatchObject({
      points: 16_000,
    });
  });

  it('deducts the days already exempted with stamps (消印のみ, 第14条2): 20 by stamps → 30 × 320', () => {
    expect(
      exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2026-10-13', exemptDaysByStamps: 20 }),
    ).toMatchObject({ refunded: true, days: 30, points: 9_600 });
  });

  it('refunds nothing when all 50 days were exempted with stamps', () => {
    expect(
      exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2026-10-13', exemptDaysByStamps: 50 }),
    ).toEqual({ refunded: false, reason: 'ALREADY_EXEMPTED', points: 0 });
  });

  it('refunds nothing while months < 12 at renewal (251 days, 第14条4)', () => {
    expect(exemptionRefundAtRenewal({ member: { ...newcomer, days: 251 }, renewedOn: '2026-10-13' })).toEqual(
      {
        refunded: false,
        reason: 'BELOW_12_MONTHS',
        points: 0,
      },
    );
  });

  it('refunds nothing for a later book (seed 003 「初回交付の手帳の50日分」)', () => {
    expect(
      exemptionRefundAtRenewal({ member: { ...newcomer, firstBook: false }, renewedOn: '2026-10-13' }),
    ).toMatchObject({ refunded: false, reason: 'NOT_FIRST_BOOK' });
  });

  it('never refunds to a 特別共済 member (第41条3)', () => {
    expect(
      exemptionRefundAtRenewal({ member: { ...newcomer, kind: 'special' }, renewedOn: '2026-10-13' }),
    ).toMatchObject({ refunded: false, reason: 'SPECIAL_CONTRACT' });
  });

  it('refuses impossible inputs', () => {
    expect(() =>
      exemptionRefundAtRenewal({ member: newcomer, renewedOn: '2026-10-13', exemptDaysByStamps: 51 }),
    ).toThrow(DomainError);
    expect(() =>
      exemptionRefundAtRenewal({ member: { ...newcomer, days: -1 }, renewedOn: '2026-10-13' }),
    ).toThrow(/member.days/);
    expect(() => exemptionRefundAtRenewal({ member: newcomer, renewedOn: '13/10/2026' })).toThrow(
      /not an ISO date/,
    );
  });
});
