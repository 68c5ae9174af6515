// ApplyForCharge (掛金充当を申請する, manual 000 手順4)
// In: the month as authorization resolved it, who applies. Out: the application, resumed.
// Course: the lifecycle model decides whether 申請 may happen now; the prime applies over the confirmed
// lines of the current import (after the charge a 追加申請 for the difference, R-LATE-DAYS, R-MISPAID);
// the Application wait resumes.
import { applicationIdOf, compareWithCharged, transition } from '../../../domain/application.js';
import { pointKindOf } from '../../../domain/ledger.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { ApplicationRecord } from '../../../domain/ports/storage.js';
import { ActionRefused, Conflict } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import { applicationView, notWaiting } from './month/decisions.js';
import { loadMonth } from './month/lifecycle.js';
import { type ResumeResult, resumeWait } from './month/waits.js';

/**
 * The step the people-facing use case and the command-line cycle share. After the charge (R-LATE-DAYS)
 * it is a 追加申請 for the difference: added days debited, removed days returned as 誤納 (R-MISPAID),
 * recorded against the original charge.
 */
export async function apply(
  deps: Pick<CycleDeps, 'registry' | 'imports' | 'workflow' | 'now' | 'waits' | 'executions'>,
  siteId: string,
  workMonth: string,
  by: string,
): Promise<{ application: ApplicationRecord; resumed: ResumeResult }> {
  const stored = await loadMonth(deps, siteId, workMonth);
  const imp = stored.imp;
  if (!imp) throw new ActionRefused('no-import', `${siteId} ${workMonth}: 取込済みの就業履歴がありません`);
  if (imp.status !== '予約可能') throw new ActionRefused('not-ready', '要修正の就業履歴は申請できません');
  const site = await deps.registry.getSite(siteId);
  const prime = site ? await deps.registry.getContractor(site.primeContractorNo) : undefined;
  if (!site || !prime) throw new ActionRefused('no-import', `${siteId}: 元請の共済契約者が見つかりません`);
  const lines = await deps.imports.lines(siteId, workMonth, imp.importId);
  let amounts = {
    points: lines.reduce((s, l) => s + l.points, 0),
    returnPoints: 0,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
  };
  if (stored.month.phase === 'after-charge' && stored.chargedImportId !== undefined) {
    const d = compareWithCharged(await deps.imports.lines(siteId, workMonth, stored.chargedImportId), lines);
    amounts = {
      points: d.addPoints,
      returnPoints: d.returnPoints,
      workers: new Set(d.lines.map((l) => l.workerId)).size,
      days: d.addDays,
    };
  }
  const decided = transition(stored.month, {
    type: 'applied',
    by,
    points: amounts.points,
    returnPoints: amounts.returnPoints,
  });
  if (!decided.ok) throw new ActionRefused('refused-transition', decided.reason);
  const no = decided.month.application?.no ?? 1;
  const t = await deps.workflow.apply(
    {
      siteId,
      workMonth,
      applicationId: applicationIdOf(siteId, workMonth, no),
      importId: imp.importId,
      primeContractorNo: prime.contractorNo,
      pointKind: pointKindOf(prime.kind),
      points: amounts.points,
      workers: amounts.workers,
      days: amounts.days,
      appliedBy: by,
      no,
      ...(stored.month.phase === 'after-charge'
        ? {
            returnPoints: amounts.returnPoints,
            // Recorded against the original charge (the charged application, or the one a withdrawn
            // 追加申請 followed).
            follows:
              (stored.app?.status === '充当済' ? stored.app.applicationId : stored.app?.follows) ??
              applicationIdOf(siteId, workMonth, 1),
          }
        : {}),
    },
    deps.now().toISOString(),
    stored.app?.revision,
  );
  if (t.status !== 'ok')
    throw new ActionRefused('refused-transition', `申請できません（現在: ${t.current?.status ?? 'なし'}）`);
  return { application: t.record, resumed: await resumeWait(deps, siteId, workMonth, 'Application') };
}

/** 申請する by the prime; recorded but nothing waiting → NotWaiting. */
export async function applyForCharge(
  deps: Pick<CycleDeps, 'registry' | 'imports' | 'workflow' | 'now' | 'waits' | 'executions'>,
  access: MonthAccess,
  input: MonthRef & { by: string },
) {
  // R-ZERO-MONTH: a month closed as 実績なし has nothing to apply for (a later file may still replace it).
  if (access.imp?.noWorkAt !== undefined)
    throw new Conflict('この月は実績なし（就労日がありません）で完了しています。申請するものはありません', {
      code: 'no-work',
    });
  const r = await apply(deps, input.siteId, input.workMonth, input.by);
  if (r.resumed !== 'resumed')
    throw notWaiting(r.resumed, '申請', { application: applicationView(r.application) });
  return { application: applicationView(r.application), resumed: r.resumed };
}
