// Waiting for people and telling them: who is asked for what, and the notices of the cycle.
import { randomUUID } from 'node:crypto';
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
export type CycleNotice = 'file-refused' | 'rejected' | 'charged' | 'cycle-failed' | 'file-missing';

/** The 一次 companies of the month's chain (those that must report in 一次一括), by 共済契約者番号. */
async function firstTierContractors(deps: CycleDeps, siteId: string, workMonth: string, importId: string) {
  const imp = await deps.imports.getImport(siteId, workMonth, importId);
  const firstTiers = (imp?.companies ?? []).filter((c) => c.tier === 1);
  return firstTiers.map((c) => ({ companyId: c.companyId, contractorNo: c.contractorNo }));
}

async function primeOf(deps: CycleDeps, siteId: string): Promise<string> {
  const site = await deps.registry.getSite(siteId);
  if (!site) throw new Error(`site ${siteId} is not registered`);
  return site.primeContractorNo;
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
    messageId: randomUUID(),
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

export async function notify(deps: CycleDeps, input: NotifyInput): Promise<{ notified: number }> {
  const prime = await primeOf(deps, input.siteId);
  const payload: Record<string, string | number | boolean> = { importId: input.importId ?? '' };
  if (input.notice === 'file-refused' && input.importId) {
    const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
    payload.errors = imp?.errors.length ?? 0;
  }
  if (input.notice === 'cycle-failed') {
    // Operators see the error name only: a Cause may quote data.
    payload.error = input.failure?.Error ?? 'unknown';
    await enqueue(deps, 'operators', input.notice, input.siteId, input.workMonth, payload);
  }
  // Once per import for what happens once per import, so a retried task queues nothing twice.
  const once =
    (input.notice === 'charged' || input.notice === 'file-refused') && input.importId
      ? `${input.notice}:${input.siteId}:${input.workMonth}:${input.importId}`
      : undefined;
  await enqueue(deps, prime, input.notice, input.siteId, input.workMonth, payload, once);
  return { notified: input.notice === 'cycle-failed' ? 2 : 1 };
}
