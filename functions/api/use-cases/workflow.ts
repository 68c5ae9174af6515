// 報告する, 申請する, 承認 / 差戻し (manual 000, 手順3〜4) over the cycle's actions, which record the decision
// and resume the waiting execution themselves. When nothing waits (or the wait timed out) the decision
// stays recorded — the cycle finds it at its next wait (people.ts alreadySatisfied) — and the API says so
// with 409 待機中ではありません and `decisionRecorded: true`.
import type { ApplicationRecord } from '../../../domain/storage-ports.js';
import { ActionRefused, apply, decide, reportFirstTier } from '../../shared/cycle/actions.js';
import type { ResumeResult } from '../../shared/cycle/waits.js';
import { HttpProblem } from '../http.js';
import { authorizedMonth, type Caller } from './common.js';

const WAIT_OF = { apply: '申請', approve: '承認', reject: '差戻し' } as const;

function notWaiting(
  r: Exclude<ResumeResult, 'resumed'>,
  what: string,
  extra: Record<string, unknown>,
): HttpProblem {
  return new HttpProblem(
    'not-waiting',
    r === 'expired'
      ? `${what}は記録しました。待機が期限切れになっていたため、次の待機（督促）で反映されます`
      : `${what}は記録しました。この月の処理はいま${what}を待っていないため、次に待機したときに反映されます`,
    { decisionRecorded: true, result: r, ...extra },
  );
}

function refused(e: unknown): never {
  if (e instanceof ActionRefused)
    throw new HttpProblem(e.code === 'not-first-tier' ? 'unprocessable' : 'conflict', e.message, {
      code: e.code,
    });
  throw e;
}

export function applicationView(a: ApplicationRecord) {
  return {
    status: a.status,
    points: a.points,
    workers: a.workers,
    days: a.days,
    revision: a.revision,
    appliedBy: a.appliedBy,
    appliedAt: a.appliedAt,
    ...(a.decidedBy ? { decidedBy: a.decidedBy } : {}),
    ...(a.decidedAt ? { decidedAt: a.decidedAt } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.chargedAt ? { chargedAt: a.chargedAt } : {}),
    ...((a.no ?? 1) > 1 ? { no: a.no, returnPoints: a.returnPoints ?? 0, follows: a.follows } : {}),
  };
}

/** 一次 報告する: only for a 一次 company of the caller's own contractor. */
export async function report(c: Caller, siteId: string, workMonth: string, firstTierCompanyId: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  // Reporting for itself: the 一次 named must be one of the caller's companies in the chain.
  if (!access.companies.some((co) => co.companyId === firstTierCompanyId && co.tier === 1))
    throw new HttpProblem('forbidden', '自社（一次事業者）の就労実績のみ報告できます');
  const r = await reportFirstTier(c.deps, siteId, workMonth, firstTierCompanyId, c.principal.id).catch(
    refused,
  );
  if (r.resumed === 'waiting' || r.resumed === 'resumed')
    return { firstTierCompanyId, remaining: r.remaining, resumed: r.resumed };
  throw notWaiting(r.resumed, '報告', { firstTierCompanyId, remaining: r.remaining });
}

export async function applyMonth(c: Caller, siteId: string, workMonth: string) {
  await authorizedMonth(c, siteId, workMonth);
  const r = await apply(c.deps, siteId, workMonth, c.principal.id).catch(refused);
  if (r.resumed !== 'resumed')
    throw notWaiting(r.resumed, WAIT_OF.apply, { application: applicationView(r.application) });
  return { application: applicationView(r.application), resumed: r.resumed };
}

export async function decideMonth(
  c: Caller,
  siteId: string,
  workMonth: string,
  decision: '承認' | '差戻し',
  reason?: string,
) {
  await authorizedMonth(c, siteId, workMonth);
  const r = await decide(c.deps, siteId, workMonth, decision, {
    by: c.principal.id,
    ...(reason === undefined ? {} : { reason }),
  }).catch(refused);
  if (r.resumed !== 'resumed')
    throw notWaiting(r.resumed, decision, { application: applicationView(r.application) });
  return { application: applicationView(r.application), resumed: r.resumed };
}
