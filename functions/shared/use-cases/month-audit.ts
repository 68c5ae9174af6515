// MonthAudit (この月の監査記録)
// In: the site-month and, for a 一次's managers, whose actions they may read. Out: a page of the trail
// (with the next cursor), or the whole range as CSV (UTF-8 with a BOM, for Excel).
// Course: read only; the month's records and the site's records that name no month (corrections
// remembered for the site, the site's setting), which the month was decided under.
import type { MonthRef } from './month/access.js';
import {
  type AuditPage,
  type AuditRange,
  auditCsv,
  auditLog,
  inRange,
  ordered,
  ownActors,
  page,
  type Trail,
} from './month/audit-trail.js';
import type { AppDeps } from './month/deps.js';

export interface MonthTrailInput extends MonthRef {
  /** A 一次's managers read only their own contractor's actions on a month of their chain. */
  ownActionsOf?: { contractorNo: string; userId: string } | undefined;
}

/**
 * A site-month's trail: its records, and the site's records that name no month (corrections remembered for
 * the site, the site's setting), which the month was decided under.
 */
async function monthTrail(deps: AppDeps, input: MonthTrailInput): Promise<Trail> {
  const { siteId, workMonth, ownActionsOf } = input;
  let records = (await auditLog(deps).bySite(siteId)).filter(
    (r) => r.workMonth === undefined || r.workMonth === workMonth,
  );
  if (ownActionsOf !== undefined) {
    const mine = await ownActors(deps, ownActionsOf);
    records = records.filter((r) => mine.has(r.actor));
  }
  return { scope: ownActionsOf === undefined ? 'all' : 'own-actions', records };
}

export async function monthAudit(deps: AppDeps, input: MonthTrailInput, q: AuditPage) {
  return page(await monthTrail(deps, input), q);
}

export async function monthAuditCsv(deps: AppDeps, input: MonthTrailInput, range: AuditRange) {
  const trail = await monthTrail(deps, input);
  return auditCsv({ records: ordered(inRange(trail.records, range)) });
}
