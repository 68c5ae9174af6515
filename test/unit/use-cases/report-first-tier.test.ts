import { describe, expect, it } from 'vitest';
import { ActionRefused, Conflict, Forbidden } from '../../../functions/shared/use-cases/errors.js';
import { reportForFirstTier } from '../../../functions/shared/use-cases/report-first-tier.js';
import { chainAccess, M, peopleDeps, primeAccess } from './people.js';
import { imported } from './support.js';

/** 佐藤工業 (2000000001) is the 一次 20000000000001 of the fixtures' month; 高橋塗装 (3000000001) its tier 2. */
const SATO = { contractorNo: '2000000001', companyId: '20000000000001' };

describe('reportForFirstTier (一次 報告する)', () => {
  it('R-FIRST-TIER: a 一次 reports for itself only — another 一次 is refused', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await chainAccess(deps, SATO.contractorNo);

    const e = await reportForFirstTier(deps, access, {
      ...M,
      firstTierCompanyId: '20000000000002',
      by: 'u-sato',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Forbidden);
    expect(e.detail).toBe('自社（一次事業者）の就労実績のみ報告できます');
    expect(await deps.workflow.reports(M.siteId, M.workMonth)).toEqual([]);
  });

  it('R-FIRST-TIER: a lower tier of the chain is not the 一次 and may not report for it', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await chainAccess(deps, '3000000001');

    await expect(
      reportForFirstTier(deps, access, { ...M, firstTierCompanyId: SATO.companyId, by: 'u-takahashi' }),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('R-DEADLINE: the prime may not report for a 一次 before the deadline, and names it', async () => {
    const deps = await peopleDeps();
    await imported(deps);

    const e = await reportForFirstTier(deps, await primeAccess(deps), {
      ...M,
      firstTierCompanyId: SATO.companyId,
      by: 'u-prime',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.extra).toMatchObject({ firstTierCompanyId: SATO.companyId, dueOn: expect.any(String) });
    expect(e.detail).toContain('一次事業者に報告を依頼してください');
  });

  it('records the report of the 一次 itself (the month is 元請一括: no wait to resume)', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await chainAccess(deps, SATO.contractorNo);

    const r = await reportForFirstTier(deps, access, {
      ...M,
      firstTierCompanyId: SATO.companyId,
      by: 'u-sato',
    });

    expect(r).toEqual({ firstTierCompanyId: SATO.companyId, remaining: 1, resumed: 'waiting' });
    expect(await deps.workflow.reports(M.siteId, M.workMonth)).toEqual([
      expect.objectContaining({ firstTierCompanyId: SATO.companyId, reportedBy: 'u-sato', workers: 3 }),
    ]);
  });

  it('refuses a company that is not a 一次 of the month as unprocessable, not as a conflict of the moment', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await chainAccess(deps, '3000000001');
    access.companies = access.companies.map((c) => ({ ...c, tier: 1 }));

    const e = await reportForFirstTier(deps, access, {
      ...M,
      firstTierCompanyId: '30000000000001',
      by: 'u-takahashi',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(ActionRefused);
    expect({ kind: e.kind, code: e.extra.code }).toEqual({ kind: 'unprocessable', code: 'not-first-tier' });
  });
});
