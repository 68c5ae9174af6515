// AdjustLine (就労日数の調整 — 保存する, manual 000 手順3)
// In: the authorized month, the line (技能者・所属事業者), new days or dates, why. Out: the line saved.
// Course: days down without dates drop the latest dates; days up need the complete new set of dates in
// the month; each date priced at its own 日額 (R-RATE); only before 申請 (again after 差戻し), and a 一次
// only in its own chain until its 報告する (R-FIRST-TIER).
import { daysInMonth } from '../../../domain/calendar.js';
import type { WorkLine } from '../../../domain/import/types.js';
import { Conflict, InvalidInput, NotFound } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { assertOwnOpenChain, firstTierScope } from './month/first-tier.js';
import { assertNotApplied, openImport } from './month/guards.js';
import { lineView, priced, pricedDays } from './month/lines.js';

export interface AdjustInput {
  workerId: string;
  employerCompanyId: string;
  days: number;
  reason: string;
  dates?: string[] | undefined;
}

export async function adjustLine(
  deps: AppDeps,
  access: MonthAccess,
  { siteId, workMonth, by, line: input }: MonthRef & { by: string; line: AdjustInput },
) {
  const imp = openImport(access);
  await assertNotApplied(deps, { siteId, workMonth });
  const line = (await deps.imports.lines(siteId, workMonth, imp.importId)).find(
    (l) => l.workerId === input.workerId && l.employerCompanyId === input.employerCompanyId,
  );
  if (!line) throw new NotFound('この技能者・所属事業者の就労実績はありません');
  // R-FIRST-TIER: a 一次 adjusts its own chain only, and only until its 報告する.
  assertOwnOpenChain(
    await firstTierScope(deps, access, { siteId, workMonth }),
    line.firstTierCompanyId,
    'この就労実績',
  );
  if (line.excluded)
    throw new Conflict('取り込まないとした就労実績は調整できません（この月の充当に含まれません）');
  let next: Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'>;
  if (input.dates !== undefined) {
    const unique = new Set(input.dates);
    const max = daysInMonth(workMonth);
    if (unique.size !== input.dates.length || input.dates.length !== input.days)
      throw new InvalidInput('就労日は重複なく、日数と同じ数を指定してください');
    if (input.dates.some((d) => !d.startsWith(`${workMonth}-`) || Number(d.slice(8)) > max))
      throw new InvalidInput(`就労日は ${workMonth} の日付にしてください`);
    next = priced(input.dates);
  } else if (line.dates.length === 0) {
    // A line from the 未登録技能者 sheet has days but no dates.
    next = pricedDays(workMonth, input.days);
  } else if (input.days <= line.dates.length) {
    next = priced(line.dates.slice(0, input.days));
  } else {
    throw new InvalidInput('日数を増やすときは就労日（dates）を指定してください');
  }
  const saved = await deps.imports.adjustLine(
    {
      siteId,
      workMonth,
      importId: imp.importId,
      workerId: line.workerId,
      employerCompanyId: line.employerCompanyId,
    },
    next,
    { by, reason: input.reason },
  );
  return { line: lineView(saved) };
}
