import { describe, expect, it } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { appliedAndApproved, drop, edge, imported, MONTH, monthDeps, PRIME, SITE, V1 } from './support.js';

describe('importWorkRecords', () => {
  it('stores a clean file as the month current import, tells the prime once, audits the arrival', async () => {
    const deps = await monthDeps();
    const { input, out } = await imported(deps);

    expect(out).toMatchObject({
      status: 'imported',
      importStatus: '予約可能',
      outputMethod: '元請一括',
      ...V1,
      monthState: '申請待ち',
      phase: 'original',
    });
    const current = await deps.imports.currentImport(SITE, MONTH);
    expect(current?.importId).toBe(input.importId);
    expect(await deps.imports.lines(SITE, MONTH, input.importId)).toHaveLength(V1.workers);
    expect(deps.outbox.messages().filter((m) => m.notice === 'file-received')).toEqual([
      expect.objectContaining({ to: PRIME, payload: expect.objectContaining({ status: '予約可能' }) }),
    ]);
    expect(deps.audit.actions()).toEqual(['file-received']);
    expect(deps.metrics.counts.FilesReceived).toBe(1);
  });

  it('a replayed S3 event stores nothing new and queues the same notice once', async () => {
    const deps = await monthDeps();
    const input = drop(deps, edge('v1.csv'));
    await importWorkRecords(deps, input);
    const again = await importWorkRecords(deps, input);

    expect(again).toMatchObject({ status: 'imported', importStatus: '予約可能', monthState: '申請待ち' });
    expect(await deps.imports.importsOfMonth(SITE, MONTH)).toHaveLength(1);
    expect(deps.outbox.messages().filter((m) => m.notice === 'file-received')).toHaveLength(1);
    expect(deps.audit.actions()).toEqual(['file-received']);
    expect(deps.metrics.counts.FilesReceived).toBe(1);
  });

  it('R-REPLACE: a newer file before the charge supersedes the current import and withdraws its application', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await deps.workflow.apply(
      {
        siteId: SITE,
        workMonth: MONTH,
        importId: first.input.importId,
        primeContractorNo: PRIME,
        pointKind: 'regular',
        points: V1.points,
        workers: V1.workers,
        days: V1.days,
        appliedBy: 'u-prime',
      },
      deps.clock.iso(),
    );
    const second = await imported(deps, 'v2-one-more-day.csv');

    expect(second.out).toMatchObject({
      status: 'imported',
      days: 51,
      points: 16_320,
      monthState: '申請待ち',
    });
    expect((await deps.imports.currentImport(SITE, MONTH))?.importId).toBe(second.input.importId);
    expect((await deps.imports.getImport(SITE, MONTH, first.input.importId))?.supersededBy).toBe(
      second.input.importId,
    );
    expect(await deps.workflow.getApplication(SITE, MONTH)).toMatchObject({ status: '取下げ' });
    expect(deps.outbox.messages().map((m) => m.notice)).toContain('withdrawn');
  });

  it('R-REPLACE: a wait of the replaced import is ended (its execution fails as Superseded)', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await deps.waits.put(
      { ...first.ids, waitKind: 'Application', deadline: '2026-11-30', createdAt: deps.clock.iso() },
      'token-1',
    );
    await imported(deps, 'v2-one-more-day.csv');

    expect(deps.executions.failed).toEqual([
      expect.objectContaining({ taskToken: 'token-1', error: 'Superseded' }),
    ]);
    expect(await deps.waits.get(SITE, MONTH, 'Application')).toBeUndefined();
  });

  it('R-LATE-DAYS: a file after the charge becomes a 追加申請 beside the charged import, which stays charged', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const late = await imported(deps, 'v2-one-more-day.csv');

    expect(late.out).toMatchObject({
      status: 'imported',
      phase: 'after-charge',
      monthState: '追加申請待ち',
      added: { days: 1, points: 320 },
      removed: { days: 0, points: 0 },
    });
    const charged = await deps.imports.getImport(SITE, MONTH, first.input.importId);
    expect(charged?.chargedAt).toBeDefined();
    expect(charged?.supersededAt).toBeUndefined();
    expect((await deps.imports.currentImport(SITE, MONTH))?.afterChargeOf).toBe(first.input.importId);
  });

  it('R-LATE-DAYS: the same days again after the charge stand charged as they are (no application)', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const same = drop(deps, edge('v1.csv'), 'again.csv');
    const out = await importWorkRecords(deps, same);

    expect(out).toMatchObject({ status: 'imported', monthState: '充当済', phase: 'after-charge' });
    expect((await deps.imports.getImport(SITE, MONTH, same.importId))?.chargedAt).toBeDefined();
  });

  it('R-ZERO-MONTH: a header-only file is imported with no worked day (the month is 実績なし)', async () => {
    const deps = await monthDeps();
    const { out } = await imported(deps, 'zero-header-only.csv');

    expect(out).toMatchObject({ status: 'imported', days: 0, points: 0, monthState: '実績なし' });
  });

  it('F-WORKER-MISSING: a worker without membership makes the import 要修正', async () => {
    const deps = await monthDeps();
    const { out } = await imported(deps, 'non-member-subcontractor.csv');

    expect(out).toMatchObject({ status: 'imported', importStatus: '要修正', monthState: '要修正' });
    expect((out as { flags: number }).flags).toBeGreaterThan(0);
  });

  it('refuses a file for a site that is not registered, records the refusal and tells no prime', async () => {
    const deps = await monthDeps();
    const input = drop(deps, edge('v1.csv'), 'ccus.csv', '9000000077');
    const out = await importWorkRecords(deps, input);

    expect(out).toMatchObject({ status: 'refused', errorCount: 1 });
    expect((out as { reason: string }).reason).toContain('工事情報が登録されていません');
    expect(await deps.imports.getImport('9000000077', MONTH, input.importId)).toMatchObject({
      status: 'refused',
    });
    expect(deps.audit.actions()).toEqual(['file-refused']);
    expect(deps.metrics.counts.FilesRefused).toBe(1);
  });

  it('refuses a file of another month than its key names, keeping no lines', async () => {
    const deps = await monthDeps();
    const input = drop(deps, edge('v1.csv'), 'ccus.csv', SITE, '202609');
    const out = await importWorkRecords(deps, input);

    expect(out.status).toBe('refused');
    expect(await deps.imports.currentImport(SITE, '2026-09')).toBeUndefined();
    expect(await deps.imports.lines(SITE, '2026-09', input.importId)).toEqual([]);
  });

  it('R-SITE-OWNER: a file whose 元請 is another prime is refused; the operators and that prime are told', async () => {
    const deps = await monthDeps('two-primes-master.json');
    const input = drop(deps, edge('foreign-prime-for-b-site.csv'), 'ccus.csv', '9000000002');
    const out = await importWorkRecords(deps, input);

    expect(out.status).toBe('refused');
    const told = deps.outbox.messages().filter((m) => m.notice === 'site-owner-mismatch');
    expect(told.map((m) => m.to).sort()).toEqual([PRIME, 'operators'].sort());
    expect(await deps.imports.currentImport('9000000002', MONTH)).toBeUndefined();
  });
});
