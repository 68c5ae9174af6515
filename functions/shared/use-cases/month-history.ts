// MonthHistory (この月の履歴; R-REPLACE, R-LATE-DAYS, R-MISPAID)
// In: the site-month (the prime's: it shows the prime's points). Out: every file received, every human
// step on the application and every ledger movement of its applications, in time order.
// Course: read only.
import type { MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { loadMonth } from './month/lifecycle.js';

interface HistoryEvent {
  at: string;
  kind: 'import' | 'action' | 'ledger';
  what: string;
  by?: string;
  importId?: string;
  applicationId?: string;
  points?: number;
  reason?: string;
}

const ACTION_LABELS: Record<string, string> = {
  apply: '申請',
  'apply-additional': '追加申請',
  approve: '承認',
  reject: '差戻し',
  withdraw: '取下げ（新しいファイルに差替え）',
  'report-first-tier': '一次の報告',
  'adjust-line': '就労日数の調整',
  'add-lines': '未登録技能者の追加',
};

const LEDGER_LABELS: Record<string, string> = {
  debit: '掛金充当（引落し）',
  'mispaid-return': '誤納掛金の返還（第40条）',
  purchase: 'ポイント購入',
  'exemption-refund': '免除分の還付',
  rebate: '返還',
};

/**
 * The month's history (R-REPLACE, R-LATE-DAYS, R-MISPAID): every file received, every human step on
 * the application and every ledger movement of its applications, in time order. The prime only: it
 * shows the prime's points.
 */
export async function monthHistory(deps: AppDeps, { siteId, workMonth }: MonthRef) {
  const stored = await loadMonth(deps, siteId, workMonth);
  const site = await deps.registry.getSite(siteId);
  const events: HistoryEvent[] = [];
  for (const i of await deps.imports.importsOfMonth(siteId, workMonth)) {
    const what =
      i.status === 'refused'
        ? '取込不可'
        : i.afterChargeOf !== undefined
          ? `充当後のファイル（${i.status}）`
          : `取込（${i.status}）`;
    events.push({ at: i.receivedAt, kind: 'import', what, importId: i.importId, points: i.totals.points });
    if (i.supersededAt)
      events.push({ at: i.supersededAt, kind: 'import', what: '差替え済み', importId: i.importId });
  }
  for (const a of (await deps.audit?.bySite(siteId)) ?? []) {
    const what = ACTION_LABELS[a.action];
    if (a.workMonth !== workMonth || what === undefined) continue;
    events.push({
      at: a.at,
      kind: 'action',
      what,
      by: a.actor,
      ...(a.subject.importId ? { importId: a.subject.importId } : {}),
      ...(a.subject.applicationId ? { applicationId: a.subject.applicationId } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
    });
  }
  if (site) {
    const id = `${siteId}:${workMonth}`;
    for (const kind of ['regular', 'special'] as const)
      for (const e of await deps.ledger.entries(site.primeContractorNo, kind)) {
        if (e.refId !== id && !e.refId.startsWith(`${id}:`)) continue;
        events.push({
          at: e.at,
          kind: 'ledger',
          what: LEDGER_LABELS[e.kind] ?? e.kind,
          applicationId: e.refId,
          points: e.kind === 'debit' ? -e.amount : e.amount,
        });
      }
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return { siteId, workMonth, lifecycle: stored.month.state, events };
}
