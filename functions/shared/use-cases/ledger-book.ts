// LedgerBook (共済証紙受払簿, per 決算期)
// In: the contractor, the 決算期 (default: today's), the kind of points. Out: the book, data and table
// (前期繰越・購入・充当・返還・証紙振替・次期繰越).
// Course: read only.
import { fiscalPeriod, ledgerBook } from '../../../domain/evidence.js';
import type { PointKind } from '../../../domain/ledger.js';
import { NotFound } from './errors.js';
import type { AppDeps } from './month/deps.js';
import {
  DEFAULT_FISCAL_START,
  type Format,
  fiscalYearOf,
  POINT_KIND_LABEL,
  type ReportOutput,
  yen,
} from './month/evidence.js';
import { todayInTokyo } from './monthly-sweep.js';

export interface BookQuery {
  fiscalYear?: number | undefined;
  pointKind: PointKind;
  format: Format;
}

/** 共済証紙受払簿 of one 決算期 (the contractor's fiscal year). */
export async function ledgerBookReport(
  deps: AppDeps,
  contractorNo: string,
  q: BookQuery,
): Promise<ReportOutput> {
  const contractor = await deps.registry.getContractor(contractorNo);
  if (!contractor) throw new NotFound('共済契約者が見つかりません');
  const startMonth = contractor.fiscalYearStartMonth ?? DEFAULT_FISCAL_START;
  const fiscalYear = fiscalYearOf(q.fiscalYear, startMonth, todayInTokyo(deps.now()));
  const period = fiscalPeriod(fiscalYear, startMonth);
  const entries = await deps.ledger.entries(contractorNo, q.pointKind);
  const book = ledgerBook(entries, period.from, period.to);
  const sites = new Map((await deps.registry.sitesOfContractor(contractorNo)).map((s) => [s.siteId, s]));
  // A debit written before its entry kept the days: the month's application, while it is still that one.
  const days = new Map<string, number>();
  for (const l of book.lines) {
    if (l.kind !== 'debit' || l.days !== undefined || !l.siteId || !l.workMonth) continue;
    const app = await deps.workflow.getApplication(l.siteId, l.workMonth);
    if (app?.applicationId === l.refId) days.set(l.refId, app.days);
  }
  const lines = book.lines.map((l) => ({
    ...l,
    days: l.days ?? days.get(l.refId) ?? null,
    siteName: (l.siteId && sites.get(l.siteId)?.name) || null,
  }));
  const data = {
    contractorNo,
    pointKind: q.pointKind,
    fiscalYear,
    fiscalYearStartMonth: startMonth,
    ...book,
    lines,
  };
  return {
    fileName: `ukeharaibo-${contractorNo}-${fiscalYear}`,
    data,
    report: () => ({
      title: `共済証紙受払簿（${POINT_KIND_LABEL[q.pointKind]}）`,
      meta: [
        ['共済契約者', `${contractor.name}（${contractorNo}）`],
        ['決算期', `${period.from} 〜 ${period.to}`],
        ['前期繰越', yen(book.opening)],
        ['受入合計', yen(book.totals.received)],
        ['払出合計', yen(book.totals.paid)],
        ['次期繰越（期末残高）', yen(book.closing)],
      ],
      tables: [
        {
          head: ['日付', '区分', '番号', '現場ID', '工事名', '対象年月', '日数', '受入', '払出', '残高'],
          rows: [
            [period.from, '前期繰越', null, null, null, null, null, null, null, book.opening],
            ...lines.map((l) => [
              l.date,
              l.label,
              l.refId,
              l.siteId ?? null,
              l.siteName,
              l.workMonth ?? null,
              l.days,
              l.received || null,
              l.paid || null,
              l.balance,
            ]),
            [
              period.to,
              '次期繰越',
              null,
              null,
              null,
              null,
              null,
              book.totals.received,
              book.totals.paid,
              book.closing,
            ],
          ],
        },
      ],
    }),
  };
}
