// The signed-in user's own views: what waits for an action this user may take (the task list), and the
// notice mails sent to this user. Both follow the authorization matrix (authz.ts): a task is listed only
// when the user's role may take its action on that site-month (a 一次 sees its own chain's reports only).
import type { ImportRecord, SiteSetting, WaitInfo, WaitKind } from '../../../domain/ports/storage.js';
import { InvalidCursor } from '../../shared/storage/outbox.js';
import { type Action, chainCompaniesOf, decide, type Relation } from '../authz.js';
import { HttpProblem } from '../http.js';
import type { Caller } from './common.js';

export type TaskAction = 'correct' | 'report' | 'apply' | 'approve' | 'buy-points';

/** Each wait's action, the manual's words for it, and the matrix action that decides who may take it. */
const TASK_OF: Readonly<Record<WaitKind, { action: TaskAction; label: string; authz: Action }>> = {
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

/** GET /v1/me/tasks: every open wait this user may act on, oldest deadline first. */
export async function myTasks(c: Caller): Promise<{ tasks: Task[] }> {
  const p = c.principal;
  // The list is always the caller's own: a caller without a contractor (the payments client) has none.
  c.authorize(p.contractorNo === undefined ? 'other' : 'own');
  const d = c.deps;
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
  for (const w of await d.waits.open()) tasks.push(...(await tasksOf(c, w, await siteOf(w.siteId), today)));
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
  c: Caller,
  w: WaitInfo,
  site: SiteSetting | undefined,
  today: string,
): Promise<Task[]> {
  const p = c.principal;
  const d = c.deps;
  const imp: ImportRecord | undefined = await d.imports.getImport(w.siteId, w.workMonth, w.importId);
  // A wait left behind by an execution that ended otherwise (replaced file, charged month) asks nothing.
  if (!imp || imp.status === 'refused' || imp.supersededAt !== undefined || imp.chargedAt !== undefined)
    return [];
  const own = site !== undefined && site.primeContractorNo === p.contractorNo;
  const chain = own ? [] : chainCompaniesOf(imp, p);
  const relation: Relation = own ? 'own' : chain.length > 0 ? 'chain' : 'other';
  const t = TASK_OF[w.waitKind];
  if (decide(t.authz, relation, p) !== 'allow') return [];
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

/** GET /v1/me/notices: the mails sent to this user, newest first. */
export async function myNotices(c: Caller, q: { limit: number; cursor?: string | undefined }) {
  c.authorize(c.principal.contractorNo === undefined ? 'other' : 'own');
  const store = c.deps.notices;
  if (!store) throw new Error('notices store is not configured');
  let page: Awaited<ReturnType<typeof store.noticesOf>>;
  try {
    page = await store.noticesOf(c.principal.id, q.limit, q.cursor);
  } catch (e) {
    if (e instanceof InvalidCursor)
      throw new HttpProblem(
        'invalid-input',
        'cursor が正しくありません。前のページの nextCursor を指定してください',
      );
    throw e;
  }
  return {
    items: page.items.map((n) => ({
      id: n.messageId,
      kind: n.kind,
      subject: n.subject,
      text: n.text,
      siteId: n.siteId ?? null,
      workMonth: n.workMonth ?? null,
      createdAt: n.createdAt,
      sentAt: n.sentAt ?? null,
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
