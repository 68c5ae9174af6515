// 工事の契約情報の登録・編集 on the fixtures' site 9000000001 (prime 1000000001), today 2026-11-12 (Japan).
import { describe, expect, it } from 'vitest';
import type { SiteContract } from '../../../domain/evidence.js';
import { Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { putSiteContract } from '../../../functions/shared/use-cases/put-site-contract.js';
import { peopleDeps } from './people.js';
import { PRIME, PUBLIC_WORK, SITE } from './support.js';

const CONTRACT = PUBLIC_WORK;

async function site() {
  const deps = await peopleDeps();
  return { deps, site: (await deps.registry.getSite(SITE))! };
}

describe('putSiteContract (工事の契約情報の登録・編集)', () => {
  it('R-PURCHASE, R-PUBLIC40: keeps the contract on the site with its linkage setting and answers the estimate and the 40-day date', async () => {
    const { deps, site: before } = await site();

    const r = await putSiteContract(deps, before, { by: 'u-prime', contract: CONTRACT });

    // 100,000,000 × 2.9 ‰ × 70/70 = 290,000 yen → ceil(290,000 / 320) = 907 days → 290,240 points.
    expect(r).toMatchObject({
      siteId: SITE,
      contract: CONTRACT,
      estimate: { amount: 290_000, units: 907, points: 290_240 },
      bought: 0,
      gap: 290_240,
      public40: { dueOn: '2026-11-29', submitBy: '2026-11-27', stage: 'request' },
    });
    expect(await deps.registry.getSite(SITE)).toEqual({ ...before, contract: CONTRACT });
  });

  it('audits the edit without the orderer’s name', async () => {
    const { deps, site: s } = await site();

    await putSiteContract(deps, s, { by: 'u-prime', contract: CONTRACT });

    expect(deps.audit.records).toEqual([
      expect.objectContaining({
        actor: 'u-prime',
        action: 'edit-site-contract',
        siteId: SITE,
        subject: { siteId: SITE, orderer: 'public', contractAmount: '100000000', contractOn: '2026-10-20' },
      }),
    ]);
    expect(JSON.stringify(deps.audit.records)).not.toContain('○○市');
  });

  it('an edit replaces the earlier facts; the estimate counts what was bought for the 工事', async () => {
    const { deps, site: s } = await site();
    await putSiteContract(deps, s, { by: 'u-prime', contract: CONTRACT });
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'pay-0001',
      amount: 100_000,
      siteId: SITE,
    });
    const edited = { ...CONTRACT, orderer: { kind: 'private' as const, name: '株式会社△△' } };

    const r = await putSiteContract(deps, (await deps.registry.getSite(SITE))!, {
      by: 'u-prime2',
      contract: edited,
    });

    expect(r).toMatchObject({ contract: edited, bought: 100_000, gap: 190_240, public40: null });
    expect((await deps.registry.getSite(SITE))?.contract).toEqual(edited);
    expect(deps.audit.actions()).toEqual(['edit-site-contract', 'edit-site-contract']);
  });

  it('refuses facts the domain rejects (a JV share over 100 %, enrolment over 100 %, a date before the rate table) and stores nothing', async () => {
    const { deps, site: s } = await site();
    const bad: [Partial<SiteContract>, string][] = [
      [{ jvSharePercent: '120' }, 'INVALID_JV_SHARE'],
      [{ enrolmentPercent: '101' }, 'INVALID_PURCHASE_INPUT'],
      [{ contractOn: '2003-09-30' }, 'RATE_OUT_OF_TABLE'],
    ];

    for (const [change, code] of bad) {
      const e = await putSiteContract(deps, s, { by: 'u-prime', contract: { ...CONTRACT, ...change } }).catch(
        (x) => x,
      );
      expect(e).toBeInstanceOf(Unprocessable);
      expect(e.extra).toEqual({ code });
    }
    expect((await deps.registry.getSite(SITE))?.contract).toBeUndefined();
    expect(deps.audit.records).toEqual([]);
  });
});
