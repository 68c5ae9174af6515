// The holiday table the business calendar reads (domain/config/holidays.ts) is the package's data, as
// scripts/gen/holidays.ts writes it: regenerate with `npm run gen:holidays` after updating the package.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_DATA_RANGE, holidayName } from '../../../domain/business-days.js';
import { HOLIDAYS } from '../../../domain/config/holidays.js';
import { HOLIDAYS_PATH, packageHolidays, renderHolidays } from '../../../scripts/gen/holidays.js';

describe('the holiday table', () => {
  it('is what the generator writes from @holiday-jp/holiday_jp (run `npm run gen:holidays`)', () => {
    expect(readFileSync(HOLIDAYS_PATH, 'utf8')).toBe(renderHolidays(packageHolidays()));
  });

  it('holds every holiday of the package from the first year to the last, and nothing else', () => {
    expect(HOLIDAYS).toEqual(packageHolidays());
    const dates = Object.keys(HOLIDAYS);
    expect(dates[0]! >= HOLIDAY_DATA_RANGE.from && dates.at(-1)! <= HOLIDAY_DATA_RANGE.to).toBe(true);
  });

  it('knows a 振替休日 and a 国民の休日 (the package names it 休日), not the day after them', () => {
    // 2026-05-03 (憲法記念日) is a Sunday; 2026-09-22 lies between 敬老の日 and 秋分の日.
    expect(holidayName('2026-05-06')).toBe('こどもの日 振替休日');
    expect(holidayName('2026-09-22')).toBe('休日');
    expect(holidayName('2026-09-24')).toBeUndefined();
  });
});
