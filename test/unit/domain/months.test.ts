import { describe, expect, it } from 'vitest';
import {
  DAYS_PER_MONTH,
  daysForMonths,
  eligibility,
  MIN_DAYS,
  monthsAndDays,
  requiredMonths,
  roundedMonths,
  totalDays,
  wholeMonths,
} from '../../../domain/months.js';
import { DomainError } from '../../../domain/types.js';

describe('R-MONTHS 掛金納付月数 = days / 21 (第14条, seed 001)', () => {
  it('21 days are one month and 252 days are 12 months', () => {
    expect(DAYS_PER_MONTH).toBe(21);
    expect(wholeMonths(21)).toBe(1);
    expect(wholeMonths(252)).toBe(12);
    expect(MIN_DAYS).toBe(252);
    expect(daysForMonths(12)).toBe(252);
  });

  it('counts whole months with the days left over: 251 days = 11 months 20 days; 0 days = 0', () => {
    expect(monthsAndDays(251)).toEqual({ months: 11, days: 20 });
    expect(monthsAndDays(0)).toEqual({ months: 0, days: 0 });
  });

  it.each([
    [241, 11], // 11.476… → 11
    [242, 12], // 11.523… → 12
    [252, 12],
    [262, 12], // 12.476… → 12
    [263, 13], // 12.523… → 13
    [0, 0],
    [10, 0],
    [11, 1],
  ])('rounds %i days to %i months for the 早見表 (端数は小数1位で四捨五入, seed 003)', (days, months) => {
    expect(roundedMonths(days)).toBe(months);
  });

  it('adds stamp, electronic and 特別 days (第14条1, 第42条)', () => {
    expect(totalDays({ stampDays: 200, electronicDays: 40, specialDays: 12 })).toBe(252);
    expect(totalDays({})).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s days', (days) => {
    expect(() => wholeMonths(days)).toThrow(DomainError);
    expect(() => totalDays({ electronicDays: days })).toThrow(
      /electronicDays must be a non-negative integer/,
    );
  });
});

describe('R-ELIGIBLE no allowance below 12 months (第18条, seed 001)', () => {
  const today = { on: '2026-10-01', death: false };

  it('251 days are not enough, 252 days are', () => {
    expect(eligibility(251, today)).toEqual({
      eligible: false,
      months: 11,
      requiredMonths: 12,
      requiredDays: 252,
      missingDays: 1,
    });
    expect(eligibility(252, today).eligible).toBe(true);
    expect(eligibility(252, today).missingDays).toBe(0);
  });

  it('0 days are not eligible', () => {
    expect(eligibility(0, today).eligible).toBe(false);
  });

  it('needs 24 months when the claim event is on or before 2016-03-31', () => {
    const old = { on: '2016-03-31', death: false };
    expect(requiredMonths(old)).toBe(24);
    expect(eligibility(503, old).eligible).toBe(false);
    expect(eligibility(504, old).eligible).toBe(true);
    expect(requiredMonths({ on: '2016-04-01', death: false })).toBe(12);
  });

  it('but a bereaved family’s claim needed only 12 months even then (seed 001 「死亡したときの遺族請求は12月以上」)', () => {
    const death = { on: '2016-03-31', death: true };
    expect(requiredMonths(death)).toBe(12);
    expect(eligibility(252, death).eligible).toBe(true);
  });

  it('refuses a claim date that is not a date', () => {
    expect(() => requiredMonths({ on: '2016-02-30', death: false })).toThrow(DomainError);
  });
});
