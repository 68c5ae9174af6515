// R-RATE, R-CHARGE, R-POINT: the daily rate of a work date and the charge of a worker-month.
import { assertIsoDate } from './calendar.js';
import { DAILY_RATES, type DailyRateRow } from './config/daily-rates.js';
import { DomainError, type IsoDate, type Yen } from './types.js';

/** The rate row in force on a work date; throws `RATE_OUT_OF_TABLE` outside the table. */
export function rateRowOn(workDate: IsoDate, table: readonly DailyRateRow[] = DAILY_RATES): DailyRateRow {
  assertIsoDate(workDate);
  let found: DailyRateRow | undefined;
  for (const row of table) if (row.from <= workDate) found = row;
  if (!found) {
    throw new DomainError(
      'RATE_OUT_OF_TABLE',
      `掛金日額 is not defined for work date ${workDate} (table starts ${table[0]?.from ?? 'nowhere'})`,
    );
  }
  return found;
}

/** 掛金日額 for a work date (R-RATE). */
export function dailyRateOn(workDate: IsoDate, table: readonly DailyRateRow[] = DAILY_RATES): Yen {
  return rateRowOn(workDate, table).dailyRate;
}
