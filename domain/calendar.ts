// The calendar and the dates the rules derive from it: R-DEADLINE, R-PROVISION, R-RETAIN, R-PUBLIC40
// (business days, R-10TH and the holidays are in ./business-days.ts). Dates stay ISO strings; arithmetic goes through Date.UTC only, so the
// machine time zone never matters (holiday_jp's own helpers build Dates at UTC midnight: not used).
import { type Closure, DEFAULT_CLOSURES } from './config/closures.js';
import { DomainError, type IsoDate, type Site, type WagePayment, type YearMonth } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function utcOf(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    // Round-trip check refuses 2026-02-30 and the like instead of silently rolling over.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t;
  }
  throw new DomainError('INVALID_DATE', `not an ISO date (YYYY-MM-DD): ${date}`);
}

function isoOf(t: number): IsoDate {
  return new Date(t).toISOString().slice(0, 10);
}

/** Throws `INVALID_DATE` unless `date` is a real calendar date `YYYY-MM-DD`. */
export function assertIsoDate(date: IsoDate): IsoDate {
  utcOf(date);
  return date;
}

/** Throws `INVALID_MONTH` unless `month` is `YYYY-MM`. */
export function assertYearMonth(month: YearMonth): YearMonth {
  if (!YEAR_MONTH.test(month)) throw new DomainError('INVALID_MONTH', `not a month (YYYY-MM): ${month}`);
  return month;
}

