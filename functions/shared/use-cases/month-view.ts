// MonthView (取込結果, manual 000 手順3)
// In: the month as authorization resolved it. Out: status, flags (the manual's wording), counts, refusals,
// the current wait, the 申請 and the 一次's reports — a 一次 sees its own chain's only.
// Course: read only; the lifecycle model names the month's state.
import { FLAG_LABELS } from '../../../domain/import/messages.js';
import type { WorkLine } from '../../../domain/import/types.js';
import { WAIT_KINDS, type WaitKind } from '../../../domain/ports/storage.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { loadMonth } from './month/lifecycle.js';
import { visibleLines } from './month/lines.js';

export const WAIT_LABELS: Record<WaitKind, string> = {
  Corrections: '要修正の修正待ち（確認・予約登録）',
  FirstTierReports: '一次事業者の報告待ち',
  Application: '掛金充当の申請待ち',
  Approval: '掛金充当の承認待ち',
  Purchase: '退職金ポイントの購入待ち',
};

function counts(lines: Pick<WorkLine, 'workerId' | 'days' | 'points'>[]) {
  return {
    lines: lines.length,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
  };
}

/** 取込結果: status, flags (with the manual's wording), counts, refusals, the current wait and 申請 status. */
export async function monthView(deps: AppDeps, access: MonthAccess, { siteId, workMonth }: MonthRef) {
  const imp = access.imp;
  const own = access.relation === 'own';
  const lines = imp ? visibleLines(access, await deps.imports.lines(siteId, workMonth, imp.importId)) : [];
  const workerIds = new Set(lines.map((l) => l.workerId));
  const companyIds = new Set(lines.map((l) => l.employerCompanyId));
  const flags = (imp?.flags ?? [])
    .filter(
      (f) =>
        own ||
        (f.workerId !== undefined && workerIds.has(f.workerId)) ||
        (f.companyId !== undefined && companyIds.has(f.companyId)),
    )
    .map((f) => ({ ...f, label: FLAG_LABELS[f.code] }));
  const waits = await Promise.all(WAIT_KINDS.map((k) => deps.waits.get(siteId, workMonth, k)));
  const wait = waits.find((w) => w !== undefined && w.importId === imp?.importId);
  const [app, reports, imports] = await Promise.all([
    deps.workflow.getApplication(siteId, workMonth),
    deps.workflow.reports(siteId, workMonth),
    own ? deps.imports.importsOfMonth(siteId, workMonth) : Promise.resolve([]),
  ]);
  const mine = new Set(access.companies.map((co) => co.companyId));
  const { month } = await loadMonth(deps, siteId, workMonth);
  return {
    siteId,
    workMonth,
    relation: access.relation as 'own' | 'chain',
    lifecycle: month.state,
    import: imp
      ? {
          importId: imp.importId,
          status: imp.status as '予約可能' | '要修正',
          outputMethod: imp.outputMethod,
          receivedAt: imp.receivedAt,
          ...(imp.chargedAt ? { chargedAt: imp.chargedAt } : {}),
          // R-ZERO-MONTH: closed as 実績なし.
          ...(imp.noWorkAt ? { noWorkAt: imp.noWorkAt } : {}),
          flags,
          totals: imp.totals,
        }
      : null,
    counts: counts(lines),
    refusals: imports
      .filter((i) => i.status === 'refused')
      .map((i) => ({ importId: i.importId, receivedAt: i.receivedAt, errors: i.errors })),
    wait: wait
      ? {
          kind: wait.waitKind,
          label: WAIT_LABELS[wait.waitKind],
          deadline: wait.deadline,
          since: wait.createdAt,
        }
      : null,
    application:
      app && app.importId === imp?.importId
        ? {
            status: app.status,
            points: own ? app.points : 0,
            workers: own ? app.workers : 0,
            days: own ? app.days : 0,
            revision: app.revision,
            appliedBy: app.appliedBy,
            appliedAt: app.appliedAt,
            ...(app.decidedBy ? { decidedBy: app.decidedBy } : {}),
            ...(app.decidedAt ? { decidedAt: app.decidedAt } : {}),
            ...(own && app.reason ? { reason: app.reason } : {}),
            ...(app.chargedAt ? { chargedAt: app.chargedAt } : {}),
          }
        : null,
    reports: reports
      .filter((r) => r.importId === imp?.importId && (own || mine.has(r.firstTierCompanyId)))
      .map((r) => ({
        firstTierCompanyId: r.firstTierCompanyId,
        reportedBy: r.reportedBy,
        reportedAt: r.reportedAt,
        ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
      })),
  };
}
