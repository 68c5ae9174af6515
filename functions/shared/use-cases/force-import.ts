// ForceImport (強制取込, manual 000 手順3)
// In: the month as authorization resolved it, the CCUS 技能者ID whose identity was checked. Out: recorded.
// Course: a worker of this month in the caller's open chain (R-FIRST-TIER); remembered for this site
// (construction) and worker; 確認・予約登録 validates again.
import type { MonthAccess } from './month/access.js';
import {
  assertWorkerInMonth,
  assertWorkerScope,
  type CorrectionInput,
  openScoped,
  recorded,
} from './month/corrections.js';
import type { AppDeps } from './month/deps.js';

export async function forceImport(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ workerId: string }>,
) {
  const { siteId, workMonth, workerId } = input;
  const scoped = await openScoped(deps, access, input);
  await assertWorkerInMonth(deps, input, scoped.imp.importId, workerId);
  await assertWorkerScope(deps, scoped, input, workerId);
  await deps.corrections.forceImport(siteId, workerId, { by: input.by, reason: '本人確認済み', workMonth });
  return recorded('force-import');
}
