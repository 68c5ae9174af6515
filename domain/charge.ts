// R-CHARGE: the contribution of a worker-month = Σ over its work dates of the daily rate of each date.
import { dailyRateOn } from './rates.js';
import type { IsoDate, Yen } from './types.js';

export interface Charge {
  points: Yen;
  /** One entry per distinct rate, so a charged line keeps the rate(s) it used. */
  rates: { dailyRate: Yen; days: number }[];
}

/** Charge for a set of work dates (R-CHARGE, R-POINT: integer yen = points); a date counts once. */
export function chargeForDates(dates: readonly IsoDate[]): Charge {
  const byRate = new Map<Yen, number>();
  for (const d of new Set(dates)) {
    const rate = dailyRateOn(d);
    byRate.set(rate, (byRate.get(rate) ?? 0) + 1);
  }
  const rates = [...byRate]
    .map(([dailyRate, days]) => ({ dailyRate, days }))
    .sort((a, b) => a.dailyRate - b.dailyRate);
  return { points: rates.reduce((s, r) => s + r.dailyRate * r.days, 0), rates };
}
