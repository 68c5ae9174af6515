// The Japanese business calendar (R-10TH, R-PUBLIC40's business day) and the national holidays
// (祝日, 振替休日, 国民の休日) the service can meet, from @holiday-jp/holiday_jp's
// per-year data: 2016 (the oldest dates the rules handle: the 2016-04-01 rate change, contracts of public
// works still being paid) to 2050 (the last year the library publishes). A date outside the range is
// refused with CALENDAR_OUT_OF_RANGE, never guessed. Loading the years one by one
// instead of the package's index keeps 1970–2015 out of every bundle; and only a bundle that decides
// business days keeps any of it: the date arithmetic (./calendar.ts) does not import this module.

import y2016 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2016.js';
import y2017 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2017.js';
import y2018 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2018.js';
import y2019 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2019.js';
import y2020 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2020.js';
import y2021 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2021.js';
import y2022 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2022.js';
import y2023 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2023.js';
import y2024 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2024.js';
import y2025 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2025.js';
import y2026 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2026.js';
import y2027 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2027.js';
import y2028 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2028.js';
import y2029 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2029.js';
import y2030 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2030.js';
import y2031 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2031.js';
import y2032 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2032.js';
import y2033 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2033.js';
import y2034 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2034.js';
import y2035 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2035.js';
import y2036 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2036.js';
import y2037 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2037.js';
import y2038 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2038.js';
import y2039 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2039.js';
import y2040 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2040.js';
import y2041 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2041.js';
import y2042 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2042.js';
import y2043 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2043.js';
import y2044 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2044.js';
import y2045 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2045.js';
import y2046 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2046.js';
import y2047 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2047.js';
import y2048 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2048.js';
import y2049 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2049.js';
import y2050 from '@holiday-jp/holiday_jp/lib/holidays_every_year/2050.js';
import { addDays, addMonths, assertIsoDate, closureOn, dayOfWeek, public40Deadline } from './calendar.js';
import { type Closure, DEFAULT_CLOSURES } from './config/closures.js';
import { DomainError, type IsoDate, type YearMonth } from './types.js';

/** The years imported above: outside them a business day cannot be decided. */
export const HOLIDAY_DATA_RANGE = { from: '2016-01-01', to: '2050-12-31' } as const;

type Holidays = Readonly<Record<string, { name: string }>>;

function merge(...years: object[]): Holidays {
  return Object.assign({}, ...years);
}

/** Keyed by ISO date; the package's own Date helpers (UTC midnight) are not used. */
const HOLIDAYS: Holidays = merge(
  y2016,
  y2017,
  y2018,
  y2019,
  y2020,
  y2021,
  y2022,
  y2023,
  y2024,
  y2025,
  y2026,
  y2027,
  y2028,
  y2029,
  y2030,
  y2031,
  y2032,
  y2033,
  y2034,
  y2035,
  y2036,
  y2037,
  y2038,
  y2039,
  y2040,
  y2041,
  y2042,
  y2043,
  y2044,
  y2045,
  y2046,
  y2047,
  y2048,
  y2049,
  y2050,
);

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
  return HOLIDAYS[date]?.name;
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
