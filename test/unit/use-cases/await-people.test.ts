import { describe, expect, it } from 'vitest';
import { type AwaitInput, awaitPeople } from '../../../functions/shared/use-cases/await-people.js';
import { SupersededError } from '../../../functions/shared/use-cases/month/waits.js';
import { appliedAndApproved, type Deps, imported, MONTH, monthDeps, PRIME, SITE } from './support.js';

async function waitOn(deps: Deps, waitKind: AwaitInput['waitKind'], over: Partial<AwaitInput> = {}) {
  const { ids } = await imported(deps);
  const input: AwaitInput = {
    ...ids,
    waitKind,
    taskToken: 'token-1',
    notice: 'request',
    dueOn: '2026-11-30',
    ...over,
  };
  return { ids, input };
}

describe('awaitPeople', () => {
  it('stores the wait with its deadline, keeps the token for the resume only, and asks the prime', async () => {
    const deps = await monthDeps();
    const { input } = await waitOn(deps, 'Application');
    const out = await awaitPeople(deps, input);

    expect(out).toEqual({ stored: true, notified: 1 });
    expect(await deps.waits.get(SITE, MONTH, 'Application')).toMatchObject({
      importId: input.importId,
      deadline: '2026-11-30',
    });
    expect(JSON.stringify(await deps.waits.get(SITE, MONTH, 'Application'))).not.toContain('token-1');
    expect(await deps.waits.token(SITE, MONTH, 'Application')).toBe('token-1');
    const asked = deps.outbox.messages().filter((m) => m.notice === 'await-Application');
    expect(asked).toEqual([
      expect.objectContaining({ to: PRIME, payload: expect.objectContaining({ stage: 'request' }) }),
    ]);
    expect(deps.executions.resumed).toEqual([]);
  });

  it('a retried task (same token) queues its notices once', async () => {
    const deps = await monthDeps();
    const { input } = await waitOn(deps, 'Application');
    await awaitPeople(deps, input);
    await awaitPeople(deps, input);

    expect(deps.outbox.messages().filter((m) => m.notice === 'await-Application')).toHaveLength(1);
  });

  it('R-REPLACE: a run whose import was replaced stores nothing, tells no one and ends as Superseded', async () => {
    const deps = await monthDeps();
    const { input } = await waitOn(deps, 'Application');
    await imported(deps, 'v2-one-more-day.csv');
    const before = deps.outbox.messages().length;

    await expect(awaitPeople(deps, input)).rejects.toBeInstanceOf(SupersededError);
    expect(await deps.waits.get(SITE, MONTH, 'Application')).toBeUndefined();
    expect(deps.outbox.messages()).toHaveLength(before);
  });

  it('asks each 一次 that has not reported yet (R-FIRST-TIER), by its 共済契約者番号', async () => {
    const deps = await monthDeps();
    const { ids, input } = await waitOn(deps, 'FirstTierReports');
    await deps.workflow.reportFirstTier({
      ...ids,
      firstTierCompanyId: '20000000000001',
      workers: 2,
      days: 27,
      points: 8_640,
      reportedBy: 'u-first',
      reportedAt: deps.clock.iso(),
    });
    const out = await awaitPeople(deps, input);

    expect(out.notified).toBe(1);
    const asked = deps.outbox.messages().filter((m) => m.notice === 'await-FirstTierReports');
    expect(asked.map((m) => m.to)).toEqual(['2000000002']);
    expect(deps.executions.resumed).toEqual([]);
  });

  it('resumes at once when what it waits for was done before the wait was stored', async () => {
    const deps = await monthDeps();
    const { ids, input } = await waitOn(deps, 'Approval');
    await appliedAndApproved(deps, ids);
    await awaitPeople(deps, input);

    expect(deps.executions.resumed).toEqual([{ taskToken: 'token-1', output: { decision: '承認' } }]);
    expect(await deps.waits.get(SITE, MONTH, 'Approval')).toBeUndefined();
  });

  it('a 差戻し made before the wait resumes it with that decision', async () => {
    const deps = await monthDeps();
    const { ids, input } = await waitOn(deps, 'Approval');
    await deps.workflow.apply(
      {
        ...ids,
        primeContractorNo: PRIME,
        pointKind: 'regular',
        points: 1,
        workers: 1,
        days: 1,
        appliedBy: 'u-prime',
      },
      deps.clock.iso(),
    );
    await deps.workflow.reject(SITE, MONTH, { by: 'u-prime', reason: '日数の誤り' }, deps.clock.iso());
    await awaitPeople(deps, input);

    expect(deps.executions.resumed).toEqual([{ taskToken: 'token-1', output: { decision: '差戻し' } }]);
  });

  it('a purchase wait resumes when the balance already covers the application', async () => {
    const deps = await monthDeps();
    const { ids, input } = await waitOn(deps, 'Purchase');
    await appliedAndApproved(deps, ids);
    await awaitPeople(deps, input);

    expect(deps.executions.resumed.map((r) => r.taskToken)).toEqual(['token-1']);
  });

  it('a purchase wait stays while the balance is short', async () => {
    const deps = await monthDeps();
    const { ids, input } = await waitOn(deps, 'Purchase');
    await appliedAndApproved(deps, ids, 2_000_000);
    await awaitPeople(deps, input);

    expect(deps.executions.resumed).toEqual([]);
    expect(await deps.waits.token(SITE, MONTH, 'Purchase')).toBe('token-1');
  });

  it('an overdue stage is counted for the operators', async () => {
    const deps = await monthDeps();
    const { input } = await waitOn(deps, 'Corrections', { notice: 'overdue' });
    await awaitPeople(deps, input);

    expect(deps.metrics.counts.WaitsOverdue).toBe(1);
    // v1 is 予約可能: nothing to correct, the wait resumes at once.
    expect(deps.executions.resumed.map((r) => r.taskToken)).toEqual(['token-1']);
  });
});
