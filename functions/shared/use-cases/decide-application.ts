// DecideApplication (掛金充当を承認する / 差戻す, manual 000 手順4)
// In: the site-month, 承認 or 差戻し, who (and why, for 差戻し). Out: the application, resumed.
// Course: the lifecycle model decides whether the decision may happen now; it is recorded, then the
// Approval wait resumes with the decision.
import { transition } from '../../../domain/application.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { ApplicationRecord, Decision } from '../../../domain/ports/storage.js';
import { ActionRefused } from './errors.js';
import type { MonthRef } from './month/access.js';
import { applicationView, notWaiting } from './month/decisions.js';
import { loadMonth } from './month/lifecycle.js';
import { type ResumeResult, resumeWait } from './month/waits.js';

/** The step the people-facing use case and the command-line cycle share: 承認 or 差戻し, then resume. */
export async function decide(
  deps: Pick<CycleDeps, 'now' | 'workflow' | 'waits' | 'imports' | 'executions'>,
  siteId: string,
  workMonth: string,
  decision: '承認' | '差戻し',
  d: Decision,
): Promise<{ application: ApplicationRecord; resumed: ResumeResult }> {
  const stored = await loadMonth(deps, siteId, workMonth);
  const decided = transition(
    stored.month,
    decision === '承認'
      ? { type: 'approved', by: d.by }
      : { type: 'rejected', by: d.by, reason: d.reason ?? '' },
  );
  if (!decided.ok) throw new ActionRefused('refused-transition', decided.reason);
  const at = deps.now().toISOString();
  const t =
    decision === '承認'
      ? await deps.workflow.approve(siteId, workMonth, d, at)
      : await deps.workflow.reject(siteId, workMonth, { ...d, reason: d.reason ?? '' }, at);
  if (t.status !== 'ok')
    throw new ActionRefused(
      'refused-transition',
      `${decision}できません（現在: ${t.current?.status ?? 'なし'}）`,
    );
  return {
    application: t.record,
    resumed: await resumeWait(deps, siteId, workMonth, 'Approval', { decision }),
  };
}

/** 承認 / 差戻し by the prime's approvers; recorded but nothing waiting → NotWaiting. */
export async function decideApplication(
  deps: Pick<CycleDeps, 'workflow' | 'now' | 'waits' | 'imports' | 'executions'>,
  input: MonthRef & { decision: '承認' | '差戻し'; by: string; reason?: string | undefined },
) {
  const r = await decide(deps, input.siteId, input.workMonth, input.decision, {
    by: input.by,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
  });
  if (r.resumed !== 'resumed')
    throw notWaiting(r.resumed, input.decision, { application: applicationView(r.application) });
  return { application: applicationView(r.application), resumed: r.resumed };
}
