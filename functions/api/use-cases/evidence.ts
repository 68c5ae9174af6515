// Evidence of points bought and used: a 工事's contract facts and what they call for (R-PURCHASE,
// R-PUBLIC40), stamps handed in for points (R-STAMPS), and the reports the branch, 経審 and public
// orderers ask for (受払簿 per 決算期, per 工事, per subcontractor, the 収納書 of a purchase).
import {
  contractEstimate,
  ENTRY_LABELS,
  estimateGap,
  fiscalPeriod,
  ledgerBook,
  OPENING_BALANCE_LABEL,
  public40Status,
  type SiteContract,
  type StampHandIn,
  siteLedger,
  stampPoints,
} from '../../../domain/evidence.js';
import type { LedgerEntry, PointKind } from '../../../domain/ledger.js';
import type { SiteSetting } from '../../../domain/ports/storage.js';
import { DomainError } from '../../../domain/types.js';
import { type Report, reportCsv, reportHtml } from '../../shared/reports/render.js';
import { PAYMENT_ID_REUSED } from '../../shared/storage/ledger.js';
import { todayInTokyo } from '../../shared/use-cases/monthly-sweep.js';
import { contractorRelation, siteAccess } from '../authz.js';
import { type ApiResponse, fileResponse, HttpProblem, jsonResponse } from '../http.js';
import type { Caller } from './common.js';

export type Format = 'json' | 'csv' | 'html';

/** The usual Japanese 決算期 starts in April when the prime has not set its own. */
export const DEFAULT_FISCAL_START = 4;

const POINT_KIND_LABEL: Record<PointKind, string> = {
  regular: '退職金ポイント',
  special: '特別退職金ポイント',
};
const yen = (v: number) => `${v.toLocaleString('ja-JP')}`;

function domainProblem(e: unknown): never {
  if (e instanceof DomainError) throw new HttpProblem('unprocessable', e.message, { code: e.code });
  throw e;
}

/** A report in the asked format: JSON data, a CSV download or the printable page. */
function respond(format: Format, fileName: string, data: unknown, report: () => Report): ApiResponse {
  if (format === 'json') return jsonResponse(200, data);
  if (format === 'csv')
    return fileResponse('text/csv; charset=utf-8', `${fileName}.csv`, reportCsv(report()));
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: reportHtml(report()),
  };
}

async function ownSite(c: Caller, siteId: string): Promise<SiteSetting> {
  const { relation, site } = await siteAccess(c.deps, c.principal, siteId);
  c.authorize(site && site.deletedAt === undefined ? relation : 'other');
  return site!;
}

async function entriesOf(c: Caller, contractorNo: string): Promise<LedgerEntry[]> {
  const [regular, special] = await Promise.all([
    c.deps.ledger.entries(contractorNo, 'regular'),
    c.deps.ledger.entries(contractorNo, 'special'),
  ]);
  return [...regular, ...special];
}

// ---------------------------------------------------------------- a 工事's contract facts

function contractView(site: SiteSetting, entries: LedgerEntry[], today: string) {
  const contract = site.contract;
  if (!contract)
    return {
      siteId: site.siteId,
      contract: null,
      estimate: null,
      public40: null,
      bought: 0,
      gap: null,
      warning: null,
    };
  const estimate = contractEstimate(contract);
  const bought = siteLedger(entries, site.siteId).bought;
  const gap = estimateGap(estimate, bought);
  const p40 = public40Status(contract, bought > 0, today);
  return {
    siteId: site.siteId,
    contract,
    estimate,
    bought,
    gap,
    public40: p40.applies
      ? {
          dueOn: p40.dueOn,
          submitBy: p40.submitBy,
          bought: p40.bought,
          daysLeft: p40.daysLeft,
          stage: p40.stage,
        }
      : null,
    warning:
      gap > 0
        ? `この工事のために購入した退職金ポイント（${yen(bought)}）は目安（${yen(estimate.points)}）に ${yen(gap)} 足りません。不足分を購入し、納付の際にこの工事を指定してください`
        : null,
  };
}

/** Sets the 工事's contract facts (the prime's managers); answers the estimate and the 40-day date. */
export async function putSiteContract(c: Caller, siteId: string, input: SiteContract) {
  const site = await ownSite(c, siteId);
  try {
    contractEstimate(input);
  } catch (e) {
    domainProblem(e);
  }
  const next: SiteSetting = { ...site, contract: input };
  await c.deps.registry.putSite(next);
  await c.deps.audit?.append({
    actor: c.principal.id,
    action: 'edit-site-contract',
    siteId,
    subject: {
      siteId,
      orderer: input.orderer.kind,
      contractAmount: String(input.contractAmount),
      contractOn: input.contractOn,
    },
  });
  return contractView(next, await entriesOf(c, site.primeContractorNo), todayInTokyo(c.deps.now()));
}

export async function getSiteContract(c: Caller, siteId: string) {
  const site = await ownSite(c, siteId);
  return contractView(site, await entriesOf(c, site.primeContractorNo), todayInTokyo(c.deps.now()));
}

// ---------------------------------------------------------------- settings

