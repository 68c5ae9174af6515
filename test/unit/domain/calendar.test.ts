import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  autoFileVisibleOn,
  HOLIDAY_DATA_RANGE,
  holidayName,
  isBusinessDay,
  nextBusinessDayAfter,
} from '../../../domain/business-days.js';
import {
  addDays,
  addMonths,
  closureOn,
  dayOfWeek,
  daysInMonth,
  isDeliveryMonthProvided,
  isReportOnTime,
  isWorkMonthProvided,
  lastDayOfMonth,
  mayDeleteRecord,
  monthOf,
  type ProvisionSite,
  provisionWindow,
  public40Deadline,
  reportDeadline,
  retentionEarliestDeletion,
} from '../../../domain/calendar.js';
import { DEFAULT_CLOSURES } from '../../../domain/config/closures.js';
import { DomainError } from '../../../domain/types.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return e instanceof DomainError ? e.code : undefined;
  }
  return undefined;
}

describe('ISO date arithmetic (no machine time zone)', () => {
  it('adds days over month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months over years, both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-09', 28)).toBe('2029-01');
  });

  it('knows month lengths, leap years included', () => {
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2100-02')).toBe(28);
    expect(daysInMonth('2026-10')).toBe(31);
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(monthOf('2026-10-13')).toBe('2026-10');
  });

  it('gives the weekday: 2026-10-10 is a Saturday, 2026-10-13 a Tuesday', () => {
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(dayOfWeek('2026-10-11')).toBe(0);
    expect(dayOfWeek('2026-10-13')).toBe(2);
  });

  it.each(['2026-02-30', '2027-02-29', '2026/10/13', '2026-10-1', ''])('refuses the date %j', (d) => {
    expect(() => addDays(d, 1)).toThrow(DomainError);
    expect(() => addDays(d, 1)).toThrow(/not an ISO date/);
  });

  it.each(['2026-13', '2026-00', '2026-1', '202610'])('refuses the month %j', (m) => {
    expect(() => addMonths(m, 1)).toThrow(/not a month/);
  });
});

describe('Japanese business days: weekends, national holidays (@holiday-jp/holiday_jp), closures', () => {
  it('reads national holidays by ISO date: 2026-10-12 スポーツの日', () => {
    expect(holidayName('2026-10-12')).toBe('スポーツの日');
    expect(holidayName('2026-10-13')).toBeUndefined();
    expect(isBusinessDay('2026-10-12')).toBe(false);
    expect(isBusinessDay('2026-10-13')).toBe(true);
  });

  it('Golden Week 2026 with its 振替休日 (5/3 on a Sunday → 5/6 off): after Fri 5/1 comes Thu 5/7', () => {
    expect(holidayName('2026-05-06')).toContain('振替休日');
    expect(isBusinessDay('2026-04-30')).toBe(true);
    expect(isBusinessDay('2026-04-29')).toBe(false);
    expect(nextBusinessDayAfter('2026-05-01')).toBe('2026-05-07');
  });

  it('Silver Week 2026 (敬老の日, 国民の休日, 秋分の日): after Fri 9/18 comes Thu 9/24', () => {
    expect(nextBusinessDayAfter('2026-09-18')).toBe('2026-09-24');
  });

  it('closes 12/29–1/3 by default (年末年始): after Mon 2026-12-28 comes Mon 2027-01-04', () => {
    expect(DEFAULT_CLOSURES).toEqual([{ from: '12-29', to: '01-03', name: '年末年始' }]);
    expect(closureOn('2026-12-29')?.name).toBe('年末年始');
    expect(closureOn('2027-01-03')?.name).toBe('年末年始');
    expect(closureOn('2026-12-28')).toBeUndefined();
    expect(closureOn('2027-01-04')).toBeUndefined();
    expect(nextBusinessDayAfter('2026-12-28')).toBe('2027-01-04');
  });

  it('lets the closures be configured: none, a recurring range, a one-off range', () => {
    expect(isBusinessDay('2026-12-29', [])).toBe(true);
    const obon = [{ from: '08-13', to: '08-16', name: 'お盆' }];
    expect(isBusinessDay('2026-08-13', obon)).toBe(false);
    expect(isBusinessDay('2026-08-17', obon)).toBe(true);
    const once = [{ from: '2026-08-13', to: '2026-08-14', name: 'system maintenance' }];
    expect(nextBusinessDayAfter('2026-08-12', once)).toBe('2026-08-17');
    expect(isBusinessDay('2027-08-13', once)).toBe(true);
  });

  it('refuses a broken closure table', () => {
    expect(() => closureOn('2026-08-13', [{ from: '8/13', to: '08-16', name: 'bad' }])).toThrow(
      /closure bad/,
    );
    expect(() => closureOn('2026-08-13', [{ from: '2026-08-13', to: '08-16', name: 'mixed' }])).toThrow(
      /mixes a recurring and a one-off bound/,
    );
    expect(() =>
      nextBusinessDayAfter('2026-08-13', [{ from: '01-01', to: '12-31', name: 'always' }]),
    ).toThrow(/no business day within a year/);
  });

  it('refuses dates outside the installed holiday data instead of guessing', () => {
    expect(HOLIDAY_DATA_RANGE.from <= '2016-01-01').toBe(true);
    expect(codeOf(() => isBusinessDay(addDays(HOLIDAY_DATA_RANGE.to, 3)))).toBe('CALENDAR_OUT_OF_RANGE');
    expect(() => holidayName(addDays(HOLIDAY_DATA_RANGE.from, -1))).toThrow(DomainError);
  });
});

