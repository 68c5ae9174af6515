// A month's work lines as people see them: which lines a caller may see, their view, and the pricing of
// a person's changes (each date at its own 日額, R-RATE).
import type { WorkLine } from '../../../../domain/import/types.js';
import type { StoredWorkLine } from '../../../../domain/ports/storage.js';
import { dailyRateOn } from '../../../../domain/rates.js';
import type { MonthAccess } from './access.js';

/** The lines a caller may see: all for the prime; for a 一次 / lower tier, its own chain only. */
export function visibleLines<L extends Pick<WorkLine, 'employerCompanyId' | 'firstTierCompanyId'>>(
  access: MonthAccess,
  lines: L[],
): L[] {
  if (access.relation === 'own') return lines;
  const mine = new Set(access.companies.map((c) => c.companyId));
  const myFirstTiers = new Set(access.companies.filter((c) => c.tier === 1).map((c) => c.companyId));
  return lines.filter(
    (l) =>
      mine.has(l.employerCompanyId) ||
      (l.firstTierCompanyId !== null && myFirstTiers.has(l.firstTierCompanyId)),
  );
}

export function lineView(l: StoredWorkLine) {
  return {
    workerId: l.workerId,
    employerCompanyId: l.employerCompanyId,
    memberNo: l.memberNo,
    firstTierCompanyId: l.firstTierCompanyId,
    tier: l.tier,
    days: l.days,
    dates: l.dates,
    points: l.points,
    rates: l.rates,
    adjustments: l.adjustments,
    ...(l.excluded ? { excluded: l.excluded } : {}),
  };
}

/** Points and rates of a set of work dates, each date at its own 日額 (R-RATE). */
export function priced(dates: string[]): Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'> {
  const sorted = [...dates].sort();
  const byRate = new Map<number, number>();
  for (const d of sorted) {
    const r = dailyRateOn(d);
    byRate.set(r, (byRate.get(r) ?? 0) + 1);
  }
  const rates = [...byRate].map(([dailyRate, days]) => ({ dailyRate, days }));
  return {
    dates: sorted,
    days: sorted.length,
    points: rates.reduce((s, r) => s + r.dailyRate * r.days, 0),
    rates,
  };
}

/**
 * Days without dates (the 未登録技能者 sheet gives a count only): priced at the 日額 of the month's first
 * day — rates change on the 1st of a month (R-RATE), so every day of a month has the same rate.
 */
export function pricedDays(
  workMonth: string,
  days: number,
): Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'> {
  const dailyRate = dailyRateOn(`${workMonth}-01`);
  return { dates: [], days, points: dailyRate * days, rates: days > 0 ? [{ dailyRate, days }] : [] };
}
