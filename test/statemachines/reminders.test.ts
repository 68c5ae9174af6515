// A wait that times out sends its reminder / overdue notice (R-DEADLINE) and can still be completed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, outboxOf, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  // After the 2026-10 month's deadline (2026-11-30): every wait is overdue; waits last 1 s here.
  rt = await startLocalRuntime({ quiet: true, maxWaitSeconds: 1, clock: '2026-12-02T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe('R-DEADLINE reminders while the month waits for people', () => {
  it('times out, notifies overdue again, and still completes when the prime acts', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await rt.dropFile(s.key, s.csv);
    await rt.sfn.settled();
    await new Promise((r) => setTimeout(r, 2_500));
    await rt.sfn.settled();
    const exec = executionOf(rt, s)[0]!;
    const planned = exec.states.filter((st) => st === 'PlanApplicationReminder').length;
    expect(planned).toBeGreaterThanOrEqual(2);
    const overdue = (await outboxOf(s)).filter(
      (m) => m.notice === 'await-Application' && m.payload.stage === 'overdue',
    );
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue[0]?.payload.dueOn).toBe('2026-11-30');
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await rt.sfn.settled();
    await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
    await rt.sfn.settled();
    expect(exec.status).toBe('SUCCEEDED');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(984_000);
  });
});