export async function putSettings(c: Caller, contractorNo: string, input: { fiscalYearStartMonth: number }) {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const contractor = await c.deps.registry.getContractor(contractorNo);
  if (!contractor) throw new HttpProblem('not-found', '共済契約者が見つかりません');
  await c.deps.registry.putContractor({ ...contractor, fiscalYearStartMonth: input.fiscalYearStartMonth });
  await c.deps.audit?.append({
    actor: c.principal.id,
    action: 'edit-settings',
    subject: { contractorNo, fiscalYearStartMonth: String(input.fiscalYearStartMonth) },
  });
  return { contractorNo, fiscalYearStartMonth: input.fiscalYearStartMonth };
}

// ---------------------------------------------------------------- stamps to points

export interface StampsInput extends StampHandIn {
  contractorNo: string;
  /** The bank's or the operator's id of this hand-in: the same id is credited once. */
  conversionId: string;
  pointKind: PointKind;
  /** The points the operator credits: must equal the stamps' face value (第12条4). */
  points: number;
  siteId?: string;
}

export async function recordStamps(c: Caller, input: StampsInput) {
  c.authorize(contractorRelation(c.principal, input.contractorNo));
  if (!(await c.deps.registry.getContractor(input.contractorNo)))
    throw new HttpProblem('not-found', '共済契約者が見つかりません');
  let faceValue = 0;
  try {
    faceValue = stampPoints(input);
  } catch (e) {
    domainProblem(e);
  }
  if (faceValue !== input.points)
    throw new HttpProblem(
      'unprocessable',
      `証紙の額面の合計は ${yen(faceValue)} 円です（入力 ${yen(input.points)}）。約款第12条4により額面と同じポイントを加算します。枚数・日額・券種を確かめて入力し直してください`,
      { code: 'STAMPS_POINTS_MISMATCH' },
    );
  const r = await c.deps.ledger
    .credit({
      contractorNo: input.contractorNo,
      pointKind: input.pointKind,
      kind: 'stamps',
      refId: input.conversionId,
      amount: faceValue,
      stamps: { handedInOn: input.handedInOn, lots: input.lots },
      ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
    })
    .catch((e: unknown) => {
      if (e instanceof DomainError && e.code === PAYMENT_ID_REUSED)
        throw new HttpProblem('conflict', e.message, { code: e.code });
      return domainProblem(e);
    });
  if (r.entry.amount !== faceValue)
    throw new HttpProblem(
      'conflict',
      'この conversionId は別の内容の証紙振替ですでに使われています。振替の識別子を確かめてください',
      { code: 'conversion-id-reused' },
    );
  // Once per conversion: a replay credits nothing and records nothing.
  if (r.status === 'credited')
    await c.deps.audit?.append({
      actor: c.principal.id,
      action: 'convert-stamps',
      subject: {
        contractorNo: input.contractorNo,
        conversionId: input.conversionId,
        points: String(faceValue),
        pointKind: input.pointKind,
      },
    });
  return { credited: r.status === 'credited', points: faceValue, balanceAfter: r.entry.balanceAfter };
}

// ---------------------------------------------------------------- reports

/** The 決算期 asked for, or the one today falls in. */
function fiscalYearOf(asked: number | undefined, startMonth: number, today: string): number {
  if (asked !== undefined) return asked;
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= startMonth ? year : year - 1;
}

export interface BookQuery {
  fiscalYear?: number | undefined;
  pointKind: PointKind;
  format: Format;
}

