// Helpers the API's use cases share: authorizing a site-month and the month's open import.
import { linesEditable } from '../../../domain/application.js';
import type { ImportRecord } from '../../../domain/ports/storage.js';
import { loadMonth } from '../../shared/use-cases/month/lifecycle.js';
import { type MonthAccess, monthAccess, type Principal, type Relation } from '../authz.js';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../http.js';

export type Authorize = (relation: Relation, resource?: { createdBy?: string }) => void;

export interface Caller {
  deps: ApiDeps;
  principal: Principal;
  authorize: Authorize;
}

/** Resolves the caller's relation to the site-month and applies the route's action to it. */
export async function authorizedMonth(c: Caller, siteId: string, workMonth: string): Promise<MonthAccess> {
  const access = await monthAccess(c.deps, c.principal, siteId, workMonth);
  c.authorize(access.relation);
  return access;
}

/** The current import, still open for people's changes (not charged). */
export function openImport(access: MonthAccess): ImportRecord {
  const imp = access.imp;
  if (!imp) throw new HttpProblem('conflict', 'この月の就業履歴はまだ取り込まれていません');
  if (imp.chargedAt !== undefined) throw new HttpProblem('conflict', '掛金充当済みの月は変更できません');
  return imp;
}

/**
 * Lines may change only while no application covers them (before 申請, again after 差戻し): the
 * lifecycle model decides (linesEditable).
 */
export async function assertNotApplied(c: Caller, siteId: string, workMonth: string): Promise<void> {
  const { month } = await loadMonth(c.deps, siteId, workMonth);
  if (!linesEditable(month))
    throw new HttpProblem(
      'conflict',
      `掛金充当の${month.state}中は就労実績を変更できません（差戻し後に変更してください）`,
    );
}
