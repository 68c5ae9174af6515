// MapWorker (技能者情報編集, manual 000 手順3)
// In: the month as authorization resolved it, the CCUS 技能者ID and its 被共済者番号. Out: recorded.
// Course: only for a worker of this month without a number (R-MAPPING-SCOPE), in the caller's open chain
// (R-FIRST-TIER), a member 建退共 knows; remembered for later months; 確認・予約登録 validates again.
import { Unprocessable } from './errors.js';
import type { MonthAccess } from './month/access.js';
import {
  assertWorkerInMonth,
  assertWorkerScope,
  type CorrectionInput,
  FIXED_NUMBER,
  mappingScope,
  openScoped,
  recorded,
} from './month/corrections.js';
import type { AppDeps } from './month/deps.js';

export async function mapWorker(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ workerId: string; memberNo: string }>,
) {
  const { workerId, memberNo } = input;
  const scoped = await openScoped(deps, access, input);
  const lines = await assertWorkerInMonth(deps, input, scoped.imp.importId, workerId);
  const source = lines.find((l) => l.workerId === workerId)?.memberNoSource;
  if (source === 'file' || source === 'registry')
    throw new Unprocessable(
      `技能者ID ${workerId} には${FIXED_NUMBER[source]}で被共済者番号があります。技能者情報編集は被共済者番号が未登録の場合だけ使えます（番号の誤りは CCUS の技能者情報を修正して再連携してください）`,
    );
  await assertWorkerScope(deps, scoped, input, workerId);
  // The number is not echoed: 被共済者番号 stay out of messages and logs.
  if (!(await deps.registry.getMember(memberNo)))
    throw new Unprocessable('入力された被共済者番号は建退共に登録されていません');
  await deps.corrections.mapWorker(workerId, memberNo, mappingScope(input));
  return recorded('worker');
}
