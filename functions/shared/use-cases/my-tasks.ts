// MyTasks (自分の作業一覧)
// In: the user's contractor and what the authorization matrix lets the user do. Out: every open wait the
// user may act on, oldest deadline first.
// Course: read only; a 一次 sees one task per own 一次 that has not reported the current import.
import type { ImportRecord, SiteSetting, WaitInfo, WaitKind } from '../../../domain/ports/storage.js';
import { chainCompaniesOfContractor, type Relation } from './month/access.js';
import type { AppDeps } from './month/deps.js';

/** The matrix actions a task needs (see the API's authorization matrix). */
export type TaskAuthz = 'correct' | 'report' | 'apply' | 'approve';

export type TaskAction = 'correct' | 'report' | 'apply' | 'approve' | 'buy-points';

/** Each wait's action, the manual's words for it, and the matrix action that decides who may take it. */
const TASK_OF: Readonly<Record<WaitKind, { action: TaskAction; label: string; authz: TaskAuthz }>> = {
  Corrections: { action: 'correct', label: '要修正の修正', authz: 'correct' },
  FirstTierReports: { action: 'report', label: '報告する', authz: 'report' },
  Application: { action: 'apply', label: '申請する', authz: 'apply' },
  Approval: { action: 'approve', label: '承認する', authz: 'approve' },
  // Buying points commits the prime's money: the approvers (事業者責任者, 管理者).
  Purchase: { action: 'buy-points', label: '退職金ポイントの購入', authz: 'approve' },
};

export interface Task {
  siteId: string;
  siteName: string;
  workMonth: string;
  action: TaskAction;
  label: string;
  firstTierCompanyId?: string;
  importStatus: string;
  applicationStatus?: string;
  dueOn: string;
  overdueDays: number;
}

const todayInTokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

function overdueDays(dueOn: string, today: string): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
  return Math.max(0, days);
}

/** The authorization matrix's answer: may the user take this action on a month it relates to so. */
export type MayAct = (action: TaskAuthz, relation: Relation) => boolean;

/** Every open wait this user may act on, oldest deadline first. */
export async function myTasks(
  d: AppDeps,
  user: { contractorNo: string; may: MayAct },
): Promise<{ tasks: Task[] }> {
  const today = todayInTokyo(d.now());
  const sites = new Map<string, Promise<SiteSetting | undefined>>();
  const siteOf = (id: string) => {
    let s = sites.get(id);
    if (!s) {
      s = d.registry.getSite(id);
      sites.set(id, s);
    }
    return s;
  };
  const tasks: Task[] = [];
  for (const w of await d.waits.open())
    tasks.push(...(await tasksOf(d, user, w, await siteOf(w.siteId), today)));
  tasks.sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) ||
      a.workMonth.localeCompare(b.workMonth) ||
      a.siteId.localeCompare(b.siteId) ||
      (a.firstTierCompanyId ?? '').localeCompare(b.firstTierCompanyId ?? ''),
  );
  return { tasks };
}

async function tasksOf(
  d: AppDeps,
  user: { contractorNo: string; may: MayAct },
  w: WaitInfo,
  site: SiteSetting | undefined,
  today: string,
): Promise<Task[]> {
  const imp: ImportRecord | undefined = await d.imports.getImport(w.siteId, w.workMonth, w.importId);
  // A wait left behind by an execution that ended otherwise (replaced file, charged month) asks nothing.
  if (!imp || imp.status === 'refused' || imp.supersededAt !== undefined || imp.chargedAt !== undefined)
    return [];
  const own = site !== undefined && site.primeContractorNo === user.contractorNo;
  const chain = own ? [] : chainCompaniesOfContractor(imp, user.contractorNo);
  const relation: Relation = own ? 'own' : chain.length > 0 ? 'chain' : 'other';
  const t = TASK_OF[w.waitKind];
  if (!user.may(t.authz, relation)) return [];
  const app = await d.workflow.getApplication(w.siteId, w.workMonth);
  const base = {
    siteId: w.siteId,
    siteName: site?.name ?? imp.siteName,
    workMonth: w.workMonth,
    action: t.action,
    label: t.label,
    importStatus: imp.status,
    ...(app && app.importId === imp.importId ? { applicationStatus: app.status } : {}),
    dueOn: w.deadline,
    overdueDays: overdueDays(w.deadline, today),
  };
  if (w.waitKind !== 'FirstTierReports') return [base];
  // One task per 一次 of the caller's contractor that has not reported this import yet.
  const reported = new Set(
    (await d.workflow.reports(w.siteId, w.workMonth))
      .filter((r) => r.importId === imp.importId)
      .map((r) => r.firstTierCompanyId),
  );
  return chain
    .filter((co) => co.tier === 1 && !reported.has(co.companyId))
    .map((co) => ({ ...base, firstTierCompanyId: co.companyId }));
}
