// 工事の契約情報・購入目安・40日の期限 of the fixtures' site 9000000001 (prime 1000000001, seeded with its
// 1,000,000-point opening balance), today 2026-11-12 (Japan).
import { describe, expect, it } from 'vitest';
import type { SiteContract } from '../../../domain/evidence.js';
import { siteContract } from '../../../functions/shared/use-cases/site-contract.js';
import { type Deps, monthDeps, PRIME, PUBLIC_WORK, SITE } from './support.js';

/** A public work contracted on Tuesday 2026-10-20: 1 億円, 2.9‰, the 料率表's 70 % enrolment. */
const PUBLIC = PUBLIC_WORK;
/** R-PURCHASE of PUBLIC_WORK, worked by hand where it is defined. */
const ESTIMATE = { basis: 100_000_000, amount: 290_000, units: 907, dailyRate: 320, points: 290_240 };

async function withContract(contract: SiteContract | undefined) {
  const deps = await monthDeps();
  const site = (await deps.registry.getSite(SITE))!;
  return { deps, site: contract ? { ...site, contract } : site };
}

const buy = (deps: Deps, refId: string, amount: number, siteId?: string) =>
  deps.ledger.credit({
    contractorNo: PRIME,
    pointKind: 'regular',
    kind: 'purchase',
    refId,
    amount,
    ...(siteId ? { siteId } : {}),
  });

describe('siteContract (工事の契約情報・購入目安・40日の期限)', () => {
  it('a site without contract facts has no estimate, no 40-day date and no warning', async () => {
    const { deps, site } = await withContract(undefined);

    expect(await siteContract(deps, site)).toEqual({
      siteId: SITE,
      contract: null,
      estimate: null,
      public40: null,
      bought: 0,
      gap: null,
      warning: null,
    });
  });

  it('R-PURCHASE, R-PUBLIC40: nothing bought yet — the whole estimate is short and the 収納書 is first requested', async () => {
    const { deps, site } = await withContract(PUBLIC);

    const v = await siteContract(deps, site);

    expect(v.contract).toEqual(PUBLIC);
    expect(v.estimate).toMatchObject({ ...ESTIMATE, rateOn: '2026-10-20' });
    expect(v).toMatchObject({ bought: 0, gap: ESTIMATE.points });
    expect(v.warning).toContain('290,240');
    // 2026-10-20 + 40 days = Sunday 2026-11-29; the last business day before it is Friday 2026-11-27.
    expect(v.public40).toEqual({
      dueOn: '2026-11-29',
      submitBy: '2026-11-27',
      bought: false,
      daysLeft: 15,
      stage: 'request',
    });
  });

  it('R-PURCHASE: only purchases named for this 工事 count against the estimate (not the opening balance or other sites)', async () => {
    const { deps, site } = await withContract(PUBLIC);
    await buy(deps, 'pay-0001', 200_000, SITE);
    await buy(deps, 'pay-0002', 50_000);
    await buy(deps, 'pay-0003', 70_000, '9000000002');

    const part = await siteContract(deps, site);
    expect(part).toMatchObject({ bought: 200_000, gap: 90_240 });
    expect(part.warning).toContain('90,240 足りません');
    expect(part.public40).toMatchObject({ bought: true, stage: null });

    await buy(deps, 'pay-0004', 90_240, SITE);
    expect(await siteContract(deps, site)).toMatchObject({ bought: 290_240, gap: 0, warning: null });
  });

  it('R-PUBLIC40: the notice due follows the clock — a reminder in the last 7 days, overdue after the day', async () => {
    const { deps, site } = await withContract(PUBLIC);

    deps.clock.set('2026-11-20T01:00:00.000Z');
    expect((await siteContract(deps, site)).public40).toMatchObject({ daysLeft: 7, stage: 'reminder' });
    deps.clock.set('2026-11-28T01:00:00.000Z');
    expect((await siteContract(deps, site)).public40).toMatchObject({ daysLeft: -1, stage: 'overdue' });
  });

  it('R-PUBLIC40 applies to public orderers only; a JV member’s estimate is on its share of the 請負金額', async () => {
    const { deps, site } = await withContract({
      ...PUBLIC,
      orderer: { kind: 'private', name: '株式会社△△' },
      jvSharePercent: '40',
    });

    const v = await siteContract(deps, site);

    expect(v.public40).toBeNull();
    // 40 % of 1 億円 = 40,000,000 × 2.9 ‰ = 116,000 yen → ceil(116,000 / 320) = 363 days = 116,160 points.
    expect(v.estimate).toMatchObject({ basis: 40_000_000, amount: 116_000, units: 363, points: 116_160 });
  });
});
