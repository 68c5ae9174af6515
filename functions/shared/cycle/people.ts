// Waiting for people and telling them: who is asked for what, and the notices of the cycle.
import { createHash, randomUUID } from 'node:crypto';
import type { WaitKind } from '../../../domain/storage-ports.js';
import type { CycleDeps } from './deps.js';
import type { Notice } from './waits.js';
import { resumeWait, SupersededError } from './waits.js';

export interface AwaitInput {
  waitKind: WaitKind;
  taskToken: string;
  notice: Notice;
  dueOn: string;
  siteId: string;
  workMonth: string;
  importId: string;
}

/** Notices outside the waits. */
export type CycleNotice =
  | 'file-refused'
  | 'rejected'
  | 'charged'
  | 'cycle-failed'
  | 'file-missing'
  | 'no-work';

/** The 一次 companies of the month's chain (those that must report in 一次一括), by 共済契約者番号. */
async function firstTierContractors(deps: CycleDeps, siteId: string, workMonth: string, importId: string) {
  const imp = await deps.imports.getImport(siteId, workMonth, importId);
  // A 一次 left out of the month (R-EXCLUDE) has nothing to report.
  const firstTiers = (imp?.companies ?? []).filter((c) => c.tier === 1 && !c.excluded);
  return firstTiers.map((c) => ({ companyId: c.companyId, contractorNo: c.contractorNo }));
}

async function primeOf(deps: CycleDeps, siteId: string): Promise<string> {
  const site = await deps.registry.getSite(siteId);
  if (!site) throw new Error(`site ${siteId} is not registered`);
  return site.primeContractorNo;
}

/** A message id from what makes the notice unique: a retried task enqueues the same message (kept once). */
export function noticeId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

async function enqueue(
  deps: CycleDeps,
  to: string,
  notice: string,
  siteId: string,
  workMonth: string,
  payload: Record<string, string | number | boolean>,
  messageId: string = randomUUID(),
) {
  await deps.outbox.enqueue({
    messageId,
    notice,
    to,
    siteId,
    workMonth,
    payload,
    createdAt: deps.now().toISOString(),
  });
}

/** Whether what the wait asks for is already done (an action may come before its wait is stored). */
async function alreadySatisfied(deps: CycleDeps, input: AwaitInput): Promise<boolean> {
  const { siteId, workMonth, importId } = input;
  switch (input.waitKind) {
    case 'Corrections': {
      const imp = await deps.imports.getImport(siteId, workMonth, importId);
      return imp?.status === '予約可能';
    }
    case 'FirstTierReports': {
      const needed = await firstTierContractors(deps, siteId, workMonth, importId);
      const reported = new Set(
        (await deps.workflow.reports(siteId, workMonth))
          .filter((r) => r.importId === importId)
          .map((r) => r.firstTierCompanyId),
      );
      return needed.every((f) => reported.has(f.companyId));
    }
    case 'Application': {
      const app = await deps.workflow.getApplication(siteId, workMonth);
      return app?.importId === importId && (app.status === '申請' || app.status === '承認');
    }
    case 'Approval': {
      const app = await deps.workflow.getApplication(siteId, workMonth);
      // 差戻し counts too: the decision is made, the cycle goes back to confirmation.
      return app?.importId === importId && (app.status === '承認' || app.status === '差戻し');
    }
    case 'Purchase': {
      const app = await deps.workflow.getApplication(siteId, workMonth);
      if (!app) return false;
      return (await deps.ledger.balance(app.primeContractorNo, app.pointKind)) >= app.points;
    }
  }
}

/** Store the token with what it waits for, tell the people concerned, and resume at once if already done. */
export async function awaitPeople(
  deps: CycleDeps,
  input: AwaitInput,
): Promise<{ stored: true; notified: number }> {
  const { siteId, workMonth, importId, waitKind } = input;
  const payload = { waitKind, stage: input.notice, dueOn: input.dueOn, importId };
  const createdAt = deps.now().toISOString();
  const notice = (to: string, extra: Record<string, string> = {}) => ({
    // One task token per entry into the wait: a retried task queues nothing twice.
    messageId: noticeId('await', input.taskToken, to),
    notice: `await-${waitKind}`,
    to,
    siteId,
    workMonth,
    payload: { ...payload, ...extra },
    createdAt,
  });
  const notices = [];
  if (waitKind === 'FirstTierReports') {
    // The official site does not tell the 一次; we do (manual 000, 手順1).
    const reported = new Set(
      (await deps.workflow.reports(siteId, workMonth)).map((r) => r.firstTierCompanyId),
    );
    for (const f of await firstTierContractors(deps, siteId, workMonth, importId)) {
      if (reported.has(f.companyId) || !f.contractorNo) continue;
      notices.push(notice(f.contractorNo, { firstTier: f.companyId }));
    }
  } else {
    notices.push(notice(await primeOf(deps, siteId)));
  }
  // The wait and its notices are written only while this run's import is the month's current one.
  const stored = await deps.waits.put(
    { siteId, workMonth, waitKind, importId, deadline: input.dueOn, createdAt },
    input.taskToken,
    notices,
  );
  // A newer file took the month over before this run could wait: it ends, and tells no one.
  if (stored === 'not-current') throw new SupersededError(siteId, workMonth, importId);
  if (input.notice === 'overdue') deps.metrics?.count('WaitsOverdue');
  const notified = notices.length;
  if (await alreadySatisfied(deps, input)) {
    await resumeWait(
      deps,
      siteId,
      workMonth,
      waitKind,
      waitKind === 'Approval' ? await approvalOutput(deps, input) : {},
    );
  }
  return { stored: true, notified };
}

