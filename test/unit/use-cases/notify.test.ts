import { describe, expect, it } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { notify } from '../../../functions/shared/use-cases/notify.js';
import { appliedAndApproved, drop, edge, imported, MONTH, monthDeps, PRIME, SITE, V1 } from './support.js';

describe('notify', () => {
  it('charged (第11条4): the prime gets the month totals, each 一次 only its own chain; a retry queues once', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    await debitPoints(deps, ids);
    const out = await notify(deps, { notice: 'charged', ...ids });
    await notify(deps, { notice: 'charged', ...ids });

    expect(out.notified).toBe(3);
    const charged = deps.outbox.messages().filter((m) => m.notice === 'charged');
    expect(charged).toHaveLength(3);
    const byTo = Object.fromEntries(charged.map((m) => [m.to, m.payload]));
    expect(byTo[PRIME]).toMatchObject({ recipient: 'prime', ...V1 });
    // 20000000000001's chain: its two workers (12 + 15 days) and its tier-2 company's (5 days).
    expect(byTo['2000000001']).toMatchObject({
      recipient: 'first-tier',
      firstTier: '20000000000001',
      workers: 3,
      days: 32,
    });
    expect(byTo['2000000002']).toMatchObject({
      recipient: 'first-tier',
      firstTier: '20000000000002',
      workers: 1,
      days: 8,
    });
  });

  it('R-ZERO-MONTH: 実績なし is recorded on the import before the prime is told, once', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'zero-header-only.csv');
    await notify(deps, { notice: 'no-work', ...ids });
    deps.clock.advance(60_000);
    await notify(deps, { notice: 'no-work', ...ids });

    const imp = await deps.imports.getImport(SITE, MONTH, ids.importId);
    expect(imp?.noWorkAt).toBe('2026-11-12T01:00:00.000Z');
    const told = deps.outbox.messages().filter((m) => m.notice === 'no-work');
    expect(told).toEqual([
      expect.objectContaining({
        to: PRIME,
        payload: expect.objectContaining({ outcome: '実績なし', recorded: true }),
      }),
    ]);
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(1_000_000);
  });

  it('R-ZERO-MONTH: a zero-day import replaced meanwhile is not recorded as 実績なし', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'zero-header-only.csv');
    await imported(deps, 'v1.csv');
    await notify(deps, { notice: 'no-work', ...ids });

    expect((await deps.imports.getImport(SITE, MONTH, ids.importId))?.noWorkAt).toBeUndefined();
    const told = deps.outbox.messages().find((m) => m.notice === 'no-work');
    expect(told?.payload.recorded).toBe(false);
  });

  it('file-refused carries how many errors the file had, once per import', async () => {
    const deps = await monthDeps();
    const input = drop(deps, edge('v1.csv'), 'ccus.csv', SITE, '202609');
    await importWorkRecords(deps, input);
    const ids = { siteId: SITE, workMonth: '2026-09', importId: input.importId };
    await notify(deps, { notice: 'file-refused', ...ids });
    await notify(deps, { notice: 'file-refused', ...ids });

    const told = deps.outbox.messages().filter((m) => m.notice === 'file-refused');
    expect(told).toHaveLength(1);
    expect(Number(told[0]?.payload.errors)).toBeGreaterThan(0);
  });

  it('rejected: once per application revision, so a second 差戻し is told again', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    const app = {
      ...ids,
      primeContractorNo: PRIME,
      pointKind: 'regular' as const,
      points: 1,
      workers: 1,
      days: 1,
      appliedBy: 'u-prime',
    };
    await deps.workflow.apply(app, deps.clock.iso());
    await deps.workflow.reject(SITE, MONTH, { by: 'u-prime', reason: '誤り' }, deps.clock.iso());
    await notify(deps, { notice: 'rejected', ...ids });
    await notify(deps, { notice: 'rejected', ...ids });
    await deps.workflow.apply(app, deps.clock.iso(), 1);
    await deps.workflow.reject(SITE, MONTH, { by: 'u-prime', reason: '再度の誤り' }, deps.clock.iso());
    await notify(deps, { notice: 'rejected', ...ids });

    expect(deps.outbox.messages().filter((m) => m.notice === 'rejected')).toHaveLength(2);
  });

  it('cycle-failed tells the operators the error name only, never its cause, and the prime', async () => {
    const deps = await monthDeps();
    const out = await notify(deps, {
      notice: 'cycle-failed',
      siteId: SITE,
      workMonth: MONTH,
      failure: { Error: 'States.Timeout', Cause: 'ヤマダ イチロウ 5000000001' },
    });

    expect(out.notified).toBe(2);
    const told = deps.outbox.messages().filter((m) => m.notice === 'cycle-failed');
    expect(told.map((m) => m.to).sort()).toEqual([PRIME, 'operators'].sort());
    expect(JSON.stringify(told)).not.toContain('5000000001');
    expect(told.every((m) => m.payload.error === 'States.Timeout')).toBe(true);
  });

  it('refuses to notify about a site that is not registered', async () => {
    const deps = await monthDeps();
    await expect(
      notify(deps, { notice: 'rejected', siteId: '9000000099', workMonth: MONTH }),
    ).rejects.toThrow(/not registered/);
  });
});
