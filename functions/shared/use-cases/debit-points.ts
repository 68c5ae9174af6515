// Task DebitPoints (掛金充当)
// In: the site-month and the approved import. Out: debited (balances), insufficient, or superseded.
// Course: the lifecycle model decides the moves (the debit; for a 追加申請 also the 誤納 return, R-MISPAID).
import { applicationIdOf, returnOfWithdrawnDebit, transition } from '../../../domain/application.js';
import { mispaidReturn } from '../../../domain/mispaid.js';
import type { CycleDeps, MonthIds } from '../../../domain/ports/cycle.js';
import { type ApplicationRecord, SYSTEM_ACTORS } from '../../../domain/ports/storage.js';
import { NotApprovedError } from './errors.js';
import { loadMonth } from './month/lifecycle.js';

export type DebitOutput =
  | { status: 'insufficient'; points: number; balance: number; shortBy: number }
  | {
      status: 'debited';
      points: number;
      /** 誤納 returned as points with a 追加申請 (R-MISPAID). */
      returned: number;
      balanceBefore: number;
      balanceAfter: number;
      replay: boolean;
    }
  /** A newer file withdrew the application before its charge (R-REPLACE): this execution ends. */
  | { status: 'superseded' };

export { NotApprovedError } from './errors.js';

/** One debit per application (the ledger keys it by application id), so a retry or replay moves nothing. */
export async function debitPoints(
  deps: Pick<
    CycleDeps,
    'workflow' | 'imports' | 'ledger' | 'registry' | 'now' | 'metrics' | 'audit' | 'waits'
  >,
  ids: MonthIds,
): Promise<DebitOutput> {
  const app = await deps.workflow.getApplication(ids.siteId, ids.workMonth);
  if (app && app.importId === ids.importId && app.status === '取下げ') {
    await returnCrossedDebit(deps, app);
    return { status: 'superseded' };
  }
  if (!app || app.importId !== ids.importId || (app.status !== '承認' && app.status !== '充当済')) {
    const imp = await deps.imports.getImport(ids.siteId, ids.workMonth, ids.importId);
    if (imp?.supersededAt !== undefined) return { status: 'superseded' };
    throw new NotApprovedError(
      `no approved application for ${ids.siteId} ${ids.workMonth} (${app?.status ?? 'none'})`,
    );
  }
  const no = app.no ?? 1;
  const returnPoints = app.returnPoints ?? 0;
  const stored = await loadMonth(deps, ids.siteId, ids.workMonth);
  // The model says which movements are due: a replay after 充当済 repeats the same ones (idempotent keys).
  const decided =
    app.status === '承認' ? transition({ ...stored.month, state: '承認' }, { type: 'debited' }) : undefined;
  const movements = decided?.ok
    ? decided.effects.flatMap((f) => (f.kind === 'ledger' ? [f] : []))
    : [
        ...(returnPoints > 0
          ? [{ movement: 'mispaid-return' as const, amount: returnPoints, applicationNo: no }]
          : []),
        ...(app.points > 0 ? [{ movement: 'debit' as const, amount: app.points, applicationNo: no }] : []),
      ];
  const balance0 = await deps.ledger.balance(app.primeContractorNo, app.pointKind);
  let replay = true;
  let balanceBefore = balance0;
  let balanceAfter = balance0;
  for (const m of movements) {
    const applicationId = applicationIdOf(ids.siteId, ids.workMonth, m.applicationNo);
    if (m.movement === 'mispaid-return') {
      // R-MISPAID (第40条): never more than stands charged for the month, returned in points.
      const contractor = await deps.registry.getContractor(app.primeContractorNo);
      const r = mispaidReturn({
        contractorNo: app.primeContractorNo,
        contractorKind: contractor?.kind ?? 'regular',
        paidWith: 'points',
        amount: m.amount,
        debited: stored.month.chargedPoints,
      });
      const c = await deps.ledger.credit({
        contractorNo: r.to,
        pointKind: app.pointKind,
        kind: 'mispaid-return',
        refId: applicationId,
        amount: r.amount,
      });
      if (c.status === 'credited') replay = false;
      balanceAfter = await deps.ledger.balance(app.primeContractorNo, app.pointKind);
      continue;
    }
    const r = await deps.ledger.debit({
      contractorNo: app.primeContractorNo,
      pointKind: app.pointKind,
      applicationId,
      amount: m.amount,
      days: app.days,
    });
    if (r.status === 'insufficient') {
      return { status: 'insufficient', points: m.amount, balance: r.balance, shortBy: m.amount - r.balance };
    }
    if (r.status === 'debited') replay = false;
    balanceBefore = Math.min(balanceBefore, r.balanceBefore);
    balanceAfter = r.balanceAfter;
  }
  const at = deps.now().toISOString();
  if (app.status !== '充当済') {
    const marked = await deps.workflow.markApplicationCharged(ids.siteId, ids.workMonth, at);
    if (marked.status === 'refused' && marked.current?.status === '取下げ') {
      // A newer file withdrew the application while it was being debited (R-REPLACE).
      await returnCrossedDebit(deps, app);
      return { status: 'superseded' };
    }
  }
  await deps.imports.markCharged(ids.siteId, ids.workMonth, ids.importId, at);
  if (!replay) {
    // Counted and audited by the run that moved the points; a retry after it moves nothing and says so.
    deps.metrics?.count('MonthsCharged');
    deps.metrics?.count('PointsDebited', app.points);
    await deps.audit?.append({
      actor: SYSTEM_ACTORS.cycle,
      action: 'charge',
      siteId: ids.siteId,
      workMonth: ids.workMonth,
      subject: {
        applicationId: app.applicationId,
        importId: ids.importId,
        contractorNo: app.primeContractorNo,
        points: String(app.points),
        returned: String(returnPoints),
        ...(app.decidedBy ? { approvedBy: app.decidedBy } : {}),
      },
    });
  }
  return {
    status: 'debited',
    points: app.points,
    returned: returnPoints,
    balanceBefore,
    balanceAfter,
    replay,
  };
}

/**
 * R-REPLACE: the debit of an application withdrawn meanwhile goes back (returnOfWithdrawnDebit), so the
 * withdrawn application moves nothing; idempotent (one rebate per application id).
 */
async function returnCrossedDebit(deps: Pick<CycleDeps, 'ledger'>, app: ApplicationRecord): Promise<void> {
  const debit = (await deps.ledger.entries(app.primeContractorNo, app.pointKind)).find(
    (e) => e.kind === 'debit' && e.refId === app.applicationId,
  );
  if (!debit) return;
  const f = returnOfWithdrawnDebit(debit.amount, app.no ?? 1);
  if (f.kind !== 'ledger') return;
  await deps.ledger.credit({
    contractorNo: app.primeContractorNo,
    pointKind: app.pointKind,
    kind: 'rebate',
    refId: app.applicationId,
    amount: f.amount,
  });
}
