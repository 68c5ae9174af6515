import { describe, expect, it } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { reconcileCharges } from '../../../functions/shared/use-cases/reconcile-charges.js';
import { recordContributions } from '../../../functions/shared/use-cases/record-contributions.js';
import { appliedAndApproved, type Deps, imported, MONTH, monthDeps, PRIME, SITE } from './support.js';

const HOUR = 3_600_000;

/** A month whose debit landed and whose run stopped right after it (before 充当済 and the days). */
async function debitedThenCrashed(deps: Deps) {
  const { ids } = await imported(deps);
  const app = await appliedAndApproved(deps, ids);
  await deps.ledger.debit({
    contractorNo: PRIME,
    pointKind: 'regular',
    applicationId: app.applicationId,
    amount: app.points,
  });
  return ids;
}

describe('reconcileCharges', () => {
  it('no debit without its record: a charged month left incomplete is completed and the operators told', async () => {
    const deps = await monthDeps();
    const ids = await debitedThenCrashed(deps);
    deps.clock.advance(7 * HOUR);
    const out = await reconcileCharges(deps, { siteIds: [SITE] });

    expect(out.repaired).toEqual([{ ...ids, marked: true, membersMissing: 5, recorded: 5 }]);
    expect(await deps.workflow.getApplication(SITE, MONTH)).toMatchObject({ status: '充当済' });
    expect((await deps.imports.getImport(SITE, MONTH, ids.importId))?.chargedAt).toBeDefined();
    expect((await deps.registry.getMember('5000000001'))?.days).toBe(3010);
    const told = deps.outbox.messages().filter((m) => m.notice === 'charge-reconciled');
    expect(told).toEqual([expect.objectContaining({ to: 'operators', siteId: SITE })]);
    // Completed: the next run finds nothing to repair, and the points moved once.
    expect((await reconcileCharges(deps, { siteIds: [SITE] })).repaired).toEqual([]);
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(1_000_000 - 16_000);
  });

  it('a charge younger than the grace period is left to its own execution', async () => {
    const deps = await monthDeps();
    await debitedThenCrashed(deps);
    deps.clock.advance(HOUR);
    const out = await reconcileCharges(deps);

    expect(out.charged).toBe(1);
    expect(out.repaired).toEqual([]);
    expect(await deps.workflow.getApplication(SITE, MONTH)).toMatchObject({ status: '承認' });
  });

  it('a 充当済 month whose members days were not recorded gets them, once', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    await debitPoints(deps, ids);
    deps.clock.advance(7 * HOUR);
    const out = await reconcileCharges(deps);

    expect(out.repaired).toEqual([{ ...ids, marked: false, membersMissing: 5, recorded: 5 }]);
  });

  it('a complete month and an approved month without a debit need nothing', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    deps.clock.advance(7 * HOUR);
    expect(await reconcileCharges(deps)).toMatchObject({ charged: 0, repaired: [] });

    await debitPoints(deps, ids);
    await recordContributions(deps, ids);
    deps.clock.advance(7 * HOUR);
    const out = await reconcileCharges(deps);
    expect(out).toMatchObject({ charged: 1, repaired: [] });
    expect(out.monthsChecked).toBe(13);
  });
});