describe('R-10TH the 自動連携 file of month M shows on the next business day after the 10th of M+1', () => {
  it('delivery in October 2026 (work month 2026-09) → Tuesday 2026-10-13 (10/10 Sat, 10/11 Sun, 10/12 スポーツの日)', () => {
    expect(autoFileVisibleOn('2026-09')).toBe('2026-10-13');
  });

  it('a 10th on a weekday shows the next day: work month 2026-10 → Wed 2026-11-11', () => {
    expect(autoFileVisibleOn('2026-10')).toBe('2026-11-11');
  });

  it('over the new year: work month 2026-12 → 1/10 Sun, 1/11 成人の日 → Tue 2027-01-12', () => {
    expect(autoFileVisibleOn('2026-12')).toBe('2027-01-12');
  });

  it('Golden Week does not touch the 10th: work month 2026-04 → 5/10 Sun → Mon 2026-05-11', () => {
    expect(autoFileVisibleOn('2026-04')).toBe('2026-05-11');
  });
});

describe('R-DEADLINE report and 充当 for a wage paid in month M are due on the last day of M+1 (第11条1)', () => {
  it.each([
    ['2026-09-25', '2026-10-31'],
    ['2026-09', '2026-10-31'],
    ['2026-01-31', '2026-02-28'],
    ['2028-01-15', '2028-02-29'],
    ['2026-12-10', '2027-01-31'],
  ])('wage paid %s → due %s', (paid, due) => {
    expect(reportDeadline(paid)).toBe(due);
  });

  it('a report on the last day is on time, the next day is late', () => {
    expect(isReportOnTime('2026-09-25', '2026-10-31')).toBe(true);
    expect(isReportOnTime('2026-09-25', '2026-11-01')).toBe(false);
  });

  it('refuses a bad wage month', () => {
    expect(() => reportDeadline('2026-13')).toThrow(DomainError);
  });
});