/** `date` shifted by `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOf(utcOf(date) + days * DAY_MS);
}

/** `month` shifted by `months` (negative goes back). */
export function addMonths(month: YearMonth, months: number): YearMonth {
  assertYearMonth(month);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String(index - y * 12 + 1).padStart(2, '0')}`;
}

/** The month a date falls in. */
export function monthOf(date: IsoDate): YearMonth {
  return assertIsoDate(date).slice(0, 7);
}

/** Number of days in a month (leap years included). */
export function daysInMonth(month: YearMonth): number {
  assertYearMonth(month);
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** Last calendar day of a month. */
export function lastDayOfMonth(month: YearMonth): IsoDate {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(utcOf(date)).getUTCDay();
}

function closureBound(bound: string, closure: Closure): string {
  if (MONTH_DAY.test(bound)) return bound;
  if (ISO_DATE.test(bound)) return assertIsoDate(bound);
  throw new DomainError(
    'INVALID_CLOSURE',
    `closure ${closure.name}: bound ${bound} is neither MM-DD nor YYYY-MM-DD`,
  );
}

/** The configured closure covering a date, or undefined. */
export function closureOn(
  date: IsoDate,
  closures: readonly Closure[] = DEFAULT_CLOSURES,
): Closure | undefined {
  assertIsoDate(date);
  return closures.find((c) => {
    const from = closureBound(c.from, c);
    const to = closureBound(c.to, c);
    if (from.length !== to.length) {
      throw new DomainError('INVALID_CLOSURE', `closure ${c.name}: mixes a recurring and a one-off bound`);
    }
    if (from.length === 10) return from <= date && date <= to;
    const md = date.slice(5);
    // A recurring range whose end precedes its start runs over the new year (12-29 → 01-03).
    return from <= to ? from <= md && md <= to : md >= from || md <= to;
  });
}

/**
 * R-DEADLINE: 就労実績報告 and 掛金充当 for a wage paid in month M are due by the last day of M+1
 * (約款 第11条1 「賃金を支払う期日の属する月の翌末日まで」). Accepts the pay date or its month.
 * Not moved to a business day: the article names a calendar day.
 */
export function reportDeadline(wagePaid: IsoDate | YearMonth): IsoDate {
  const month = wagePaid.length === 7 ? assertYearMonth(wagePaid) : monthOf(wagePaid);
  return lastDayOfMonth(addMonths(month, 1));
}

/**
 * R-DEADLINE of a work month: the wages of `workMonth` are paid in that month or the next (賃金支払日,
 * `wagePayment`); the report and 充当 are due by the end of the month after the wage month. Without a
 * setting the work month is taken (the earliest case, so a reminder is never late).
 */
export function workMonthDeadline(workMonth: YearMonth, wagePayment: WagePayment = 'same-month'): IsoDate {
  const worked = assertYearMonth(workMonth);
  return reportDeadline(wagePayment === 'next-month' ? addMonths(worked, 1) : worked);
}

/** R-DEADLINE: whether a report made on `reportedOn` meets the deadline of a wage paid in `wagePaid`. */
export function isReportOnTime(wagePaid: IsoDate | YearMonth, reportedOn: IsoDate): boolean {
  return assertIsoDate(reportedOn) <= reportDeadline(wagePaid);
}

export type ProvisionSite = Pick<Site, 'linkMethod' | 'linkedOn' | 'accumulationStart' | 'accumulationEnd'>;

export interface ProvisionWindow {
  /** First and last month in which CCUS provides a file (inclusive). */
  firstDeliveryMonth: YearMonth;
  lastDeliveryMonth: YearMonth;
  /** The work months those files carry: a file delivered in month D holds work month D−1. */
  firstWorkMonth: YearMonth;
  lastWorkMonth: YearMonth;
  /** True when the window holds no month (e.g. linked after the accumulation ended). */
  empty: boolean;
}

/**
 * R-PROVISION (manual 000, 手順1 参考 ファイル提供期間): 手動連携 from the month after the linkage
 * setting, 自動連携 from the month after the accumulation start; both until the month after the
 * accumulation end.
 */
export function provisionWindow(site: ProvisionSite): ProvisionWindow {
  const start = monthOf(site.accumulationStart);
  const end = monthOf(site.accumulationEnd);
  if (site.accumulationStart > site.accumulationEnd) {
    throw new DomainError(
      'INVALID_SITE_PERIOD',
      `就業履歴蓄積期間 starts ${site.accumulationStart} after it ends ${site.accumulationEnd}`,
    );
  }
  const from = site.linkMethod === 'manual' ? monthOf(site.linkedOn) : start;
  const firstDeliveryMonth = addMonths(from, 1);
  const lastDeliveryMonth = addMonths(end, 1);
  return {
    firstDeliveryMonth,
    lastDeliveryMonth,
    firstWorkMonth: from,
    lastWorkMonth: end,
    empty: firstDeliveryMonth > lastDeliveryMonth,
  };
}

/** R-PROVISION: whether a file of `workMonth` for this site is inside the window (else it is refused). */
export function isWorkMonthProvided(site: ProvisionSite, workMonth: YearMonth): boolean {
  assertYearMonth(workMonth);
  const w = provisionWindow(site);
  return w.firstWorkMonth <= workMonth && workMonth <= w.lastWorkMonth;
}

/** R-PROVISION: whether CCUS provides this site's file in `deliveryMonth`. */
export function isDeliveryMonthProvided(site: ProvisionSite, deliveryMonth: YearMonth): boolean {
  return isWorkMonthProvided(site, addMonths(deliveryMonth, -1));
}

/**
 * R-RETAIN (約款 第12条の2): records are kept 「賃金を支払った日から2年間」. Counted as the Civil Code
 * does (民法 第140条 初日不算入, 第143条): the period starts the day after payment and ends the day
 * before the same date two years on (the month's last day when that date does not exist), so the
 * earliest deletion is the day after that end. Never earlier.
 */
export function retentionEarliestDeletion(wagePaidOn: IsoDate): IsoDate {
  const start = addDays(wagePaidOn, 1);
  const targetMonth = `${String(Number(start.slice(0, 4)) + 2).padStart(4, '0')}-${start.slice(5, 7)}`;
  const day = Number(start.slice(8, 10));
  // No corresponding day (29 Feb → a common year): the period ends on the month's last day.
  const end =
    day > daysInMonth(targetMonth)
      ? lastDayOfMonth(targetMonth)
      : addDays(`${targetMonth}-${start.slice(8)}`, -1);
  return addDays(end, 1);
}

/** R-RETAIN: whether a record of a wage paid on `wagePaidOn` may be deleted on `today`. */
export function mayDeleteRecord(wagePaidOn: IsoDate, today: IsoDate): boolean {
  return assertIsoDate(today) >= retentionEarliestDeletion(wagePaidOn);
}

/**
 * R-PUBLIC40: the 掛金収納書 of a public work is due to the orderer within 40 days of the contract
 * (manual 000, 手順1, electronic method); counted from the day after the contract (初日不算入).
 */
export function public40Deadline(contractOn: IsoDate): IsoDate {
  return addDays(contractOn, 40);
}
