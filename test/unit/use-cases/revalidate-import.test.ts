import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { SupersededError } from '../../../functions/shared/use-cases/month/waits.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { appliedAndApproved, INBOX, imported, MONTH, monthDeps, PRIME, SITE, V1 } from './support.js';

const excluded = { by: 'u-prime', reason: '建退共に加入していない下請のため' };

describe('revalidateImport', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('R-EXCLUDE: after 取り込まない of the unknown company and worker the same file is 予約可能 with v1 totals', async () => {
    const deps = await monthDeps();
    const { ids, out } = await imported(deps, 'non-member-subcontractor.csv');
    expect(out).toMatchObject({ importStatus: '要修正' });
    await deps.corrections.exclude(SITE, MONTH, 'company', '39999999999999', excluded);
    await deps.corrections.exclude(SITE, MONTH, 'worker', '49999999999999', excluded);
    const after = await revalidateImport(deps, ids);

    expect(after).toMatchObject({ status: 'imported', importStatus: '予約可能', phase: 'original', ...V1 });
    const stored = await deps.imports.getImport(SITE, MONTH, ids.importId);
    expect(stored).toMatchObject({
      status: '予約可能',
      flags: [],
      totals: expect.objectContaining({ points: V1.points }),
    });
    // The lines left out stay visible, carrying no day.
    const left = (await deps.imports.lines(SITE, MONTH, ids.importId)).find(
      (l) => l.workerId === '49999999999999',
    );
    expect(left).toMatchObject({ days: 0, points: 0, excluded: expect.anything() });
  });

  it('R-MAPPING-SCOPE: a 事後登録 made by the prime resolves its own site’s worker', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'non-member-subcontractor.csv');
    await deps.registry.putContractor({
      contractorNo: '3999999999',
      name: '未加入工業',
      kind: 'regular',
      active: true,
    });
    await deps.registry.putMember({
      memberNo: '5999999999',
      kanaFamily: 'ミカニュウ',
      kanaGiven: 'タロウ',
      kind: 'regular',
      days: 0,
      firstBook: true,
    });
    const d = { by: 'u-prime', primeContractorNo: PRIME, siteId: SITE };
    await deps.corrections.mapCompany('39999999999999', '3999999999', d);
    await deps.corrections.mapWorker('49999999999999', '5999999999', d);
    const after = await revalidateImport(deps, ids);

    expect(after).toMatchObject({ importStatus: '予約可能', days: V1.days + 3 });
  });

  it('a correction by another prime does not apply here (R-MAPPING-SCOPE)', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'non-member-subcontractor.csv');
    await deps.registry.putContractor({
      contractorNo: '3999999999',
      name: '未加入工業',
      kind: 'regular',
      active: true,
    });
    await deps.corrections.mapCompany('39999999999999', '3999999999', {
      by: 'u-other',
      primeContractorNo: '1000000009',
    });
    const after = await revalidateImport(deps, ids);

    expect(after.importStatus).toBe('要修正');
  });

  it('R-REPLACE: an import replaced while it waited for corrections ends as Superseded, untouched', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'non-member-subcontractor.csv');
    await imported(deps, 'v1.csv');

    await expect(revalidateImport(deps, ids)).rejects.toBeInstanceOf(SupersededError);
    expect((await deps.imports.getImport(SITE, MONTH, ids.importId))?.status).toBe('要修正');
  });

  it('R-LATE-DAYS: a file after the charge is revalidated in the after-charge phase', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const late = await imported(deps, 'v2-one-more-day.csv');

    expect(await revalidateImport(deps, late.ids)).toMatchObject({ phase: 'after-charge', days: 51 });
  });

  it('refuses to revalidate an import that was never stored', async () => {
    const deps = await monthDeps();
    await expect(
      revalidateImport(deps, { siteId: SITE, workMonth: MONTH, importId: 'nope' }),
    ).rejects.toThrow(/no stored import/);
  });
});
