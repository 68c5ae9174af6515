// R-FIRST-TIER (manual 000 「元請事業者と各一次事業者が、以下の手続を実施（手順３～４）」): in 一次一括 each
// 一次 adjusts and corrects its own chain before 報告する; after its report the chain is frozen for it.
// The prime is never limited here (it sees and corrects the whole month).
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { StoredWorkLine } from '../../../../domain/ports/storage.js';
import { Conflict, Forbidden } from '../errors.js';
import type { MonthAccess, MonthRef } from './access.js';

export interface FirstTierScope {
  /** The caller's 一次 companies in the month's chain. */
  firstTiers: ReadonlySet<string>;
  /** Those that have not reported the current import yet (their chain is still open to them). */
  open: ReadonlySet<string>;
}

/** null for the prime; for a chain caller, its 一次 companies and which of them may still change. */
export async function firstTierScope(
  deps: Pick<CycleDeps, 'workflow'>,
  access: MonthAccess,
  m: MonthRef,
): Promise<FirstTierScope | null> {
  if (access.relation === 'own') return null;
  const mine = access.companies.filter((co) => co.tier === 1).map((co) => co.companyId);
  if (mine.length === 0)
    throw new Forbidden(
      '系列の就労実績を修正できるのは一次事業者です（元請または一次事業者に依頼してください）',
    );
  const reported = new Set(
    (await deps.workflow.reports(m.siteId, m.workMonth))
      .filter((r) => r.importId === access.imp?.importId)
      .map((r) => r.firstTierCompanyId),
  );
  return { firstTiers: new Set(mine), open: new Set(mine.filter((f) => !reported.has(f))) };
}

/** The subject (of 一次 `firstTier`) must be in the caller's own chain, and that chain not reported. */
export function assertOwnOpenChain(scope: FirstTierScope | null, firstTier: string | null, what: string) {
  if (scope === null) return;
  if (firstTier === null || !scope.firstTiers.has(firstTier))
    throw new Forbidden(
      `${what}は自社（一次事業者）の系列のものだけ修正できます。ほかの系列は元請事業者が修正します`,
    );
  if (!scope.open.has(firstTier))
    throw new Conflict(
      `一次事業者 ${firstTier} は報告済みのため、この系列の就労実績は変更できません。変更が必要なときは元請事業者に連絡してください`,
      { firstTierCompanyId: firstTier },
    );
}

/** A worker's every line must be in the caller's open chain (a worker across chains is the prime's). */
export function assertWorkerInOwnOpenChain(
  scope: FirstTierScope | null,
  lines: readonly Pick<StoredWorkLine, 'workerId' | 'firstTierCompanyId'>[],
  workerId: string,
) {
  if (scope === null) return;
  const mine = lines.filter((l) => l.workerId === workerId);
  if (mine.length === 0) assertOwnOpenChain(scope, null, `技能者ID ${workerId}`);
  for (const l of mine) assertOwnOpenChain(scope, l.firstTierCompanyId, `技能者ID ${workerId}`);
}

/** 確認・予約登録 by a 一次: allowed while one of its chains is still open. */
export function assertSomeChainOpen(scope: FirstTierScope | null) {
  if (scope === null || scope.open.size > 0) return;
  throw new Conflict(
    '報告済みのため、この系列の修正はできません。変更が必要なときは元請事業者に連絡してください',
  );
}
