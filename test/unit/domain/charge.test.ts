import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth } from '../../../domain/calendar.js';
import { chargeForDates } from '../../../domain/charge.js';
import { dailyRateOn } from '../../../domain/rates.js';
import { DomainError } from '../../../domain/types.js';

function monthDates(month: string): string[] {
  return Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

describe('R-CHARGE contribution = 日額 × days employed (約款 第11条1), priced per work date', () => {
  it('charges a month with 31 work dates (October 2026) 31 × 320 = 9,920 points', () => {
    const dates = monthDates('2026-10');
    expect(dates).toHaveLength(31);
    expect(chargeForDates(dates)).toEqual({ points: 9_920, rates: [{ dailyRate: 320, days: 31 }] });
  });

  it('charges the leap day 2028-02-29 like any other day: February 2028 = 29 × 320', () => {
    const dates = monthDates('2028-02');
    expect(dates.at(-1)).toBe('2028-02-29');
    expect(chargeForDates(dates).points).toBe(9_280);
  });

  it('splits a line across the 2021-09-30 / 2021-10-01 rate change (310 → 320) and keeps both rates', () => {
    expect(chargeForDates(['2021-10-01', '2021-09-30'])).toEqual({
      points: 630,
      rates: [
        { dailyRate: 310, days: 1 },
        { dailyRate: 320, days: 1 },
      ],
    });
  });

  it('splits a line across the 2016-03-31 / 2016-04-01 rate change (300 → 310)', () => {
    expect(chargeForDates(['2016-03-30', '2016-03-31', '2016-04-01'])).toEqual({
      points: 910,
      rates: [
        { dailyRate: 300, days: 2 },
        { dailyRate: 310, days: 1 },
      ],
    });
  });

  it('charges an empty month (0 days) nothing', () => {
    expect(chargeForDates([])).toEqual({ points: 0, rates: [] });
  });

  it('refuses a work date outside the rate table', () => {
    expect(() => chargeForDates(['2003-09-30'])).toThrow(DomainError);
  });
});

describe('R-POINT 1 yen = 1 point; balances are integers (約款 第12条1,3)', () => {
  it('prices any set of dates as the integer sum of each date’s rate', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 9_000 }), { maxLength: 40 }), (offsets) => {
        const dates = offsets.map((o) => addDays('2010-01-01', o));
        const charge = chargeForDates(dates);
        expect(Number.isSafeInteger(charge.points)).toBe(true);
        expect(charge.points).toBe(dates.reduce((s, d) => s + dailyRateOn(d), 0));
        expect(charge.rates.reduce((s, r) => s + r.days, 0)).toBe(dates.length);
      }),
    );
  });
});

describe('R-CHARGE a work date counts once', () => {
  it('charges a date listed twice once (distinct days, ccus-file.md)', async () => {
    const { chargeForDates } = await import('../../../domain/charge.js');
    expect(chargeForDates(['2026-10-01', '2026-10-01', '2026-10-02']).points).toBe(640);
  });
});
