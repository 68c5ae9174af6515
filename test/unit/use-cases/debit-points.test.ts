import { describe, expect, it } from 'vitest';
import { applicationIdOf } from '../../../domain/application.js';
import { debitPoints, NotApprovedError } from '../../../functions/shared/use-cases/debit-points.js';
import { appliedAndApproved, imported, MONTH, monthDeps, PRIME, SITE, V1 } from './support.js';

const OPENING = 1_000_000;

describe('debitPoints', () => {
  it('R-CHARGE: debits the approved application, marks it 充当済 and pins the month on its import', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    const out = await debitPoints(deps, ids);

    expect(out).toEqual({
      status: 'debited',
      points: V1.points,
      returned: 0,
      balanceBefore: OPENING,
      balanceAfter: OPENING - V1.points,
      replay: false,
    });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING - V1.points);
    expect(await deps.workflow.getApplication(SITE, MONTH)).toMatchObject({ status: '充当済' });
    expect((await deps.imports.getImport(SITE, MONTH, ids.importId))?.chargedAt).toBeDefined();
    expect(deps.audit.actions()).toContain('charge');
    expect(deps.metrics.counts).toMatchObject({ MonthsCharged: 1, PointsDebited: V1.points });
    expect((await deps.ledger.reconcile(PRIME, 'regular')).ok).toBe(true);
  });

  it('R-CHARGE: one debit per application — a replay moves nothing and says so', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    await debitPoints(deps, ids);
    const again = await debitPoints(deps, ids);

    expect(again).toMatchObject({ status: 'debited', replay: true, balanceAfter: OPENING - V1.points });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING - V1.points);
    const debits = (await deps.ledger.entries(PRIME, 'regular')).filter((e) => e.kind === 'debit');
    expect(debits).toEqual([
      expect.objectContaining({ refId: applicationIdOf(SITE, MONTH), amount: V1.points }),
    ]);
    expect(deps.audit.actions().filter((a) => a === 'charge')).toHaveLength(1);
    expect(deps.metrics.counts.MonthsCharged).toBe(1);
  });

  it('R-CHARGE: a balance short of the points debits nothing and tells how much is missing', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids, OPENING + 500);
    const out = await debitPoints(deps, ids);

    expect(out).toEqual({ status: 'insufficient', points: OPENING + 500, balance: OPENING, shortBy: 500 });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING);
    expect(await deps.workflow.getApplication(SITE, MONTH)).toMatchObject({ status: '承認' });
    expect((await deps.imports.getImport(SITE, MONTH, ids.importId))?.chargedAt).toBeUndefined();
  });

  it('refuses to debit an application that is not approved', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);

    await expect(debitPoints(deps, ids)).rejects.toBeInstanceOf(NotApprovedError);
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING);
  });

  it('R-REPLACE: an import replaced before its approval ends the run as superseded', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await imported(deps, 'v2-one-more-day.csv');

    expect(await debitPoints(deps, first.ids)).toEqual({ status: 'superseded' });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING);
  });

  it('R-REPLACE: an application withdrawn after its debit landed gets the points back once', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    const app = await appliedAndApproved(deps, ids);
    // The debit landed, then a newer file withdrew the application before it was marked 充当済.
    await deps.ledger.debit({
      contractorNo: PRIME,
      pointKind: 'regular',
      applicationId: app.applicationId,
      amount: V1.points,
    });
    await deps.workflow.withdraw(
      SITE,
      MONTH,
      ids.importId,
      { by: 'system', reason: '新しいファイル' },
      deps.clock.iso(),
    );

    expect(await debitPoints(deps, ids)).toEqual({ status: 'superseded' });
    expect(await debitPoints(deps, ids)).toEqual({ status: 'superseded' });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING);
    const rebates = (await deps.ledger.entries(PRIME, 'regular')).filter((e) => e.kind === 'rebate');
    expect(rebates).toHaveLength(1);
  });

  it('R-LATE-DAYS / R-MISPAID: a 追加申請 after the charge returns the removed days as 誤納 points, once', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    const charged = await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const late = await imported(deps, 'v3-one-day-fewer.csv');
    expect(late.out).toMatchObject({ phase: 'after-charge', removed: { days: 1, points: 320 } });
    await appliedAndApproved(deps, late.ids, 0, { no: 2, returnPoints: 320, follows: charged.applicationId });
    const out = await debitPoints(deps, late.ids);
    const replay = await debitPoints(deps, late.ids);

    expect(out).toMatchObject({ status: 'debited', points: 0, returned: 320, replay: false });
    expect(replay).toMatchObject({ status: 'debited', returned: 320, replay: true });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING - V1.points + 320);
    const returns = (await deps.ledger.entries(PRIME, 'regular')).filter((e) => e.kind === 'mispaid-return');
    expect(returns).toEqual([
      expect.objectContaining({ amount: 320, refId: applicationIdOf(SITE, MONTH, 2) }),
    ]);
    expect((await deps.imports.currentImport(SITE, MONTH))?.chargedAt).toBeDefined();
  });

  it('R-LATE-DAYS: a 追加申請 for added days debits only the difference under its own application id', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    const charged = await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const late = await imported(deps, 'v2-one-more-day.csv');
    await appliedAndApproved(deps, late.ids, 320, { no: 2, follows: charged.applicationId });
    const out = await debitPoints(deps, late.ids);

    expect(out).toMatchObject({ status: 'debited', points: 320, returned: 0, replay: false });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING - V1.points - 320);
    expect(await deps.ledger.entry(PRIME, 'regular', 'debit', applicationIdOf(SITE, MONTH, 2))).toMatchObject(
      {
        amount: 320,
      },
    );
  });
});
