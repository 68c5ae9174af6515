// 報告する, 申請する, 承認 / 差戻し (manual 000, 手順3〜4) over the cycle's actions, which record the decision
// and resume the waiting execution themselves. When nothing waits (or the wait timed out) the decision
// stays recorded — the cycle finds it at its next wait (people.ts alreadySatisfied) — and the API says so
// with 409 待機中ではありません and `decisionRecorded: true`.
import { workMonthDeadline } from '../../../domain/calendar.js';
import type { ApplicationRecord } from '../../../domain/ports/storage.js';
import { ActionRefused, apply, decide, reportFirstTier } from '../../shared/use-cases/month/actions.js';
import type { ResumeResult } from '../../shared/use-cases/month/waits.js';
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

/** Today in Japan time (the deadline is a calendar day in Japan). */
const todayJst = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * R-FIRST-TIER: the prime reports for a 一次 only once the deadline (R-DEADLINE, moved by the site's
 * 賃金支払日) has passed and that 一次 has not reported the current import.
 */
async function assertMayReportOnBehalf(
  c: Caller,
  siteId: string,
  workMonth: string,
  access: Awaited<ReturnType<typeof authorizedMonth>>,
  firstTierCompanyId: string,
) {
  const dueOn = workMonthDeadline(workMonth, access.site?.wagePayment);
  if (todayJst(c.deps.now()) <= dueOn)
    throw new HttpProblem(
      'conflict',
      `報告期限（${dueOn}）までは元請事業者が一次事業者 ${firstTierCompanyId} に代わって報告することはできません。一次事業者に報告を依頼してください`,
      { dueOn, firstTierCompanyId },
    );
  const done = (await c.deps.workflow.reports(siteId, workMonth)).some(
    (r) => r.importId === access.imp?.importId && r.firstTierCompanyId === firstTierCompanyId,
  );
  if (done)
    throw new HttpProblem('conflict', `一次事業者 ${firstTierCompanyId} は報告済みです`, {
      firstTierCompanyId,
    });
}

/**
 * 一次 報告する: a 一次 reports for itself; the prime may report for a silent 一次 after the deadline,
 * recorded as such (reportedBy the prime's user, onBehalfOf the 一次).
 */
export async function report(c: Caller, siteId: string, workMonth: string, firstTierCompanyId: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  const onBehalf = access.relation === 'own';
  if (onBehalf) await assertMayReportOnBehalf(c, siteId, workMonth, access, firstTierCompanyId);
  // Reporting for itself: the 一次 named must be one of the caller's companies in the chain.
  else if (!access.companies.some((co) => co.companyId === firstTierCompanyId && co.tier === 1))
    throw new HttpProblem('forbidden', '自社（一次事業者）の就労実績のみ報告できます');
  const r = await reportFirstTier(
    c.deps,
    siteId,
    workMonth,
    firstTierCompanyId,
    c.principal.id,
    onBehalf,
  ).catch(refused);
  if (r.resumed === 'waiting' || r.resumed === 'resumed')
    return { firstTierCompanyId, remaining: r.remaining, resumed: r.resumed };
  throw notWaiting(r.resumed, '報告', { firstTierCompanyId, remaining: r.remaining });
}

export async function applyMonth(c: Caller, siteId: string, workMonth: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  // R-ZERO-MONTH: a month closed as 実績なし has nothing to apply for (a later file may still replace it).
  if (access.imp?.noWorkAt !== undefined)
    throw new HttpProblem(
      'conflict',
      'この月は実績なし（就労日がありません）で完了しています。申請するものはありません',
      { code: 'no-work' },
    );
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