describe('R-PROVISION file provision window per site (manual 000, 手順1 参考)', () => {
  const site: ProvisionSite = {
    linkMethod: 'manual',
    linkedOn: '2026-04-15',
    accumulationStart: '2026-03-01',
    accumulationEnd: '2026-12-20',
  };

  it('手動連携: from the month after the linkage setting to the month after the accumulation end', () => {
    expect(provisionWindow(site)).toEqual({
      firstDeliveryMonth: '2026-05',
      lastDeliveryMonth: '2027-01',
      firstWorkMonth: '2026-04',
      lastWorkMonth: '2026-12',
      empty: false,
    });
    expect(isWorkMonthProvided(site, '2026-03')).toBe(false);
    expect(isWorkMonthProvided(site, '2026-04')).toBe(true);
    expect(isWorkMonthProvided(site, '2026-12')).toBe(true);
    expect(isWorkMonthProvided(site, '2027-01')).toBe(false);
    expect(isDeliveryMonthProvided(site, '2026-04')).toBe(false);
    expect(isDeliveryMonthProvided(site, '2027-01')).toBe(true);
    expect(isDeliveryMonthProvided(site, '2027-02')).toBe(false);
  });

  it('自動連携: from the month after the accumulation start to the month after its end', () => {
    const auto = { ...site, linkMethod: 'auto' as const };
    expect(provisionWindow(auto)).toMatchObject({
      firstDeliveryMonth: '2026-04',
      lastDeliveryMonth: '2027-01',
      firstWorkMonth: '2026-03',
      lastWorkMonth: '2026-12',
    });
    expect(isWorkMonthProvided(auto, '2026-03')).toBe(true);
    expect(isWorkMonthProvided(auto, '2026-02')).toBe(false);
  });

  it('a manual link made after the accumulation ended provides nothing', () => {
    const late = { ...site, linkedOn: '2027-01-05' };
    expect(provisionWindow(late).empty).toBe(true);
    expect(isWorkMonthProvided(late, '2026-12')).toBe(false);
    expect(isWorkMonthProvided(late, '2027-01')).toBe(false);
  });

  it('refuses an accumulation period that ends before it starts, and a bad month', () => {
    expect(() => provisionWindow({ ...site, accumulationEnd: '2026-02-28' })).toThrow(/就業履歴蓄積期間/);
    expect(() => isWorkMonthProvided(site, '2026-4')).toThrow(/not a month/);
  });
});

describe('R-RETAIN records kept 2 years from the wage payment (第12条の2), never deleted earlier', () => {
  it.each([
    ['2026-03-15', '2028-03-16'],
    ['2026-12-31', '2029-01-01'],
    ['2026-01-31', '2028-02-01'],
    ['2028-02-28', '2030-03-01'], // period starts 2028-02-29; 2030 has no 02-29 → ends 2030-02-28
    ['2028-02-29', '2030-03-01'],
    ['2027-02-28', '2029-03-01'],
  ])('a wage paid %s may be deleted from %s', (paid, earliest) => {
    expect(retentionEarliestDeletion(paid)).toBe(earliest);
  });

  it('keeps the record through the anniversary day', () => {
    expect(mayDeleteRecord('2026-03-15', '2028-03-15')).toBe(false);
    expect(mayDeleteRecord('2026-03-15', '2028-03-16')).toBe(true);
  });

  it('never allows deletion within two full years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (offset) => {
        const paid = addDays('2000-01-01', offset);
        const earliest = retentionEarliestDeletion(paid);
        const twoYearsOn = `${Number(paid.slice(0, 4)) + 2}${paid.slice(4)}`;
        // The anniversary itself (or 2/28 for a 2/29 payment) is still inside the period.
        expect(earliest > (paid.endsWith('02-29') ? `${twoYearsOn.slice(0, 7)}-28` : twoYearsOn)).toBe(true);
        expect(mayDeleteRecord(paid, addDays(earliest, -1))).toBe(false);
      }),
    );
  });
});

describe('R-PUBLIC40 掛金収納書 due to the orderer within 40 days of a public-works contract (000 手順1)', () => {
  it.each([
    ['2026-04-01', '2026-05-11'],
    ['2028-02-01', '2028-03-12'],
    ['2026-12-01', '2027-01-10'],
  ])('contract on %s → by %s', (contract, due) => {
    expect(public40Deadline(contract)).toBe(due);
  });
});
