// ReconcileCharges (run by the daily sweep)
// In: today and how many months back. Out: the charges checked and those repaired.
// Course: no debit without its record. A month whose points moved (its
// application reads 充当済, or the ledger holds the application's debit) must have every member's days
// recorded. Whatever a time-out, a crash or a failed execution left in between is completed here with
// the same idempotent steps the cycle uses, and the operators are told (outbox notice + an error log).
import { addMonths, monthOf } from '../../../domain/calendar.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { ApplicationRecord } from '../../../domain/ports/storage.js';
import { logger } from '../handler.js';
import { todayInTokyo } from './monthly-sweep.js';
import { recordContributions } from './record-contributions.js';

/** Work months looked at, back from the current one: a month is charged by the end of the next (第11条1), late ones within a year. */
export const RECONCILE_MONTHS = 13;
/** A charge younger than this is left to its own execution, which is still retrying it. */
export const RECONCILE_GRACE_MS = 6 * 3_600_000;

export interface ReconcileInput {
  /** Look at charges older than this many ms (default RECONCILE_GRACE_MS). */
  graceMs?: number;
  /** Only these sites (default: every registered site). */
  siteIds?: string[];
}

export interface Repaired {
  siteId: string;
  workMonth: string;
  importId: string;
  /** What was missing: the application's 充当済 / the month's pin, the members' days. */
  marked: boolean;
  membersMissing: number;
  recorded: number;
}

export interface ReconcileOutput {
  monthsChecked: number;
  charged: number;
  repaired: Repaired[];
}

/** The time the points moved, when they did: the application's chargedAt, or the ledger debit's. */
async function chargedAt(
  deps: Pick<CycleDeps, 'ledger'>,
  app: ApplicationRecord,
): Promise<string | undefined> {
  if (app.status === '充当済') return app.chargedAt ?? app.decidedAt ?? app.appliedAt;
  if (app.status !== '承認') return undefined;
  const debit = await deps.ledger.entry(app.primeContractorNo, app.pointKind, 'debit', app.applicationId);
  return debit?.at;
}

/**
 * Members of the import whose days of this site-month are not recorded as the import has them (none, or
 * an earlier charge's after a 追加申請 / 誤納 return); unknown members cannot be recorded.
 */
async function membersMissing(
  deps: Pick<CycleDeps, 'imports' | 'registry' | 'contributions'>,
  app: ApplicationRecord,
): Promise<number> {
  const lines = await deps.imports.lines(app.siteId, app.workMonth, app.importId);
  const days = new Map<string, number>();
  for (const l of lines)
    if (l.memberNo && l.days > 0) days.set(l.memberNo, (days.get(l.memberNo) ?? 0) + l.days);
  let missing = 0;
  for (const [memberNo, want] of days) {
    if (!(await deps.registry.getMember(memberNo))) continue;
    const recorded = (await deps.contributions.contributionsOf(memberNo))
      .filter((c) => c.workMonth === app.workMonth && c.siteId === app.siteId)
      .reduce((n, c) => n + c.days, 0);
    if (recorded !== want) missing++;
  }
  return missing;
}

export async function reconcileCharges(
  deps: Pick<CycleDeps, 'now' | 'registry' | 'workflow' | 'imports' | 'outbox' | 'ledger' | 'contributions'>,
  input: ReconcileInput = {},
): Promise<ReconcileOutput> {
  const now = deps.now();
  const graceMs = input.graceMs ?? RECONCILE_GRACE_MS;
  const current = monthOf(todayInTokyo(now));
  const months = Array.from({ length: RECONCILE_MONTHS }, (_, i) => addMonths(current, -i));
  const siteIds = input.siteIds ?? (await deps.registry.allSites()).map((s) => s.siteId);
  const out: ReconcileOutput = { monthsChecked: 0, charged: 0, repaired: [] };
  for (const siteId of siteIds) {
    for (const workMonth of months) {
      out.monthsChecked++;
      const app = await deps.workflow.getApplication(siteId, workMonth);
      if (!app) continue;
      const at = await chargedAt(deps, app);
      if (at === undefined) continue;
      out.charged++;
      if (graceMs > 0 && now.getTime() - new Date(at).getTime() < graceMs) continue;
      const marked = app.status !== '充当済';
      const missing = await membersMissing(deps, app);
      if (!marked && missing === 0) continue;
      const ids = { siteId, workMonth, importId: app.importId };
      if (marked) {
        // The debit landed, the steps after it did not: the same idempotent steps as DebitPoints.
        await deps.workflow.markApplicationCharged(siteId, workMonth, at);
        await deps.imports.markCharged(siteId, workMonth, app.importId, at).catch((e: unknown) => {
          // The import was replaced between the debit and its pin: the days paid for are still recorded.
          logger.error('charged import could not be pinned', {
            siteId,
            workMonth,
            importId: app.importId,
            error: (e as Error).name,
          });
        });
      }
      const recorded = missing > 0 ? (await recordContributions(deps, ids)).recorded : 0;
      const repaired = { ...ids, marked, membersMissing: missing, recorded };
      out.repaired.push(repaired);
      // The alarm: ids and counts only, never names or 被共済者番号.
      logger.error('charged month was incomplete; completed by the reconciliation', { ...repaired });
      await deps.outbox.enqueue({
        messageId: `charge-reconciled:${siteId}:${workMonth}:${app.importId}`,
        notice: 'charge-reconciled',
        to: 'operators',
        siteId,
        workMonth,
        payload: { importId: app.importId, marked, membersMissing: missing, recorded },
        createdAt: now.toISOString(),
      });
    }
  }
  return out;
}
