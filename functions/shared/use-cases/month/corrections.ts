// What the 要修正の修正 use cases share (manual 000, 手順3): the open import and the caller's chain scope
// (R-FIRST-TIER), the subject's presence in the month, the record they answer with.
import type { ImportRecord } from '../../../../domain/ports/storage.js';
import { Unprocessable } from '../errors.js';
import type { MonthAccess, MonthRef } from './access.js';
import type { AppDeps } from './deps.js';
import { assertWorkerInOwnOpenChain, type FirstTierScope, firstTierScope } from './first-tier.js';
import { openImport } from './guards.js';

export type CorrectionKind = 'company' | 'first-tier' | 'worker' | 'force-import' | 'double-employer';

/** A correction's input: the month, who corrects and the contractor the user acts for. */
export type CorrectionInput<T> = MonthRef & { by: string; contractorNo: string } & T;

export const NEXT = '確認・予約登録（POST …/revalidate）で再検証してください';

export const recorded = (correction: CorrectionKind) => ({
  recorded: true as const,
  correction,
  next: NEXT,
});

export const FIXED_NUMBER = {
  file: 'CCUS の連携ファイル',
  registry: '建退共の登録',
} as const;

export interface Scoped {
  imp: ImportRecord;
  scope: FirstTierScope | null;
}

/** The open import and, for a 一次 (R-FIRST-TIER), the scope of its own chain. */
export async function openScoped(deps: AppDeps, access: MonthAccess, m: MonthRef): Promise<Scoped> {
  const imp = openImport(access);
  return { imp, scope: await firstTierScope(deps, access, m) };
}

/** R-FIRST-TIER: a 一次 corrects only workers of its own chain, before its report. */
export async function assertWorkerScope(deps: AppDeps, scoped: Scoped, m: MonthRef, workerId: string) {
  if (scoped.scope === null) return;
  const lines = await deps.imports.lines(m.siteId, m.workMonth, scoped.imp.importId);
  assertWorkerInOwnOpenChain(scoped.scope, lines, workerId);
}

export async function assertWorkerInMonth(deps: AppDeps, m: MonthRef, importId: string, workerId: string) {
  const lines = await deps.imports.lines(m.siteId, m.workMonth, importId);
  if (!lines.some((l) => l.workerId === workerId))
    throw new Unprocessable(`技能者ID ${workerId} はこの月の就業履歴にありません`);
  return lines;
}

/**
 * R-MAPPING-SCOPE: a 事後登録 belongs to the contractor that made it on that site (the caller's) and is
 * refused where the file or the registry already carries a number.
 */
export function mappingScope(input: CorrectionInput<unknown>) {
  return {
    by: input.by,
    siteId: input.siteId,
    workMonth: input.workMonth,
    primeContractorNo: input.contractorNo,
  };
}