/** 共済証紙受払簿 of one 決算期 (the contractor's fiscal year). */
export async function ledgerBookReport(c: Caller, contractorNo: string, q: BookQuery): Promise<ApiResponse> {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const contractor = await c.deps.registry.getContractor(contractorNo);
  if (!contractor) throw new HttpProblem('not-found', '共済契約者が見つかりません');
  const startMonth = contractor.fiscalYearStartMonth ?? DEFAULT_FISCAL_START;
  const fiscalYear = fiscalYearOf(q.fiscalYear, startMonth, todayInTokyo(c.deps.now()));
  const period = fiscalPeriod(fiscalYear, startMonth);
  const entries = await c.deps.ledger.entries(contractorNo, q.pointKind);
  const book = ledgerBook(entries, period.from, period.to);
  const sites = new Map((await c.deps.registry.sitesOfContractor(contractorNo)).map((s) => [s.siteId, s]));
  const days = new Map<string, number>();
  for (const l of book.lines) {
    if (l.kind !== 'debit' || !l.siteId || !l.workMonth) continue;
    const app = await c.deps.workflow.getApplication(l.siteId, l.workMonth);
    if (app?.applicationId === l.refId) days.set(l.refId, app.days);
  }
  const lines = book.lines.map((l) => ({
    ...l,
    days: days.get(l.refId) ?? null,
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
  return respond(q.format, `ukeharaibo-${contractorNo}-${fiscalYear}`, data, () => ({
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
  }));
}

/** Per 工事: points bought for it, charged for it by month, the estimate and what is still to buy. */
export async function siteReport(c: Caller, siteId: string, format: Format): Promise<ApiResponse> {
  const site = await ownSite(c, siteId);
  const entries = await entriesOf(c, site.primeContractorNo);
  const ledger = siteLedger(entries, siteId);
  const view = contractView(site, entries, todayInTokyo(c.deps.now()));
  const data = { ...view, ...ledger };
  const k = site.contract;
  return respond(format, `koji-${siteId}`, data, () => ({
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
  }));
}

export interface SubcontractorQuery {
  fiscalYear?: number | undefined;
  format: Format;
  siteId?: string | undefined;
}

/**
 * Per subcontractor (一次 and below): days and points charged for its workers in the 決算期's work
 * months, per site and month — the basis of the 受領書 a subcontractor signs.
 */
export async function subcontractorReport(
  c: Caller,
  contractorNo: string,
  q: SubcontractorQuery,
): Promise<ApiResponse> {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const contractor = await c.deps.registry.getContractor(contractorNo);
  if (!contractor) throw new HttpProblem('not-found', '共済契約者が見つかりません');
  const startMonth = contractor.fiscalYearStartMonth ?? DEFAULT_FISCAL_START;
  const fiscalYear = fiscalYearOf(q.fiscalYear, startMonth, todayInTokyo(c.deps.now()));
  const period = fiscalPeriod(fiscalYear, startMonth);
  const [fromMonth, toMonth] = [period.from.slice(0, 7), period.to.slice(0, 7)];
  const apps = (await c.deps.workflow.applicationsOfContractor(contractorNo, '充当済'))
    .filter((a) => a.workMonth >= fromMonth && a.workMonth <= toMonth)
    .filter((a) => q.siteId === undefined || a.siteId === q.siteId)
    .sort((a, b) => a.siteId.localeCompare(b.siteId) || a.workMonth.localeCompare(b.workMonth));
  type Row = {
    siteId: string;
    workMonth: string;
    firstTier: string;
    companyId: string;
    company: string;
    contractorNo: string | null;
    tier: number;
    workers: number;
    days: number;
    points: number;
  };
  const rows: Row[] = [];
  for (const a of apps) {
    const imp = await c.deps.imports.getImport(a.siteId, a.workMonth, a.importId);
    if (!imp) continue;
    const byId = new Map(imp.companies.map((co) => [co.companyId, co]));
    const groups = new Map<string, Row>();
    for (const l of await c.deps.imports.lines(a.siteId, a.workMonth, a.importId)) {
      const co = byId.get(l.employerCompanyId);
      if (!co || co.tier < 1 || l.days === 0 || l.excluded) continue;
      const first = byId.get(l.firstTierCompanyId ?? co.attachedFirstTierCompanyId ?? co.companyId);
      const g = groups.get(co.companyId) ?? {
        siteId: a.siteId,
        workMonth: a.workMonth,
        firstTier: first?.name ?? '',
        companyId: co.companyId,
        company: co.name,
        contractorNo: co.contractorNo,
        tier: co.tier,
        workers: 0,
        days: 0,
        points: 0,
      };
      g.workers += 1;
      g.days += l.days;
      g.points += l.points;
      groups.set(co.companyId, g);
    }
    rows.push(
      ...[...groups.values()].sort(
        (x, y) =>
          x.firstTier.localeCompare(y.firstTier) || x.tier - y.tier || x.companyId.localeCompare(y.companyId),
      ),
    );
  }
  const data = { contractorNo, fiscalYear, from: fromMonth, to: toMonth, rows };
  return respond(q.format, `shitauke-${contractorNo}-${fiscalYear}`, data, () => ({
    title: '下請事業者別 掛金充当（受領書の基礎）',
    meta: [
      ['元請（共済契約者）', `${contractor.name}（${contractorNo}）`],
      ['対象年月', `${fromMonth} 〜 ${toMonth}`],
    ],
    tables: [
      {
        head: [
          '現場ID',
          '対象年月',
          '一次',
          '事業者',
          'CCUS 事業者ID',
          '共済契約者番号',
          '次数',
          '技能者数',
          '就労日数',
          '充当ポイント',
        ],
        rows: rows.map((r) => [
          r.siteId,
          r.workMonth,
          r.firstTier,
          r.company,
          r.companyId,
          r.contractorNo,
          r.tier,
          r.workers,
          r.days,
          r.points,
        ]),
      },
    ],
  }));
}

/** The 収納書-equivalent record of one purchase: what was paid, when, how, and for which 工事. */
export async function purchaseReceipt(
  c: Caller,
  contractorNo: string,
  paymentId: string,
  format: Format,
): Promise<ApiResponse> {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const contractor = await c.deps.registry.getContractor(contractorNo);
  const entry = (await entriesOf(c, contractorNo)).find(
    (e) => (e.kind === 'purchase' || e.kind === 'stamps') && e.refId === paymentId,
  );
  if (!contractor || !entry)
    throw new HttpProblem('not-found', 'この納付番号の購入は見つかりません。納付番号を確かめてください');
  const site = entry.siteId ? await c.deps.registry.getSite(entry.siteId) : undefined;
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
  return respond(format, `shunousho-${paymentId}`, data, () => ({
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
  }));
}
