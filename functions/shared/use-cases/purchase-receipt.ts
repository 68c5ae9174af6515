// PurchaseReceipt (掛金収納書に相当する購入の記録)
// In: the contractor and the payment (or stamps conversion) id. Out: what was paid, when, how, and for
// which 工事 (発注者名・工事名), as data and as a page.
// Course: read only.
import { ENTRY_LABELS, OPENING_BALANCE_LABEL } from '../../../domain/evidence.js';
import { NotFound } from './errors.js';
import type { AppDeps } from './month/deps.js';
import { entriesOf, POINT_KIND_LABEL, type ReportOutput, yen } from './month/evidence.js';

/** The 収納書-equivalent record of one purchase: what was paid, when, how, and for which 工事. */
export async function purchaseReceipt(
  deps: AppDeps,
  contractorNo: string,
  paymentId: string,
): Promise<ReportOutput> {
  const contractor = await deps.registry.getContractor(contractorNo);
  const entry = (await entriesOf(deps, contractorNo)).find(
    (e) => (e.kind === 'purchase' || e.kind === 'stamps') && e.refId === paymentId,
  );
  if (!contractor || !entry)
    throw new NotFound('この納付番号の購入は見つかりません。納付番号を確かめてください');
  const site = entry.siteId ? await deps.registry.getSite(entry.siteId) : undefined;
  const k = site?.primeContractorNo === contractorNo ? site.contract : undefined;
  const data = {
    contractorNo,
    contractorName: contractor.name,
    paymentId,
    kind: entry.kind,
    label: entry.refId === 'opening-balance' ? OPENING_BALANCE_LABEL : ENTRY_LABELS[entry.kind],
    pointKind: entry.pointKind,
    points: entry.amount,
    method: entry.method ?? null,
    receivedAt: entry.at,
    siteId: entry.siteId ?? null,
    workName: k?.workName ?? site?.name ?? null,
    ordererName: k?.orderer.name ?? null,
    stamps: entry.stamps ?? null,
  };
  return {
    fileName: `shunousho-${paymentId}`,
    data,
    report: () => ({
      title: '掛金収納書（電子申請方式・退職金ポイント購入の記録）',
      meta: [
        ['共済契約者', `${contractor.name}（${contractorNo}）`],
        ['区分', `${data.label}（${POINT_KIND_LABEL[entry.pointKind]}）`],
        ['納付番号', paymentId],
        ['金額（ポイント）', `${yen(entry.amount)} 円`],
        ['納付方法', entry.method ?? (entry.kind === 'stamps' ? '証紙振替（約款第12条4）' : '—')],
        ['受付日時', entry.at],
        ['発注者名', data.ordererName ?? '（未設定: 工事の契約情報を登録してください）'],
        ['工事名', data.workName ?? '（購入時に工事の指定なし）'],
        ['現場ID', entry.siteId ?? '—'],
      ],
      tables: entry.stamps
        ? [
            {
              caption: `証紙の内訳（${entry.stamps.handedInOn} 提出）`,
              head: ['色', '券種', '日額', '枚数', '額面'],
              rows: entry.stamps.lots.map((l) => [
                l.colour === 'red' ? '赤（中小企業者用）' : '青（大手企業者用）',
                `${l.daysPerStamp}日券`,
                l.dailyRate,
                l.count,
                l.count * l.daysPerStamp * l.dailyRate,
              ]),
            },
          ]
        : [],
    }),
  };
}
