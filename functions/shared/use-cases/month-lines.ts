// MonthLines (就労実績, manual 000 手順3)
// In: the month as authorization resolved it. Out: the current import's lines.
// Course: read only; a 一次 sees its own chain only.
import { NotFound } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { lineView, visibleLines } from './month/lines.js';

export async function monthLines(deps: AppDeps, access: MonthAccess, { siteId, workMonth }: MonthRef) {
  if (!access.imp) throw new NotFound('この月の就業履歴はまだ取り込まれていません');
  const lines = visibleLines(access, await deps.imports.lines(siteId, workMonth, access.imp.importId));
  return { siteId, workMonth, importId: access.imp.importId, lines: lines.map(lineView) };
}
