// ConfirmCorrections (確認・予約登録, manual 000 手順3)
// In: the month as authorization resolved it, who. Out: accepted (the result comes asynchronously: read
// GET …/months/{workMonth}).
// Course: resumes the Corrections wait; the cycle validates the stored file again (revalidate-import).
// A 一次 may while one of its chains is still open (R-FIRST-TIER); nothing waiting → NotWaiting.
import { NotWaiting } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import { openScoped } from './month/corrections.js';
import type { AppDeps } from './month/deps.js';
import { assertSomeChainOpen } from './month/first-tier.js';
import { resumeWait } from './month/waits.js';

export async function confirmCorrections(
  deps: AppDeps,
  access: MonthAccess,
  input: MonthRef & { by: string },
) {
  const { siteId, workMonth } = input;
  const { imp, scope } = await openScoped(deps, access, input);
  assertSomeChainOpen(scope);
  const r = await resumeWait(deps, siteId, workMonth, 'Corrections');
  if (r !== 'resumed')
    throw new NotWaiting(
      r === 'expired'
        ? '修正待ちの期限が切れました。督促の後の修正待ちで再検証されます'
        : 'この月は修正待ちではありません（要修正でないか、すでに再検証中です）',
      { waitKind: 'Corrections', result: r },
    );
  await deps.audit?.append({
    actor: input.by,
    action: 'revalidate',
    siteId,
    workMonth,
    subject: { importId: imp.importId },
  });
  return {
    status: 'accepted' as const,
    detail: '再検証を開始しました。取込結果で予約状態を確認してください',
  };
}
