// 強制取込 (manual 000 手順3): the fixtures' month with 鈴木設備's worker 42000000000002 sent by CCUS as
// スズキ ジロウ while 建退共 knows its member 5000000003 as スズキ サブロウ: 要修正 F-WORKER-NAME.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Conflict, Forbidden, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { forceImport } from '../../../functions/shared/use-cases/force-import.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { importedBody } from './ccus-rows.js';
import { chainAccess, M, type PeopleDeps, peopleDeps, primeAccess } from './people.js';
import { edge, INBOX, PRIME, SITE } from './support.js';

const RENAMED = '42000000000002';
const SUZUKI = { contractorNo: '2000000002', companyId: '20000000000002' };
const SATO = { contractorNo: '2000000001' };
const PRIME_INPUT = { ...M, by: 'u-prime', contractorNo: PRIME };
const renamed = () => edge('v1.csv').replaceAll(',スズキ,サブロウ,', ',スズキ,ジロウ,');

async function nameDiffers(deps: PeopleDeps) {
  const r = await importedBody(deps, renamed());
  expect(r.flags).toEqual([`F-WORKER-NAME ${RENAMED}`]);
  return r;
}

describe('forceImport (強制取込)', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('F-WORKER-NAME: the prime’s 強制取込 is recorded and audited; 確認・予約登録 then makes the month 予約可能', async () => {
    const deps = await peopleDeps();
    const { ids } = await nameDiffers(deps);

    const r = await forceImport(deps, await primeAccess(deps), { ...PRIME_INPUT, workerId: RENAMED });

    expect(r).toMatchObject({
      recorded: true,
      correction: 'force-import',
      next: expect.stringContaining('再検証'),
    });
    expect(deps.registry.data.forcedImports).toEqual([{ siteId: SITE, workerId: RENAMED }]);
    expect(deps.audit.records.filter((a) => a.action === 'force-import')).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        siteId: SITE,
        workMonth: M.workMonth,
        reason: '本人確認済み',
        subject: { workerId: RENAMED },
      }),
    ]);
    expect(await revalidateImport(deps, ids)).toMatchObject({ importStatus: '予約可能' });
  });

  it('is remembered for the site: the same names in a later file raise no flag', async () => {
    const deps = await peopleDeps();
    await nameDiffers(deps);
    await forceImport(deps, await primeAccess(deps), { ...PRIME_INPUT, workerId: RENAMED });

    const again = await importedBody(deps, renamed());

    expect(again.out).toMatchObject({ importStatus: '予約可能' });
    expect(again.flags).toEqual([]);
  });

  it('R-FIRST-TIER: a 一次 forces a worker of its own chain, not one of another 一次’s chain', async () => {
    const deps = await peopleDeps();
    await nameDiffers(deps);

    const e = await forceImport(deps, await chainAccess(deps, SATO.contractorNo), {
      ...M,
      by: 'u-sato',
      contractorNo: SATO.contractorNo,
      workerId: RENAMED,
    }).catch((x) => x);
    expect(e).toBeInstanceOf(Forbidden);
    expect(e.detail).toContain('自社（一次事業者）の系列のものだけ修正できます');
    expect(deps.registry.data.forcedImports).toEqual([]);

    const own = await forceImport(deps, await chainAccess(deps, SUZUKI.contractorNo), {
      ...M,
      by: 'u-suzuki',
      contractorNo: SUZUKI.contractorNo,
      workerId: RENAMED,
    });
    expect(own).toMatchObject({ recorded: true, correction: 'force-import' });
    expect(deps.registry.data.forcedImports).toEqual([{ siteId: SITE, workerId: RENAMED }]);
  });

  it('R-FIRST-TIER: after its report a 一次’s chain is frozen for it', async () => {
    const deps = await peopleDeps();
    const { ids } = await nameDiffers(deps);
    await deps.workflow.reportFirstTier({
      ...M,
      firstTierCompanyId: SUZUKI.companyId,
      importId: ids.importId,
      workers: 1,
      days: 8,
      points: 2_560,
      reportedBy: 'u-suzuki',
      reportedAt: deps.clock.iso(),
    });

    const e = await forceImport(deps, await chainAccess(deps, SUZUKI.contractorNo), {
      ...M,
      by: 'u-suzuki',
      contractorNo: SUZUKI.contractorNo,
      workerId: RENAMED,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.extra).toEqual({ firstTierCompanyId: SUZUKI.companyId });
    expect(deps.registry.data.forcedImports).toEqual([]);
  });

  it('R-FIRST-TIER: a company below the 一次 may not correct the chain', async () => {
    const deps = await peopleDeps();
    await nameDiffers(deps);

    const e = await forceImport(deps, await chainAccess(deps, '3000000001'), {
      ...M,
      by: 'u-takahashi',
      contractorNo: '3000000001',
      workerId: '43000000000001',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Forbidden);
    expect(e.detail).toContain('系列の就労実績を修正できるのは一次事業者です');
    expect(deps.registry.data.forcedImports).toEqual([]);
  });

  it('refuses a worker who is not in the month, and a month without a file', async () => {
    const deps = await peopleDeps();
    const none = await forceImport(deps, await primeAccess(deps), {
      ...PRIME_INPUT,
      workerId: RENAMED,
    }).catch((x) => x);
    expect(none).toBeInstanceOf(Conflict);
    expect(none.detail).toBe('この月の就業履歴はまだ取り込まれていません');

    await nameDiffers(deps);
    const e = await forceImport(deps, await primeAccess(deps), {
      ...PRIME_INPUT,
      workerId: '49999999999999',
    }).catch((x) => x);
    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toBe('技能者ID 49999999999999 はこの月の就業履歴にありません');
    expect(deps.registry.data.forcedImports).toEqual([]);
  });
});
