// 工事別 (per 工事) report of the fixtures' site 9000000001: purchases named for it, its charged months net of
// what came back for them, against the R-PURCHASE estimate. Today 2026-11-12 (Japan).
import { describe, expect, it } from 'vitest';
import type { SiteContract } from '../../../domain/evidence.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { siteReport } from '../../../functions/shared/use-cases/site-report.js';
import {
  appliedAndApproved,
  type Deps,
  imported,
  MONTH,
  monthDeps,
  PRIME,
  PUBLIC_WORK,
  SITE,
  V1,
} from './support.js';

const CONTRACT: SiteContract = { ...PUBLIC_WORK, workName: '○○ビル新築工事（本体）' };

const credit = (
  deps: Deps,
  kind: 'purchase' | 'mispaid-return',
  refId: string,
  amount: number,
  siteId?: string,
) =>
  deps.ledger.credit({
    contractorNo: PRIME,
    pointKind: 'regular',
    kind,
    refId,
    amount,
    ...(siteId ? { siteId } : {}),
  });

/** The month charged (v1: 16,000 points), 100,000 bought for the 工事, 320 of 誤納 returned for its month. */
async function chargedSite() {
  const deps = await monthDeps();
  const { ids } = await imported(deps);
  await appliedAndApproved(deps, ids);
  await debitPoints(deps, ids);
  await credit(deps, 'purchase', 'pay-0001', 100_000, SITE);
  await credit(deps, 'purchase', 'pay-0002', 30_000);
  await credit(deps, 'mispaid-return', `${SITE}:${MONTH}:2`, 320);
  // Another 工事 of the same prime: neither its charge nor its purchase is this one's.
  await deps.ledger.debit({
    contractorNo: PRIME,
    pointKind: 'regular',
    applicationId: '9000000002:2026-10',
    amount: 5_000,
  });
  await credit(deps, 'purchase', 'pay-0003', 7_000, '9000000002');
  const site = (await deps.registry.getSite(SITE))!;
  return { deps, site: { ...site, contract: CONTRACT } };
}

describe('siteReport (工事別 購入・充当状況)', () => {
  it('this 工事’s purchases and charged months only, net of the 誤納 returned, and the gap to the estimate', async () => {
    const { deps, site } = await chargedSite();

    const r = await siteReport(deps, site);

    expect(r.fileName).toBe(`koji-${SITE}`);
    expect(r.data).toMatchObject({
      siteId: SITE,
      purchases: [{ date: '2026-11-12', refId: 'pay-0001', points: 100_000 }],
      bought: 100_000,
      months: [{ workMonth: MONTH, charged: V1.points, returned: 320, mispaid: 320, rebated: 0 }],
      charged: V1.points,
      returned: 320,
      // R-PURCHASE: 290,240 points for the contract, 100,000 bought for it.
      estimate: { points: 290_240 },
      gap: 190_240,
    });
  });

  it('the printable table names the contract, the 40-day date (R-PUBLIC40) and the columns of each month', async () => {
    const { deps, site } = await chargedSite();

    const t = (await siteReport(deps, site)).report();

    expect(t.title).toBe('工事別 退職金ポイント購入・充当状況（○○ビル新築工事）');
    expect(Object.fromEntries(t.meta)).toMatchObject({
      現場ID: SITE,
      工事名: CONTRACT.workName,
      発注者: '○○市（公共）',
      請負金額: '100,000,000',
      '収納書の提出期限（40日）': '2026-11-29（提出は 2026-11-27 まで）',
      購入済: '100,000',
      充当: '16,000',
      返還: '320',
      '目安との差（未購入）': '190,240',
    });
    expect(t.tables.map((x) => x.rows)).toEqual([
      [['2026-11-12', 'pay-0001', 100_000]],
      [[MONTH, V1.points, 320, 0]],
    ]);
    expect(t.tables[1]?.head).toEqual(['対象年月', '充当', '誤納返還', '返還（申請取下げ）']);
  });

  it('a 工事 without contract facts or activity says 未設定 and has empty tables', async () => {
    const deps = await monthDeps();
    const site = (await deps.registry.getSite(SITE))!;

    const r = await siteReport(deps, site);
    const t = r.report();

    expect(r.data).toMatchObject({
      contract: null,
      estimate: null,
      gap: null,
      bought: 0,
      charged: 0,
      months: [],
    });
    expect(Object.fromEntries(t.meta)).toMatchObject({
      工事名: site.name,
      発注者: '未設定',
      購入目安: '未設定',
      '目安との差（未購入）': '—',
    });
    expect(t.meta.map(([k]) => k)).not.toContain('収納書の提出期限（40日）');
    expect(t.tables.map((x) => x.rows)).toEqual([[], []]);
  });
});
