// 共済契約者の設定 (決算期の開始月) of the fixtures' prime 1000000001 (山田建設), today 2026-11-12 (Japan).
import { describe, expect, it } from 'vitest';
import { NotFound } from '../../../functions/shared/use-cases/errors.js';
import { putContractorSettings } from '../../../functions/shared/use-cases/put-contractor-settings.js';
import { subcontractorReport } from '../../../functions/shared/use-cases/subcontractor-report.js';
import { peopleDeps } from './people.js';
import { PRIME } from './support.js';

describe('putContractorSettings (決算期の開始月)', () => {
  it('keeps the first month on the contractor, leaving the rest of it as it was, and audits who set it', async () => {
    const deps = await peopleDeps();
    const before = await deps.registry.getContractor(PRIME);

    const r = await putContractorSettings(deps, {
      contractorNo: PRIME,
      by: 'u-prime',
      fiscalYearStartMonth: 11,
    });

    expect(r).toEqual({ contractorNo: PRIME, fiscalYearStartMonth: 11 });
    expect(await deps.registry.getContractor(PRIME)).toEqual({ ...before, fiscalYearStartMonth: 11 });
    expect(deps.audit.records).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        action: 'edit-settings',
        subject: { contractorNo: PRIME, fiscalYearStartMonth: '11' },
      }),
    ]);
  });

  it('the subcontractor report’s 決算期 follows it', async () => {
    const deps = await peopleDeps();
    const period = async () => {
      const { data } = await subcontractorReport(deps, PRIME, { format: 'json' });
      return data;
    };
    // Without a setting the usual April start: today falls in 2026-04 〜 2027-03.
    expect(await period()).toMatchObject({ fiscalYear: 2026, from: '2026-04', to: '2027-03' });

    await putContractorSettings(deps, { contractorNo: PRIME, by: 'u-prime', fiscalYearStartMonth: 12 });

    // Starting in December, 2026-11-12 still falls in the 決算期 that began in 2025-12.
    expect(await period()).toMatchObject({ fiscalYear: 2025, from: '2025-12', to: '2026-11' });
  });

  it('refuses a contractor 建退共 does not know, and records nothing', async () => {
    const deps = await peopleDeps();

    const e = await putContractorSettings(deps, {
      contractorNo: '1999999999',
      by: 'u-prime',
      fiscalYearStartMonth: 1,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(NotFound);
    expect(e.detail).toBe('共済契約者が見つかりません');
    expect(await deps.registry.getContractor('1999999999')).toBeUndefined();
    expect(deps.audit.records).toEqual([]);
  });
});
