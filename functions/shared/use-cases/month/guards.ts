// The month is still open to people's changes: an import to change, not charged, not covered by an
// application (before 申請, again after 差戻し).
import { linesEditable } from '../../../../domain/application.js';
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { ImportRecord } from '../../../../domain/ports/storage.js';
import { Conflict } from '../errors.js';
import type { MonthAccess, MonthRef } from './access.js';
import { loadMonth } from './lifecycle.js';

/** The current import, still open for people's changes (not charged). */
export function openImport(access: MonthAccess): ImportRecord {
  const imp = access.imp;
  if (!imp) throw new Conflict('この月の就業履歴はまだ取り込まれていません');
  if (imp.chargedAt !== undefined) throw new Conflict('掛金充当済みの月は変更できません');
  return imp;
}

/**
 * Lines may change only while no application covers them (before 申請, again after 差戻し): the
 * lifecycle model decides (linesEditable).
 */
export async function assertNotApplied(
  deps: Pick<CycleDeps, 'waits' | 'imports' | 'workflow'>,
  m: MonthRef,
): Promise<void> {
  const { month } = await loadMonth(deps, m.siteId, m.workMonth);
  if (!linesEditable(month))
    throw new Conflict(`掛金充当の${month.state}中は就労実績を変更できません（差戻し後に変更してください）`);
}
