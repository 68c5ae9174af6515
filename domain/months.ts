// R-MONTHS, R-ELIGIBLE: 掛金納付月数 from contribution days, and whether an allowance is payable.
import { assertIsoDate } from './calendar.js';
import { DomainError, type IsoDate } from './types.js';

/** 21 contribution days make one month (約款 第14条; seed 001 「共済証紙21日分を1ヶ月として換算」). */
export const DAYS_PER_MONTH = 21;
/** No allowance below 12 months (約款 第18条; seed 001). */
export const MIN_MONTHS = 12;
/** 12 months = 252 days (seed 003 「証紙252日分を1年と換算」). */
export const MIN_DAYS = MIN_MONTHS * DAYS_PER_MONTH;
/** Claims whose event is on or before this date needed 24 months, except a bereaved family's (seed 001). */
export const OLD_RULE_LAST_DAY: IsoDate = '2016-03-31';
export const OLD_RULE_MONTHS = 24;

/** Throws `INVALID_DAYS` unless `days` is a non-negative safe integer. */
export function assertDays(days: number, what = 'days'): number {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new DomainError('INVALID_DAYS', `${what} must be a non-negative integer, got ${days}`);
  }
  return days;
}

/** Whole months and the days left over, e.g. 251 days → 11 months 20 days. Thresholds use this. */
export function monthsAndDays(days: number): { months: number; days: number } {
  assertDays(days);
  return { months: Math.floor(days / DAYS_PER_MONTH), days: days % DAYS_PER_MONTH };
}

/** Completed months (floor): what a threshold such as 「12月に達したとき」 compares. */
export function wholeMonths(days: number): number {
  return monthsAndDays(days).months;
}

/**
 * Months for the 早見表: days / 21 with 「端数は小数1位で四捨五入」 (seed 003), i.e. to whole months.
 * The remainder r of 21 rounds up from r = 11 (11/21 = 0.52…); exact halves cannot occur.
 */
export function roundedMonths(days: number): number {
  const { months, days: rest } = monthsAndDays(days);
  return rest * 2 >= DAYS_PER_MONTH ? months + 1 : months;
}

/** Days that make `months` whole months. */
export function daysForMonths(months: number): number {
  return assertDays(months, 'months') * DAYS_PER_MONTH;
}

export interface DayParts {
  /** Days paid with stamps (証紙貼付, including stamp-exempted days 消印のみ). */
  stampDays?: number;
  /** Days paid electronically (退職金ポイント). */
  electronicDays?: number;
  /** Days under a 特別共済契約 (特別退職金ポイント or 特別 stamps). */
  specialDays?: number;
}

/** Stamp and electronic days add up (第14条1), and so do 特別 and regular days (第42条). */
export function totalDays(parts: DayParts): number {
  return (
    assertDays(parts.stampDays ?? 0, 'stampDays') +
    assertDays(parts.electronicDays ?? 0, 'electronicDays') +
    assertDays(parts.specialDays ?? 0, 'specialDays')
  );
}

export interface ClaimEvent {
  /** 請求事由発生年月日. */
  on: IsoDate;
  /** The worker died and the family claims (遺族請求). */
  death: boolean;
}

/**
 * R-ELIGIBLE: months required for an allowance. 12; 24 when the claim event is on or before
 * 2016-03-31 — except a bereaved family's claim, which needed 12 then too (seed 001).
 */
export function requiredMonths(claim: ClaimEvent): number {
  assertIsoDate(claim.on);
  return claim.on <= OLD_RULE_LAST_DAY && !claim.death ? OLD_RULE_MONTHS : MIN_MONTHS;
}

export interface Eligibility {
  eligible: boolean;
  months: number;
  requiredMonths: number;
  requiredDays: number;
  /** Days still missing (0 when eligible). */
  missingDays: number;
}

/** R-ELIGIBLE: whether `days` (all kinds added up) earn an allowance for this claim. */
export function eligibility(days: number, claim: ClaimEvent): Eligibility {
  const required = requiredMonths(claim);
  const requiredDays = daysForMonths(required);
  const months = wholeMonths(days);
  return {
    eligible: days >= requiredDays,
    months,
    requiredMonths: required,
    requiredDays,
    missingDays: Math.max(0, requiredDays - days),
  };
}
