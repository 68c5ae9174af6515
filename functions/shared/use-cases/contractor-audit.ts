// ContractorAudit (共済契約者の監査記録)
// In: the contractor and, for its own user, that user. Out: a page of the trail (with the next cursor),
// or the whole range as CSV (UTF-8 with a BOM, for Excel).
// Course: read only; what its users did (anywhere), what happened on its sites, and what names it
// without a site (payments credited to it, registry imports).
import {
  type AuditPage,
  type AuditRange,
  auditCsv,
  auditLog,
  inRange,
  ordered,
  page,
  type Trail,
} from './month/audit-trail.js';
import type { AppDeps } from './month/deps.js';

export interface ContractorTrailInput {
  contractorNo: string;
  /** The contractor's own user reading (counted among its users); none for the operators. */
  reader?: string | undefined;
}

/**
 * A contractor's trail: what its users did (anywhere), what happened on its sites (files, charges, every
 * decision there), and what names it without a site (payments credited to it, registry imports).
 */
async function contractorTrail(deps: AppDeps, input: ContractorTrailInput): Promise<Trail> {
  const { contractorNo } = input;
  const log = auditLog(deps);
  const [users, sites, global] = await Promise.all([
    deps.registry.usersOfContractor(contractorNo),
    deps.registry.sitesOfContractor(contractorNo),
    log.global(),
  ]);
  const actors = new Set([...users.map((u) => u.userId), ...(input.reader ? [input.reader] : [])]);
  const parts = await Promise.all([
    ...[...actors].map((a) => log.byActor(a)),
    ...sites.map((s) => log.bySite(s.siteId)),
  ]);
  const named = global.filter((r) => r.subject.contractorNo === contractorNo);
  return { scope: 'all', records: [...parts.flat(), ...named] };
}

export async function contractorAudit(deps: AppDeps, input: ContractorTrailInput, q: AuditPage) {
  return page(await contractorTrail(deps, input), q);
}

export async function contractorAuditCsv(deps: AppDeps, input: ContractorTrailInput, range: AuditRange) {
  const trail = await contractorTrail(deps, input);
  return auditCsv({ records: ordered(inRange(trail.records, range)) });
}
