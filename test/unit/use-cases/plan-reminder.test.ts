import { describe, expect, it } from 'vitest';
import { planReminder } from '../../../functions/shared/use-cases/plan-reminder.js';
import { memoryCycleDeps } from '../../support/memory/index.js';
import { MONTH, master, SITE } from './support.js';

async function depsWith(wagePayment?: 'same-month' | 'next-month') {
  const deps = memoryCycleDeps();
  const site = master().sites[0]!;
  await deps.registry.putSite({ ...site, ...(wagePayment ? { wagePayment } : {}), createdBy: 'seed' });
  return deps;
}

describe('planReminder', () => {
  it('R-DEADLINE: wages paid in the work month are due by the end of the next month; early on, a request', async () => {
    const deps = await depsWith();
    deps.clock.set('2026-11-12T01:00:00Z');
    const plan = await planReminder(deps, { siteId: SITE, workMonth: MONTH, waitKind: 'Application' });

    expect(plan.dueOn).toBe('2026-11-30');
    expect(plan.notice).toBe('request');
    // Looks again when the reminder is due: 7 days before the deadline, 00:00 JST.
    expect(plan.timeoutSeconds).toBe(
      (Date.parse('2026-11-22T15:00:00Z') - Date.parse('2026-11-12T01:00:00Z')) / 1000,
    );
  });

  it("R-DEADLINE: the site's 賃金支払日 in the next month moves the deadline a month later", async () => {
    const deps = await depsWith('next-month');
    const plan = await planReminder(deps, { siteId: SITE, workMonth: MONTH, waitKind: 'Application' });

    expect(plan.dueOn).toBe('2026-12-31');
  });

  it('in the last week before the deadline it reminds; after it, overdue every few days', async () => {
    const deps = await depsWith();
    deps.clock.set('2026-11-25T01:00:00Z');
    expect((await planReminder(deps, { siteId: SITE, workMonth: MONTH, waitKind: 'Approval' })).notice).toBe(
      'reminder',
    );
    deps.clock.set('2026-12-02T01:00:00Z');
    const overdue = await planReminder(deps, { siteId: SITE, workMonth: MONTH, waitKind: 'Approval' });
    expect(overdue.notice).toBe('overdue');
    expect(overdue.timeoutSeconds).toBe(3 * 86_400);
  });

  it('the local runtime caps how long a wait sleeps', async () => {
    const deps = { ...(await depsWith()), maxWaitSeconds: 5 };
    const plan = await planReminder(deps, { siteId: SITE, workMonth: MONTH, waitKind: 'Purchase' });

    expect(plan.timeoutSeconds).toBe(5);
  });

  it('an unknown site plans with the work month as the wage month', async () => {
    const deps = memoryCycleDeps();
    const plan = await planReminder(deps, {
      siteId: '9000000099',
      workMonth: MONTH,
      waitKind: 'Corrections',
    });

    expect(plan.dueOn).toBe('2026-11-30');
  });
});
