// 取込結果 and 就労実績 of a site-month (manual 000, 手順3): the month as the caller may see it, its lines,
// and a person's adjustment of a line (保存する).
import { daysInMonth } from '../../../domain/calendar.js';
import { FLAG_LABELS } from '../../../domain/import/messages.js';
import type { WorkLine } from '../../../domain/import/types.js';
import type { StoredWorkLine, WaitKind } from '../../../domain/ports/storage.js';
import { WAIT_KINDS } from '../../../domain/ports/storage.js';
import { dailyRateOn } from '../../../domain/rates.js';
import { loadMonth } from '../../shared/use-cases/month/lifecycle.js';
import type { MonthAccess } from '../authz.js';
import { HttpProblem } from '../http.js';
import { assertNotApplied, authorizedMonth, type Caller, openImport } from './common.js';
import { assertOwnOpenChain, firstTierScope } from './first-tier.js';

export const WAIT_LABELS: Record<WaitKind, string> = {
  Corrections: '要修正の修正待ち（確認・予約登録）',
  FirstTierReports: '一次事業者の報告待ち',
  Application: '掛金充当の申請待ち',
  Approval: '掛金充当の承認待ち',
  Purchase: '退職金ポイントの購入待ち',
};

/** The lines a caller may see: all for the prime; for a 一次 / lower tier, its own chain only. */
export function visibleLines<L extends Pick<WorkLine, 'employerCompanyId' | 'firstTierCompanyId'>>(
  access: MonthAccess,
  lines: L[],
): L[] {
  if (access.relation === 'own') return lines;
  const mine = new Set(access.companies.map((c) => c.companyId));
  const myFirstTiers = new Set(access.companies.filter((c) => c.tier === 1).map((c) => c.companyId));
  return lines.filter(
    (l) =>
      mine.has(l.employerCompanyId) ||
      (l.firstTierCompanyId !== null && myFirstTiers.has(l.firstTierCompanyId)),
  );
}

function counts(lines: Pick<WorkLine, 'workerId' | 'days' | 'points'>[]) {
  return {
    lines: lines.length,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
  };
}

/** 取込結果: status, flags (with the manual's wording), counts, refusals, the current wait and 申請 status. */
export async function monthView(c: Caller, siteId: string, workMonth: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  const { deps } = c;
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

function lineView(l: StoredWorkLine) {
  return {
    workerId: l.workerId,
    employerCompanyId: l.employerCompanyId,
    memberNo: l.memberNo,
    firstTierCompanyId: l.firstTierCompanyId,
    tier: l.tier,
    days: l.days,
    dates: l.dates,
    points: l.points,
    rates: l.rates,
    adjustments: l.adjustments,
    ...(l.excluded ? { excluded: l.excluded } : {}),
  };
}

/** 就労実績 of the current import; a 一次 sees its own chain only. */
export async function monthLines(c: Caller, siteId: string, workMonth: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  if (!access.imp) throw new HttpProblem('not-found', 'この月の就業履歴はまだ取り込まれていません');
  const lines = visibleLines(access, await c.deps.imports.lines(siteId, workMonth, access.imp.importId));
  return { siteId, workMonth, importId: access.imp.importId, lines: lines.map(lineView) };
}

/** Points and rates of a set of work dates, each date at its own 日額 (R-RATE). */
export function priced(dates: string[]): Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'> {
  const sorted = [...dates].sort();
  const byRate = new Map<number, number>();
  for (const d of sorted) {
    const r = dailyRateOn(d);
    byRate.set(r, (byRate.get(r) ?? 0) + 1);
  }
  const rates = [...byRate].map(([dailyRate, days]) => ({ dailyRate, days }));
  return {
    dates: sorted,
    days: sorted.length,
    points: rates.reduce((s, r) => s + r.dailyRate * r.days, 0),
    rates,
  };
}

/**
 * Days without dates (the 未登録技能者 sheet gives a count only): priced at the 日額 of the month's first
 * day — rates change on the 1st of a month (R-RATE), so every day of a month has the same rate.
 */
export function pricedDays(
  workMonth: string,
  days: number,
): Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'> {
  const dailyRate = dailyRateOn(`${workMonth}-01`);
  return { dates: [], days, points: dailyRate * days, rates: days > 0 ? [{ dailyRate, days }] : [] };
}

export interface AdjustInput {
  workerId: string;
  employerCompanyId: string;
  days: number;
  reason: string;
  dates?: string[] | undefined;
}

/**
 * 就労実績の調整 (保存する). Days down without `dates`: the latest dates are removed. Days up: `dates` is
 * required — the complete new set of work dates, in the month, as many as `days`. Lines stay
 * adjustable until 申請 (again after 差戻し).
 */
export async function adjustLine(c: Caller, siteId: string, workMonth: string, input: AdjustInput) {
  const access = await authorizedMonth(c, siteId, workMonth);
  const imp = openImport(access);
  await assertNotApplied(c, siteId, workMonth);
  const line = (await c.deps.imports.lines(siteId, workMonth, imp.importId)).find(
    (l) => l.workerId === input.workerId && l.employerCompanyId === input.employerCompanyId,
  );
  if (!line) throw new HttpProblem('not-found', 'この技能者・所属事業者の就労実績はありません');
  // R-FIRST-TIER: a 一次 adjusts its own chain only, and only until its 報告する.
  assertOwnOpenChain(
    await firstTierScope(c, access, siteId, workMonth),
    line.firstTierCompanyId,
    'この就労実績',
  );
  if (line.excluded)
    throw new HttpProblem(
      'conflict',
      '取り込まないとした就労実績は調整できません（この月の充当に含まれません）',
    );
  let next: Pick<WorkLine, 'dates' | 'days' | 'points' | 'rates'>;
  if (input.dates !== undefined) {
    const unique = new Set(input.dates);
    const max = daysInMonth(workMonth);
    if (unique.size !== input.dates.length || input.dates.length !== input.days)
      throw new HttpProblem('invalid-input', '就労日は重複なく、日数と同じ数を指定してください');
    if (input.dates.some((d) => !d.startsWith(`${workMonth}-`) || Number(d.slice(8)) > max))
      throw new HttpProblem('invalid-input', `就労日は ${workMonth} の日付にしてください`);
    next = priced(input.dates);
  } else if (line.dates.length === 0) {
    // A line from the 未登録技能者 sheet has days but no dates.
    next = pricedDays(workMonth, input.days);
  } else if (input.days <= line.dates.length) {
    next = priced(line.dates.slice(0, input.days));
  } else {
    throw new HttpProblem('invalid-input', '日数を増やすときは就労日（dates）を指定してください');
  }
  const saved = await c.deps.imports.adjustLine(
    {
      siteId,
      workMonth,
      importId: imp.importId,
      workerId: line.workerId,
      employerCompanyId: line.employerCompanyId,
    },
    next,
    { by: c.principal.id, reason: input.reason },
  );
  return { line: lineView(saved) };
}

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
export async function monthHistory(c: Caller, siteId: string, workMonth: string) {
  await authorizedMonth(c, siteId, workMonth);
  const { deps } = c;
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
