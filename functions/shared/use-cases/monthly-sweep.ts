// MonthlySweep (the daily schedule, Asia/Tokyo)
// In: the date (default today). Out: the files missing, the charges repaired, the 第40条 notices queued.
// Course: reconcile charges every day; on the day files become visible (R-10TH: the business day after
// the 10th), tell each prime whose automatically linked site has no file for that month.
import { autoFileVisibleOn } from '../../../domain/business-days.js';
import { addMonths, isWorkMonthProvided, monthOf } from '../../../domain/calendar.js';
import { public40Status } from '../../../domain/evidence.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { reconcileCharges } from './reconcile-charges.js';

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
  /** R-PUBLIC40 notices offered today (a stage already queued stays queued once: its id is fixed). */
  public40?: number;
}

export async function monthlySweep(
  deps: Pick<CycleDeps, 'now' | 'registry' | 'imports' | 'outbox' | 'workflow' | 'ledger' | 'contributions'>,
  input: { date?: string } = {},
): Promise<SweepOutput> {
  const date = input.date ?? todayInTokyo(deps.now());
  const workMonth = addMonths(monthOf(date), -1);
  const dueToday = autoFileVisibleOn(workMonth) === date;
  const reconciled = (await reconcileCharges(deps)).repaired.length;
  const public40 = await public40Notices(deps, date);
  if (!dueToday) return { date, workMonth, dueToday, sitesChecked: 0, missing: 0, reconciled, public40 };
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
  return { date, workMonth, dueToday, sitesChecked: sites.length, missing, reconciled, public40 };
}

/**
 * R-PUBLIC40: every day, each public work whose prime has not yet bought points named for it gets the
 * notice of its stage — the first request, a reminder in the last days, overdue after the submit-by
 * day — once per stage (the message id holds the stage), until a purchase names the 工事.
 */
export async function public40Notices(
  deps: Pick<CycleDeps, 'registry' | 'ledger' | 'outbox' | 'now'>,
  date: string,
): Promise<number> {
  const sites = (await deps.registry.allSites()).filter(
    (s) => s.deletedAt === undefined && s.contract?.orderer.kind === 'public',
  );
  const boughtFor = new Map<string, Set<string>>();
  let queued = 0;
  for (const site of sites) {
    const contract = site.contract!;
    if (contract.contractOn > date) continue;
    let named = boughtFor.get(site.primeContractorNo);
    if (!named) {
      const entries = [
        ...(await deps.ledger.entries(site.primeContractorNo, 'regular')),
        ...(await deps.ledger.entries(site.primeContractorNo, 'special')),
      ];
      named = new Set(
        entries.flatMap((e) =>
          (e.kind === 'purchase' || e.kind === 'stamps') && e.siteId ? [e.siteId] : [],
        ),
      );
      boughtFor.set(site.primeContractorNo, named);
    }
    const status = public40Status(contract, named.has(site.siteId), date);
    if (!status.applies || status.stage === null) continue;
    await deps.outbox.enqueue({
      messageId: `public40:${site.siteId}:${contract.contractOn}:${status.stage}`,
      notice: 'public40-purchase',
      to: site.primeContractorNo,
      siteId: site.siteId,
      workMonth: monthOf(contract.contractOn),
      payload: { dueOn: status.submitBy, stage: status.stage },
      createdAt: deps.now().toISOString(),
    });
    queued++;
  }
  return queued;
}
