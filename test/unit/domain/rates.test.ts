import { describe, expect, it } from 'vitest';
import { dailyRateOn, rateRowOn } from '../../../domain/rates.js';
import { DomainError } from '../../../domain/types.js';

describe('R-RATE 掛金日額 by work date (約款 第4条, 機構 notices)', () => {
  it.each([
    ['2021-10-01', 320],
    ['2026-10-13', 320],
    ['2021-09-30', 310],
    ['2016-04-01', 310],
    ['2016-03-31', 300],
    ['2003-10-01', 300],
  ])('work on %s is charged %i yen a day', (date, rate) => {
    expect(dailyRateOn(date)).toBe(rate);
  });

  it('names the source of the rate it used', () => {
    expect(rateRowOn('2026-04-01').source).toContain('第4条');
  });

  it('fails clearly before the table starts', () => {
    expect(() => dailyRateOn('2003-09-30')).toThrow(DomainError);
    expect(() => dailyRateOn('2003-09-30')).toThrow(/not defined for work date 2003-09-30/);
  });

  it('refuses a date that is not ISO', () => {
    expect(() => dailyRateOn('2026/10/01')).toThrow(DomainError);
    expect(() => dailyRateOn('2026-02-30')).toThrow(DomainError);
  });

  it('fails clearly on an empty table', () => {
    expect(() => dailyRateOn('2026-10-01', [])).toThrow(/table starts nowhere/);
  });
});
