// ReviewDoubleEmployer (同日複数所属の確認, F-DOUBLE-EMPLOYER)
// In: the month as authorization resolved it, the CCUS 技能者ID and why it is right. Out: recorded.
// Course: a worker of this month in the caller's open chain (R-FIRST-TIER); for this month only;
// 確認・予約登録 validates again.
import type { MonthAccess } from './month/access.js';
import {
  assertWorkerInMonth,
  assertWorkerScope,
  type CorrectionInput,
  openScoped,
  recorded,
} from './month/corrections.js';
import type { AppDeps } from './month/deps.js';

export async function reviewDoubleEmployer(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ workerId: string; reason: string }>,
) {
  const { siteId, workMonth, workerId } = input;
  const scoped = await openScoped(deps, access, input);
  await assertWorkerInMonth(deps, input, scoped.imp.importId, workerId);
  await assertWorkerScope(deps, scoped, input, workerId);
  await deps.corrections.reviewDoubleEmployer(siteId, workMonth, workerId, {
    by: input.by,
    reason: input.reason,
  });
  return recorded('double-employer');
}
