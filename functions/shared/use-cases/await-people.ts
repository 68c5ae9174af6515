// Task Await… (AwaitCorrections, AwaitFirstTierReports, AwaitApplication, AwaitApproval, AwaitPurchase)
// In: the wait's kind, its task token and notice stage. Out: the wait stored, the people told.
// Course: store the token with what it waits for, queue the notices, resume at once if already done.
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { WaitKind } from '../../../domain/ports/storage.js';
import type { Notice } from '../../../domain/reminders.js';
import { firstTierContractors, noticeId, primeOf } from './month/notices.js';
import { resumeWait, SupersededError } from './month/waits.js';

export interface AwaitInput {
  waitKind: WaitKind;
  taskToken: string;
  notice: Notice;
  dueOn: string;
  siteId: string;
  workMonth: string;
  importId: string;
}

/** Whether what the wait asks for is already done (an action may come before its wait is stored). */
async function alreadySatisfied(
  deps: Pick<CycleDeps, 'imports' | 'workflow' | 'ledger'>,
  input: AwaitInput,
): Promise<boolean> {
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
  deps: Pick<
    CycleDeps,
    'now' | 'workflow' | 'waits' | 'metrics' | 'imports' | 'registry' | 'ledger' | 'executions'
  >,
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

async function approvalOutput(deps: Pick<CycleDeps, 'workflow'>, input: AwaitInput) {
  const app = await deps.workflow.getApplication(input.siteId, input.workMonth);
  return { decision: app?.status === '差戻し' ? '差戻し' : '承認' };
}
