// The Japanese business calendar (R-10TH, R-PUBLIC40's business day) and the national holidays
// (祝日, 振替休日, 国民の休日) the service can meet: ./config/holidays.ts, generated from
// @holiday-jp/holiday_jp for 2016 (the oldest dates the rules handle: the 2016-04-01 rate change, contracts
// of public works still being paid) to 2050 (the last year the library publishes). A date outside the
// range is refused with CALENDAR_OUT_OF_RANGE, never guessed. Only a bundle that decides business days
// carries the table: the date arithmetic (./calendar.ts) does not import this module.

import { addDays, addMonths, assertIsoDate, closureOn, dayOfWeek, public40Deadline } from './calendar.js';
import { type Closure, DEFAULT_CLOSURES } from './config/closures.js';
import { HOLIDAY_YEARS, HOLIDAYS } from './config/holidays.js';
import { DomainError, type IsoDate, type YearMonth } from './types.js';

/** The years of the holiday table: outside them a business day cannot be decided. */
export const HOLIDAY_DATA_RANGE = {
  from: `${HOLIDAY_YEARS.first}-01-01`,
  to: `${HOLIDAY_YEARS.last}-12-31`,
} as const;

/** The national holiday (祝日, 振替休日, 国民の休日) on a date, or undefined. */
export function holidayName(date: IsoDate): string | undefined {
  assertIsoDate(date);
  if (date < HOLIDAY_DATA_RANGE.from || date > HOLIDAY_DATA_RANGE.to) {
    throw new DomainError(
      'CALENDAR_OUT_OF_RANGE',
      `holiday data covers ${HOLIDAY_DATA_RANGE.from}..${HOLIDAY_DATA_RANGE.to}, not ${date}`,
    );
  }
  // `date` is a validated ISO string, so it can never hit an Object.prototype key.
  return HOLIDAYS[date];
}

/** A business day: not Saturday/Sunday, not a national holiday, not a configured closure. */
export function isBusinessDay(date: IsoDate, closures: readonly Closure[] = DEFAULT_CLOSURES): boolean {
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return holidayName(date) === undefined && closureOn(date, closures) === undefined;
}

/** The first business day strictly after `date`. */
export function nextBusinessDayAfter(
  date: IsoDate,
  closures: readonly Closure[] = DEFAULT_CLOSURES,
): IsoDate {
  let d = date;
  // A year without a business day can only come from a broken closure table; stop instead of looping.
  for (let i = 0; i < 366; i++) {
    d = addDays(d, 1);
    if (isBusinessDay(d, closures)) return d;
  }
  throw new DomainError('NO_BUSINESS_DAY', `no business day within a year after ${date}`);
}

/**
 * R-10TH: the day the 電子申請専用サイト shows the 就業履歴 of `workMonth` under 自動連携: CCUS delivers
 * the previous month on the 10th, visible the next business day (manual 000, 手順3).
 */
export function autoFileVisibleOn(
  workMonth: YearMonth,
  closures: readonly Closure[] = DEFAULT_CLOSURES,
): IsoDate {
  return nextBusinessDayAfter(`${addMonths(workMonth, 1)}-10`, closures);
}

/**
 * R-PUBLIC40: the last business day on or before the 40th day. Orderers receive documents on business
 * days only, and whether a 40th day on a holiday rolls forward (民法 第142条) depends on the contract's
 * terms; handing the 収納書 in by this day is within 40 days however the orderer counts.
 */
export function public40SubmitBy(
  contractOn: IsoDate,
  closures: readonly Closure[] = DEFAULT_CLOSURES,
): IsoDate {
  let d = public40Deadline(contractOn);
  for (let i = 0; i < 366 && !isBusinessDay(d, closures); i++) d = addDays(d, -1);
  return d;
}
