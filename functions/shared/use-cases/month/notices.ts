// What the cycle's notices share: the people concerned (the prime, the 一次 of the chain) and the outbox.
import { createHash, randomUUID } from 'node:crypto';
import type { CycleDeps } from '../../../../domain/ports/cycle.js';

/** Notices outside the waits. */
export type CycleNotice =
  | 'file-refused'
  | 'rejected'
  | 'charged'
  | 'cycle-failed'
  | 'file-missing'
  | 'no-work';

/** The 一次 companies of the month's chain (those that must report in 一次一括), by 共済契約者番号. */
export async function firstTierContractors(
  deps: Pick<CycleDeps, 'imports'>,
  siteId: string,
  workMonth: string,
  importId: string,
) {
  const imp = await deps.imports.getImport(siteId, workMonth, importId);
  // A 一次 left out of the month (R-EXCLUDE) has nothing to report.
  const firstTiers = (imp?.companies ?? []).filter((c) => c.tier === 1 && !c.excluded);
  return firstTiers.map((c) => ({ companyId: c.companyId, contractorNo: c.contractorNo }));
}

export async function primeOf(deps: Pick<CycleDeps, 'registry'>, siteId: string): Promise<string> {
  const site = await deps.registry.getSite(siteId);
  if (!site) throw new Error(`site ${siteId} is not registered`);
  return site.primeContractorNo;
}

/** A message id from what makes the notice unique: a retried task enqueues the same message (kept once). */
export function noticeId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

export async function enqueue(
  deps: Pick<CycleDeps, 'outbox' | 'now'>,
  to: string,
  notice: string,
  siteId: string,
  workMonth: string,
  payload: Record<string, string | number | boolean>,
  messageId: string = randomUUID(),
) {
  await deps.outbox.enqueue({
    messageId,
    notice,
    to,
    siteId,
    workMonth,
    payload,
    createdAt: deps.now().toISOString(),
  });
}