async function approvalOutput(deps: CycleDeps, input: AwaitInput) {
  const app = await deps.workflow.getApplication(input.siteId, input.workMonth);
  return { decision: app?.status === '差戻し' ? '差戻し' : '承認' };
}

export interface NotifyInput {
  notice: CycleNotice;
  siteId: string;
  workMonth: string;
  importId?: string;
  failure?: { Error?: string; Cause?: string };
}

/** Workers, days and points of a set of lines (the charged totals a notice carries). */
function totalsOf(lines: readonly { workerId: string; days: number; points: number }[]) {
  return {
    workers: new Set(lines.filter((l) => l.days > 0).map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
  };
}

/**
 * The charged notice (第11条4): the prime gets the month's totals; each 一次 of the chain gets its own
 * chain's totals (its lines and those of the companies attached to it), never another chain's.
 */
async function notifyCharged(deps: CycleDeps, input: NotifyInput, prime: string): Promise<number> {
  const importId = input.importId ?? '';
  const imp = importId ? await deps.imports.getImport(input.siteId, input.workMonth, importId) : undefined;
  const lines = imp ? await deps.imports.lines(input.siteId, input.workMonth, importId) : [];
  // Once per import and recipient, so that a retried task enqueues each notice once.
  const idOf = (to: string) => noticeId('charged', input.siteId, input.workMonth, importId, to);
  await enqueue(
    deps,
    prime,
    'charged',
    input.siteId,
    input.workMonth,
    { importId, recipient: 'prime', ...totalsOf(lines) },
    idOf(prime),
  );
  let notified = 1;
  for (const f of (imp?.companies ?? []).filter((c) => c.tier === 1)) {
    if (!f.contractorNo || f.contractorNo === prime) continue;
    const chain = lines.filter((l) => l.firstTierCompanyId === f.companyId);
    await enqueue(
      deps,
      f.contractorNo,
      'charged',
      input.siteId,
      input.workMonth,
      { importId, recipient: 'first-tier', firstTier: f.companyId, ...totalsOf(chain) },
      idOf(f.contractorNo),
    );
    notified++;
  }
  return notified;
}

export async function notify(deps: CycleDeps, input: NotifyInput): Promise<{ notified: number }> {
  const prime = await primeOf(deps, input.siteId);
  if (input.notice === 'charged') return { notified: await notifyCharged(deps, input, prime) };
  const payload: Record<string, string | number | boolean> = { importId: input.importId ?? '' };
  if (input.notice === 'no-work' && input.importId) {
    // R-ZERO-MONTH: the month closes as 実績なし, recorded on the import before the prime is told.
    const at = deps.now().toISOString();
    const recorded = await deps.imports.markNoWork(input.siteId, input.workMonth, input.importId, at);
    const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
    payload.outcome = '実績なし';
    payload.recorded = recorded;
    payload.rows = imp?.totals.rows ?? 0;
  }
  if (input.notice === 'file-refused' && input.importId) {
    const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
    payload.errors = imp?.errors.length ?? 0;
  }
  // What makes the notice unique, so that a retried task enqueues it once (failures carry no such key).
  let key: string | undefined;
  if ((input.notice === 'file-refused' || input.notice === 'no-work') && input.importId) key = input.importId;
  if (input.notice === 'rejected') {
    const app = await deps.workflow.getApplication(input.siteId, input.workMonth);
    if (app) key = `${app.importId}:${app.revision}`;
  }
  const idOf = (to: string) =>
    key === undefined ? randomUUID() : noticeId(input.notice, input.siteId, input.workMonth, key, to);
  if (input.notice === 'cycle-failed') {
    // Operators see the error name only: a Cause may quote data.
    payload.error = input.failure?.Error ?? 'unknown';
    await enqueue(deps, 'operators', input.notice, input.siteId, input.workMonth, payload);
  }
  await enqueue(deps, prime, input.notice, input.siteId, input.workMonth, payload, idOf(prime));
  return { notified: input.notice === 'cycle-failed' ? 2 : 1 };
}
