// 要修正の修正 (manual 000 手順3) on the fixtures' month with a tier-2 company without a contract
// (39999999999999) and its worker without a membership (49999999999999): 要修正 F-COMPANY, F-WORKER-MISSING.
import { describe, expect, it } from 'vitest';
import { confirmCorrections } from '../../../functions/shared/use-cases/confirm-corrections.js';
import { NotWaiting, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { excludeFromMonth } from '../../../functions/shared/use-cases/exclude-from-month.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { mapCompany } from '../../../functions/shared/use-cases/map-company.js';
import { mapWorker } from '../../../functions/shared/use-cases/map-worker.js';
import { M, type PeopleDeps, peopleDeps, primeAccess, waiting } from './people.js';
import { drop, edge, PRIME } from './support.js';

const NOT_A_CONTRACTOR = '39999999999999';
const NOT_A_MEMBER = '49999999999999';
const PRIME_INPUT = { ...M, by: 'u-prime', contractorNo: PRIME };

async function needsCorrections(deps: PeopleDeps) {
  await importWorkRecords(deps, drop(deps, edge('non-member-subcontractor.csv')));
  return primeAccess(deps);
}

describe('要修正の修正', () => {
  it('R-MAPPING-SCOPE: a worker whose 被共済者番号 came with the file cannot be mapped again', async () => {
    const deps = await peopleDeps();
    const access = await needsCorrections(deps);

    const e = await mapWorker(deps, access, {
      ...PRIME_INPUT,
      workerId: '41000000000001',
      memberNo: '5000000002',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toContain('CCUS の連携ファイルで被共済者番号があります');
  });

  it('技能者情報編集: an unknown 被共済者番号 is refused without echoing it', async () => {
    const deps = await peopleDeps();
    const access = await needsCorrections(deps);

    const e = await mapWorker(deps, access, {
      ...PRIME_INPUT,
      workerId: NOT_A_MEMBER,
      memberNo: '5999999999',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toBe('入力された被共済者番号は建退共に登録されていません');
  });

  it('R-MAPPING-SCOPE: 事業者取込方法選択 records the number for the prime that made it', async () => {
    const deps = await peopleDeps();
    const access = await needsCorrections(deps);

    const r = await mapCompany(deps, access, {
      ...PRIME_INPUT,
      companyId: NOT_A_CONTRACTOR,
      companyContractorNo: '3000000001',
    });

    expect(r).toMatchObject({ recorded: true, correction: 'company' });
    expect((await deps.audit.bySite(M.siteId)).filter((a) => a.action === 'map-company')).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        subject: expect.objectContaining({ companyId: NOT_A_CONTRACTOR, primeContractorNo: PRIME }),
      }),
    ]);
  });

  it('R-EXCLUDE: 取り込まない only a subject flagged as without a contract or a membership', async () => {
    const deps = await peopleDeps();
    const access = await needsCorrections(deps);

    const r = await excludeFromMonth(deps, access, {
      ...PRIME_INPUT,
      body: { workerId: NOT_A_MEMBER, reason: '被共済者でない' },
    });
    expect(r).toMatchObject({ recorded: true, subject: 'worker', subjectId: NOT_A_MEMBER, by: 'u-prime' });

    const e = await excludeFromMonth(deps, access, {
      ...PRIME_INPUT,
      body: { workerId: '41000000000001', reason: 'x' },
    }).catch((x) => x);
    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toContain('被共済者番号が確認できているため、取り込まないにはできません');
  });

  it('確認・予約登録 resumes the Corrections wait once and audits it; nothing waiting → NotWaiting', async () => {
    const deps = await peopleDeps();
    const access = await needsCorrections(deps);
    await waiting(deps, 'Corrections');

    expect(await confirmCorrections(deps, access, { ...M, by: 'u-prime' })).toMatchObject({
      status: 'accepted',
    });
    expect(deps.executions.resumed.map((x) => x.taskToken)).toEqual(['token-Corrections']);
    expect(deps.audit.actions().filter((a) => a === 'revalidate')).toHaveLength(1);

    const e = await confirmCorrections(deps, access, { ...M, by: 'u-prime' }).catch((x) => x);
    expect(e).toBeInstanceOf(NotWaiting);
    expect(e.extra).toEqual({ waitKind: 'Corrections', result: 'not-waiting' });
  });
});
