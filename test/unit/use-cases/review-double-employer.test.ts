// 同日複数所属の確認 (F-DOUBLE-EMPLOYER): the fixtures' month with 高橋塗装's worker 43000000000001 also
// working for 佐藤工業 (its 一次, 20000000000001) on 2026-10-20, a day he worked for 高橋塗装.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { Conflict, Forbidden, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { reviewDoubleEmployer } from '../../../functions/shared/use-cases/review-double-employer.js';
import { type CcusRow, importedBody, takahashi, v1With } from './ccus-rows.js';
import { chainAccess, M, type PeopleDeps, peopleDeps, primeAccess } from './people.js';
import { appliedAndApproved, drop, INBOX, imported, PRIME, SITE } from './support.js';

const WORKER = '43000000000001';
const SATO = { contractorNo: '2000000001', companyId: '20000000000001' };
const SUZUKI = { contractorNo: '2000000002' };
const REASON = '午前は高橋塗装、午後は佐藤工業で就労（本人・両社に確認済み）';
const alsoForSato: CcusRow = {
  ...takahashi(SATO.companyId, '2026-10-20'),
  employer: SATO.companyId,
  employerName: '佐藤工業株式会社',
  tier: 1,
  contractorNo: SATO.contractorNo,
};
const body = () => v1With(alsoForSato);

async function twoEmployers(deps: PeopleDeps) {
  const r = await importedBody(deps, body());
  expect(r.flags).toEqual([`F-DOUBLE-EMPLOYER ${WORKER}`]);
  return r;
}

const asSato = { ...M, by: 'u-sato', contractorNo: SATO.contractorNo };

describe('reviewDoubleEmployer (同日複数所属の確認)', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('F-DOUBLE-EMPLOYER: the review is recorded for the month with its reason; 確認・予約登録 then makes it 予約可能', async () => {
    const deps = await peopleDeps();
    const { ids } = await twoEmployers(deps);

    const r = await reviewDoubleEmployer(deps, await primeAccess(deps), {
      ...M,
      by: 'u-prime',
      contractorNo: PRIME,
      workerId: WORKER,
      reason: REASON,
    });

    expect(r).toMatchObject({ recorded: true, correction: 'double-employer' });
    expect(deps.registry.data.reviewedDoubleEmployers).toEqual([{ ...M, workerId: WORKER }]);
    expect(deps.audit.records.filter((a) => a.action === 'review-double-employer')).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        siteId: SITE,
        workMonth: M.workMonth,
        reason: REASON,
        subject: { workerId: WORKER },
      }),
    ]);
    expect(await revalidateImport(deps, ids)).toMatchObject({ importStatus: '予約可能' });
    // Both days stay: one under each employer.
    const lines = (await deps.imports.lines(SITE, M.workMonth, ids.importId)).filter(
      (l) => l.workerId === WORKER,
    );
    expect(lines.map((l) => [l.employerCompanyId, l.days])).toEqual([
      [SATO.companyId, 1],
      ['30000000000001', 5],
    ]);
  });

  it('is for this month only: the same worker twice on one day of another month is flagged again', async () => {
    const deps = await peopleDeps();
    await twoEmployers(deps);
    await reviewDoubleEmployer(deps, await chainAccess(deps, SATO.contractorNo), {
      ...asSato,
      workerId: WORKER,
      reason: REASON,
    });

    const sameMonth = await importedBody(deps, body());
    expect(sameMonth.flags).toEqual([]);

    const september = body().replaceAll(',202610,', ',202609,').replaceAll(',2026-10-', ',2026-09-');
    const input = drop(deps, september, 'ccus.csv', SITE, '202609');
    await importWorkRecords(deps, input);
    const imp = await deps.imports.getImport(SITE, '2026-09', input.importId);
    expect(imp?.flags.map((f) => `${f.code} ${f.workerId}`)).toEqual([`F-DOUBLE-EMPLOYER ${WORKER}`]);
  });

  it('R-FIRST-TIER: only the 一次 of the worker’s chain (or the prime) reviews it', async () => {
    const deps = await peopleDeps();
    await twoEmployers(deps);

    const e = await reviewDoubleEmployer(deps, await chainAccess(deps, SUZUKI.contractorNo), {
      ...M,
      by: 'u-suzuki',
      contractorNo: SUZUKI.contractorNo,
      workerId: WORKER,
      reason: REASON,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Forbidden);
    expect(deps.registry.data.reviewedDoubleEmployers).toEqual([]);
    expect(
      await reviewDoubleEmployer(deps, await chainAccess(deps, SATO.contractorNo), {
        ...asSato,
        workerId: WORKER,
        reason: REASON,
      }),
    ).toMatchObject({ recorded: true });
  });

  it('R-FIRST-TIER: refused to a 一次 that has reported its chain', async () => {
    const deps = await peopleDeps();
    const { ids } = await twoEmployers(deps);
    await deps.workflow.reportFirstTier({
      ...M,
      firstTierCompanyId: SATO.companyId,
      importId: ids.importId,
      workers: 3,
      days: 33,
      points: 10_560,
      reportedBy: 'u-sato',
      reportedAt: deps.clock.iso(),
    });

    const e = await reviewDoubleEmployer(deps, await chainAccess(deps, SATO.contractorNo), {
      ...asSato,
      workerId: WORKER,
      reason: REASON,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).toContain('報告済み');
    expect(deps.registry.data.reviewedDoubleEmployers).toEqual([]);
  });

  it('refuses a worker who is not in the month, and a month already charged', async () => {
    const deps = await peopleDeps();
    await twoEmployers(deps);
    const e = await reviewDoubleEmployer(deps, await primeAccess(deps), {
      ...M,
      by: 'u-prime',
      contractorNo: PRIME,
      workerId: '49999999999999',
      reason: REASON,
    }).catch((x) => x);
    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toContain('この月の就業履歴にありません');

    const charged = await peopleDeps();
    const { ids } = await imported(charged);
    await appliedAndApproved(charged, ids);
    await debitPoints(charged, ids);
    const late = await reviewDoubleEmployer(charged, await primeAccess(charged), {
      ...M,
      by: 'u-prime',
      contractorNo: PRIME,
      workerId: WORKER,
      reason: REASON,
    }).catch((x) => x);
    expect(late).toBeInstanceOf(Conflict);
    expect(late.detail).toBe('掛金充当済みの月は変更できません');
    expect(charged.registry.data.reviewedDoubleEmployers).toEqual([]);
  });
});
