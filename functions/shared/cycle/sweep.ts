// The daily sweep (Asia/Tokyo): every day, the reconciliation of charges (no debit without its record);
// on the day a month's CCUS files become visible (R-10TH: the business day after the 10th), tell each
// prime whose automatically linked site has no file for that month.
import { addMonths, autoFileVisibleOn, isWorkMonthProvided, monthOf } from '../../../domain/calendar.js';
import type { CycleDeps } from './deps.js';
import { reconcileCharges } from './reconcile.js';

/** Today's date in Japan, whatever the machine's time zone. */
export function todayInTokyo(now: Date): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export interface SweepOutput {
  date: string;
  workMonth: string;
  dueToday: boolean;
  sitesChecked: number;
  missing: number;
  /** Charged months found incomplete and completed today (each also raised an operators notice). */
  reconciled: number;
}

export async function monthlySweep(deps: CycleDeps, input: { date?: string } = {}): Promise<SweepOutput> {
  const date = input.date ?? todayInTokyo(deps.now());
  const workMonth = addMonths(monthOf(date), -1);
  const dueToday = autoFileVisibleOn(workMonth) === date;
  const reconciled = (await reconcileCharges(deps)).repaired.length;
  if (!dueToday) return { date, workMonth, dueToday, sitesChecked: 0, missing: 0, reconciled };
  const sites = (await deps.registry.allSites()).filter(
    (s) => s.linkMethod === 'auto' && isWorkMonthProvided(s, workMonth),
  );
  let missing = 0;
  for (const site of sites) {
    if (await deps.imports.currentImport(site.siteId, workMonth)) continue;
    await deps.outbox.enqueue({
      messageId: `file-missing:${site.siteId}:${workMonth}`,
      notice: 'file-missing',
      to: site.primeContractorNo,
      siteId: site.siteId,
      workMonth,
      payload: { expectedOn: date },
      createdAt: deps.now().toISOString(),
    });
    missing++;
  }
  return { date, workMonth, dueToday, sitesChecked: sites.length, missing, reconciled };
}
