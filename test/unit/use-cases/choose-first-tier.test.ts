// 同現場複数一次選択 (manual 000 手順3): 高橋塗装 (30000000000001, tier 2) works under both 一次 of the
// fixtures' month, 佐藤工業 (20000000000001) and 鈴木設備 (20000000000002): 要修正 F-MULTI-PRIME.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseFirstTier } from '../../../functions/shared/use-cases/choose-first-tier.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { Conflict, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { importedBody, takahashi, v1With } from './ccus-rows.js';
import { M, type PeopleDeps, peopleDeps, primeAccess } from './people.js';
import { appliedAndApproved, INBOX, imported, PRIME, SITE } from './support.js';

const TAKAHASHI = '30000000000001';
const SATO = '20000000000001';
const SUZUKI = '20000000000002';
const PRIME_INPUT = { ...M, by: 'u-prime', contractorNo: PRIME };

/** The month with 高橋塗装 also under 鈴木設備 on two more days. */
async function underTwoFirstTiers(deps: PeopleDeps) {
  const r = await importedBody(
    deps,
    v1With(takahashi(SUZUKI, '2026-10-26'), takahashi(SUZUKI, '2026-10-27')),
  );
  expect(r.flags).toEqual([`F-MULTI-PRIME ${TAKAHASHI}`]);
  return { ...r, access: await primeAccess(deps) };
}

describe('chooseFirstTier (同現場複数一次選択)', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('F-MULTI-PRIME: the 一次 chosen is remembered for the site and audited; 確認・予約登録 then clears the flag', async () => {
    const deps = await peopleDeps();
    const { ids, access } = await underTwoFirstTiers(deps);

    const r = await chooseFirstTier(deps, access, {
      ...PRIME_INPUT,
      companyId: TAKAHASHI,
      firstTierCompanyId: SUZUKI,
    });

    expect(r).toMatchObject({
      recorded: true,
      correction: 'first-tier',
      next: expect.stringContaining('再検証'),
    });
    expect(deps.registry.data.firstTierChoices).toEqual([
      { siteId: SITE, companyId: TAKAHASHI, firstTierCompanyId: SUZUKI },
    ]);
    expect(deps.audit.records.filter((a) => a.action === 'choose-first-tier')).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        siteId: SITE,
        workMonth: M.workMonth,
        subject: { companyId: TAKAHASHI, firstTierCompanyId: SUZUKI },
      }),
    ]);
    // Nothing is revalidated until 確認・予約登録; then the company belongs to the chosen 一次.
    expect((await deps.imports.getImport(SITE, M.workMonth, ids.importId))?.status).toBe('要修正');
    expect(await revalidateImport(deps, ids)).toMatchObject({ importStatus: '予約可能' });
    const lines = await deps.imports.lines(SITE, M.workMonth, ids.importId);
    expect(lines.filter((l) => l.employerCompanyId === TAKAHASHI)).toEqual([
      expect.objectContaining({ workerId: '43000000000001', firstTierCompanyId: SUZUKI, days: 7 }),
    ]);
  });

  it('a later choice for the same company replaces the earlier one', async () => {
    const deps = await peopleDeps();
    const { access } = await underTwoFirstTiers(deps);
    const input = { ...PRIME_INPUT, companyId: TAKAHASHI };

    await chooseFirstTier(deps, access, { ...input, firstTierCompanyId: SUZUKI });
    await chooseFirstTier(deps, access, { ...input, firstTierCompanyId: SATO });

    expect(deps.registry.data.firstTierChoices).toEqual([
      { siteId: SITE, companyId: TAKAHASHI, firstTierCompanyId: SATO },
    ]);
  });

  it('refuses a 一次 the company did not work under this month, and records nothing', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await primeAccess(deps);

    const e = await chooseFirstTier(deps, access, {
      ...PRIME_INPUT,
      companyId: TAKAHASHI,
      firstTierCompanyId: SUZUKI,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toBe(`事業者ID ${TAKAHASHI} は一次事業者 ${SUZUKI} の下で就業していません`);
    expect(deps.registry.data.firstTierChoices).toEqual([]);
    expect(deps.audit.actions()).not.toContain('choose-first-tier');
  });

  it('refuses a company that is not in the month’s chain', async () => {
    const deps = await peopleDeps();
    const { access } = await underTwoFirstTiers(deps);

    const e = await chooseFirstTier(deps, access, {
      ...PRIME_INPUT,
      companyId: '39999999999999',
      firstTierCompanyId: SATO,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toContain('この月の施工体制にありません');
    expect(deps.registry.data.firstTierChoices).toEqual([]);
  });

  it('refuses a month without a file', async () => {
    const deps = await peopleDeps();

    const e = await chooseFirstTier(deps, await primeAccess(deps), {
      ...PRIME_INPUT,
      companyId: TAKAHASHI,
      firstTierCompanyId: SATO,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).toBe('この月の就業履歴はまだ取り込まれていません');
  });

  it('refuses a month already charged, even for a 一次 the company worked under', async () => {
    const deps = await peopleDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    await debitPoints(deps, ids);

    const e = await chooseFirstTier(deps, await primeAccess(deps), {
      ...PRIME_INPUT,
      companyId: TAKAHASHI,
      firstTierCompanyId: SATO,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).toBe('掛金充当済みの月は変更できません');
    expect(deps.registry.data.firstTierChoices).toEqual([]);
  });
});
