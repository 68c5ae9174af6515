// SiteReport (工事別: この工事のための購入・月別の充当・購入目安との差)
// In: the prime's live site (authorization resolved). Out: purchases for it, charges by month, the
// estimate and what is still to buy, as data and as a table.
// Course: read only.
import { ENTRY_LABELS, siteLedger } from '../../../domain/evidence.js';
import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { AppDeps } from './month/deps.js';
import { contractView, entriesOf, type ReportOutput, yen } from './month/evidence.js';
import { todayInTokyo } from './monthly-sweep.js';

/** Per 工事: points bought for it, charged for it by month, the estimate and what is still to buy. */
export async function siteReport(
  deps: Pick<AppDeps, 'ledger' | 'now'>,
  site: SiteSetting,
): Promise<ReportOutput> {
  const { siteId } = site;
  const entries = await entriesOf(deps, site.primeContractorNo);
  const ledger = siteLedger(entries, siteId);
  const view = contractView(site, entries, todayInTokyo(deps.now()));
  const data = { ...view, ...ledger };
  const k = site.contract;
  return {
    fileName: `koji-${siteId}`,
    data,
    report: () => ({
      title: `工事別 退職金ポイント購入・充当状況（${site.name}）`,
      meta: [
        ['現場ID', siteId],
        ['工事名', k?.workName ?? site.name],
        ['発注者', k ? `${k.orderer.name}（${k.orderer.kind === 'public' ? '公共' : '民間'}）` : '未設定'],
        ['請負金額', k ? yen(k.contractAmount) : '未設定'],
        ['契約日', k?.contractOn ?? '未設定'],
        ['工事種別', k ? `${k.workType}（${k.ratePerMille}‰）` : '未設定'],
        ...(k?.jvSharePercent ? ([['JV 出資比率', `${k.jvSharePercent}%`]] as [string, string][]) : []),
        [
          '購入目安',
          view.estimate
            ? `${yen(view.estimate.amount)} 円 → ${yen(view.estimate.units)} 日分 × ${view.estimate.dailyRate} = ${yen(view.estimate.points)}`
            : '未設定',
        ],
        ...(view.public40
          ? ([
              ['収納書の提出期限（40日）', `${view.public40.dueOn}（提出は ${view.public40.submitBy} まで）`],
            ] as [string, string][])
          : []),
        ['購入済', yen(ledger.bought)],
        ['充当', yen(ledger.charged)],
        ['返還', yen(ledger.returned)],
        ['目安との差（未購入）', view.gap === null ? '—' : yen(view.gap)],
      ],
      tables: [
        {
          caption: 'この工事のための購入',
          head: ['日付', '納付番号', 'ポイント'],
          rows: ledger.purchases.map((p) => [p.date, p.refId, p.points]),
        },
        {
          caption: '月別の充当',
          head: ['対象年月', '充当', ENTRY_LABELS['mispaid-return'], ENTRY_LABELS.rebate],
          rows: ledger.months.map((m) => [m.workMonth, m.charged, m.mispaid, m.rebated]),
        },
      ],
    }),
  };
}
