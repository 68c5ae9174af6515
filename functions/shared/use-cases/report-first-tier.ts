// ReportFirstTier (一次 報告する, manual 000 手順3〜4)
// In: the month as authorization resolved it, the 一次 reported, who. Out: 一次 still to report, resumed.
// Course: a 一次 reports for itself, the prime for a silent 一次 after the deadline (R-FIRST-TIER,
// R-DEADLINE); once every 一次 reported, the FirstTierReports wait resumes.
import { workMonthDeadline } from '../../../domain/calendar.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { ActionRefused, Conflict, Forbidden } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import { notWaiting } from './month/decisions.js';
import { type ResumeResult, resumeWait } from './month/waits.js';

/** The step the people-facing use case and the command-line cycle share: record the report, resume. */
export async function reportFirstTier(
  deps: Pick<CycleDeps, 'imports' | 'workflow' | 'now' | 'waits' | 'executions'>,
  siteId: string,
  workMonth: string,
  firstTierCompanyId: string,
  by: string,
  /** R-FIRST-TIER: the prime reports for this silent 一次 (after the deadline; the caller checks). */
  onBehalf = false,
): Promise<{ remaining: number; resumed: ResumeResult | 'waiting' }> {
  const imp = await deps.imports.currentImport(siteId, workMonth);
  if (!imp) throw new ActionRefused('no-import', `${siteId} ${workMonth}: 取込済みの就業履歴がありません`);
  if (imp.status !== '予約可能') throw new ActionRefused('not-ready', '要修正の就業履歴は報告できません');
  // A 一次 left out of the month (R-EXCLUDE) has nothing to report.
  const firstTiers = imp.companies.filter((c) => c.tier === 1 && !c.excluded).map((c) => c.companyId);
  if (!firstTiers.includes(firstTierCompanyId)) {
    throw new ActionRefused('not-first-tier', `${firstTierCompanyId} はこの現場の一次事業者ではありません`);
  }
  const lines = (await deps.imports.lines(siteId, workMonth, imp.importId)).filter(
    (l) => l.firstTierCompanyId === firstTierCompanyId,
  );
  await deps.workflow.reportFirstTier({
    siteId,
    workMonth,
    firstTierCompanyId,
    importId: imp.importId,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
    reportedBy: by,
    reportedAt: deps.now().toISOString(),
    ...(onBehalf ? { onBehalfOf: firstTierCompanyId } : {}),
  });
  const reported = new Set(
    (await deps.workflow.reports(siteId, workMonth))
      .filter((r) => r.importId === imp.importId)
      .map((r) => r.firstTierCompanyId),
  );
  const remaining = firstTiers.filter((f) => !reported.has(f)).length;
  if (remaining > 0) return { remaining, resumed: 'waiting' };
  return { remaining, resumed: await resumeWait(deps, siteId, workMonth, 'FirstTierReports') };
}

/** Today in Japan time (the deadline is a calendar day in Japan). */
const todayJst = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * R-FIRST-TIER: the prime reports for a 一次 only once the deadline (R-DEADLINE, moved by the site's
 * 賃金支払日) has passed and that 一次 has not reported the current import.
 */
async function assertMayReportOnBehalf(
  deps: Pick<CycleDeps, 'now' | 'workflow'>,
  access: MonthAccess,
  m: MonthRef,
  firstTierCompanyId: string,
) {
  const dueOn = workMonthDeadline(m.workMonth, access.site?.wagePayment);
  if (todayJst(deps.now()) <= dueOn)
    throw new Conflict(
      `報告期限（${dueOn}）までは元請事業者が一次事業者 ${firstTierCompanyId} に代わって報告することはできません。一次事業者に報告を依頼してください`,
      { dueOn, firstTierCompanyId },
    );
  const done = (await deps.workflow.reports(m.siteId, m.workMonth)).some(
    (r) => r.importId === access.imp?.importId && r.firstTierCompanyId === firstTierCompanyId,
  );
  if (done) throw new Conflict(`一次事業者 ${firstTierCompanyId} は報告済みです`, { firstTierCompanyId });
}

/**
 * 一次 報告する: a 一次 reports for itself; the prime may report for a silent 一次 after the deadline,
 * recorded as such (reportedBy the prime's user, onBehalfOf the 一次). Recorded but nothing waiting →
 * NotWaiting (the cycle finds the report at its next wait).
 */
export async function reportForFirstTier(
  deps: Pick<CycleDeps, 'workflow' | 'now' | 'imports' | 'waits' | 'executions'>,
  access: MonthAccess,
  input: MonthRef & { firstTierCompanyId: string; by: string },
) {
  const { siteId, workMonth, firstTierCompanyId } = input;
  const onBehalf = access.relation === 'own';
  if (onBehalf) await assertMayReportOnBehalf(deps, access, input, firstTierCompanyId);
  // Reporting for itself: the 一次 named must be one of the caller's companies in the chain.
  else if (!access.companies.some((co) => co.companyId === firstTierCompanyId && co.tier === 1))
    throw new Forbidden('自社（一次事業者）の就労実績のみ報告できます');
  const r = await reportFirstTier(deps, siteId, workMonth, firstTierCompanyId, input.by, onBehalf);
  if (r.resumed === 'waiting' || r.resumed === 'resumed')
    return { firstTierCompanyId, remaining: r.remaining, resumed: r.resumed };
  throw notWaiting(r.resumed, '報告', { firstTierCompanyId, remaining: r.remaining });
}
