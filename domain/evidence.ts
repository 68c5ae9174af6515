// Evidence of points bought and used (加入・履行証明, 経審, public orderers): a site's contract facts and
// what they call for (R-PURCHASE, R-PUBLIC40), the 共済証紙受払簿 of a 決算期, the per-工事 view, and
// stamps handed in for points (R-STAMPS). Pure: the use cases read the ledger and pass the entries in.
import { public40SubmitBy } from './business-days.js';
import { addDays, assertIsoDate, public40Deadline } from './calendar.js';
import type { EntryKind, LedgerEntry } from './ledger.js';
import { signedAmount } from './ledger.js';
import { type PurchasePlan, purchasePlan } from './purchase.js';
import { dailyRateOn } from './rates.js';
import { DomainError, type IsoDate, type YearMonth, type Yen } from './types.js';

// ---------------------------------------------------------------- a site's contract (工事)

export interface SiteContract {
  /** 工事名, as the 収納書 names it. */
  workName: string;
  /** 発注者: public (官公庁) or private, and its name. */
  orderer: { kind: 'public' | 'private'; name: string };
  /** 請負金額 including consumption tax, integer yen (総工事費 of R-PURCHASE). */
  contractAmount: Yen;
  /** 契約日. */
  contractOn: IsoDate;
  /** 工事種別 (the 料率表's row). */
  workType: string;
  /** 工事種別に応じた料率 in ‰ from the 料率表 (e.g. '2.9' for 土木・舗装). */
  ratePerMille: string;
  /** 対象工事における労働者の加入率 in %; the 料率表 assumes 70, the FAQ's example 100. */
  enrolmentPercent: string;
  /** A JV member's 出資比率 in %: it buys for its share of the 請負金額 (seed 001, JV). */
  jvSharePercent?: string;
}

export interface ContractEstimate extends PurchasePlan {
  /** The 請負金額 the estimate is computed on (the JV share of it when one is set). */
  basis: Yen;
  /** The rate in force on the contract day (R-RATE), the unit the points are counted in. */
  rateOn: IsoDate;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** floor(amount × percent / 100) in integers (percent with up to two decimals). */
function shareOf(amount: Yen, percent: string): Yen {
  const m = PERCENT.exec(percent);
  const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
  if (!m || hundredths <= 0 || hundredths > 10_000)
    throw new DomainError(
      'INVALID_JV_SHARE',
      `JV の出資比率は 0 より大きく 100 以下の数（小数2桁まで）にしてください: ${percent}`,
    );
  return Number((BigInt(amount) * BigInt(hundredths)) / 10_000n);
}

/** R-PURCHASE for a site's contract, at the daily rate in force on its contract day. */
export function contractEstimate(c: SiteContract): ContractEstimate {
  const basis =
    c.jvSharePercent === undefined ? c.contractAmount : shareOf(c.contractAmount, c.jvSharePercent);
  const plan = purchasePlan({
    totalCost: basis,
    ratePerMille: c.ratePerMille,
    enrolmentPercent: c.enrolmentPercent,
    dailyRate: dailyRateOn(c.contractOn),
  });
  return { ...plan, basis, rateOn: c.contractOn };
}

/** Days before the submit-by day from which the reminder replaces the first request. */
export const PUBLIC40_REMINDER_DAYS = 7;

export type Public40Status =
  | { applies: false }
  | {
      applies: true;
      /** The 40th day (契約日 + 40, 初日不算入). */
      dueOn: IsoDate;
      /** The last business day on or before it: what the reminders count to. */
      submitBy: IsoDate;
      /** A purchase is tied to the 工事. */
      bought: boolean;
      /** Days from today to submitBy (negative when past). */
      daysLeft: number;
      /** Which notice is due now (none once bought): first request, reminder near the day, overdue. */
      stage: 'request' | 'reminder' | 'overdue' | null;
    };

function dayNumber(d: IsoDate): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
}

/** R-PUBLIC40: where a public work stands against its 40-day date on `today`. */
export function public40Status(
  c: Pick<SiteContract, 'orderer' | 'contractOn'>,
  bought: boolean,
  today: IsoDate,
): Public40Status {
  if (c.orderer.kind !== 'public') return { applies: false };
  const dueOn = public40Deadline(c.contractOn);
  const submitBy = public40SubmitBy(c.contractOn);
  const daysLeft = dayNumber(submitBy) - dayNumber(assertIsoDate(today));
  const stage = bought
    ? null
    : daysLeft < 0
      ? 'overdue'
      : daysLeft <= PUBLIC40_REMINDER_DAYS
        ? 'reminder'
        : 'request';
  return { applies: true, dueOn, submitBy, bought, daysLeft, stage };
}

/** Points still to buy for the 工事: the estimate's points less what was bought for it (never below 0). */
export function estimateGap(estimate: Pick<PurchasePlan, 'points'>, boughtForSite: Yen): Yen {
  return Math.max(0, estimate.points - boughtForSite);
}

// ---------------------------------------------------------------- stamps to points (R-STAMPS)

/** 共済証紙: 赤 (中小企業者用) or 青 (大手企業者用), 1日券 or 10日券 (seed 001). */
export interface StampLot {
  colour: 'red' | 'blue';
  /** Days per stamp: 1 (1日券) or 10 (10日券). */
  daysPerStamp: 1 | 10;
  /** The stamp's 日額 printed on it (seed 001 lists 260, 300 and 310 yen stamps; 320 today). */
  dailyRate: Yen;
  count: number;
}

export interface StampHandIn {
  /** The day the stamps were handed in at the bank (第12条4). */
  handedInOn: IsoDate;
  lots: StampLot[];
}

/** 日額 that stamps were issued at (seed 001: 260, 300, 310; 約款 第4条: 320). */
export const STAMP_DAILY_RATES: readonly Yen[] = [260, 300, 310, 320];

/** R-STAMPS (第12条4): the points for stamps handed in = their face value. */
export function stampPoints(h: StampHandIn): Yen {
  assertIsoDate(h.handedInOn);
  if (h.lots.length === 0)
    throw new DomainError('INVALID_STAMPS', '証紙の内訳（色・券種・日額・枚数）を1行以上入力してください');
  let total = 0;
  for (const l of h.lots) {
    if (!STAMP_DAILY_RATES.includes(l.dailyRate))
      throw new DomainError(
        'INVALID_STAMPS',
        `証紙の日額 ${l.dailyRate} 円はありません（${STAMP_DAILY_RATES.join('・')} 円のいずれか）。証紙の額面を確かめてください`,
      );
    if (!Number.isSafeInteger(l.count) || l.count <= 0)
      throw new DomainError('INVALID_STAMPS', `証紙の枚数は1以上の整数にしてください: ${l.count}`);
    total += l.count * l.daysPerStamp * l.dailyRate;
  }
  return total;
}

// ---------------------------------------------------------------- labels and dates

/** The label of each ledger kind in every report (誤納 and 免除 have their own). */
export const ENTRY_LABELS: Readonly<Record<EntryKind, string>> = {
  purchase: '購入',
  debit: '掛金充当',
  'exemption-refund': '免除還付（50日分）',
  'mispaid-return': '誤納返還',
  rebate: '返還（申請取下げ）',
  stamps: '証紙振替',
};

/** The opening balance loaded when the contractor came on board (not a payment). */
export const OPENING_BALANCE_LABEL = '移行時残高';

/** The Japan date of an ISO timestamp (entries are stamped in UTC). */
export function japanDateOf(at: string): IsoDate {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new DomainError('INVALID_TIMESTAMP', `not a timestamp: ${at}`);
  return new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** A 決算期: fiscal year `year` starts on the 1st of `startMonth` of `year` and lasts 12 months. */
export function fiscalPeriod(year: number, startMonth: number): { from: IsoDate; to: IsoDate } {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12)
    throw new DomainError('INVALID_FISCAL_START', `決算期の開始月は1〜12で指定してください: ${startMonth}`);
  if (!Number.isInteger(year) || year < 1900 || year > 9998)
    throw new DomainError('INVALID_FISCAL_YEAR', `決算期の年が正しくありません: ${year}`);
  const from = `${year}-${String(startMonth).padStart(2, '0')}-01`;
  const next =
    startMonth === 1 ? `${year + 1}-01-01` : `${year + 1}-${String(startMonth).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** A debit's application id is `<現場ID>:<YYYY-MM>[:<no>]` (applicationIdOf): the site and month it paid. */
export function chargeOf(refId: string): { siteId: string; workMonth: YearMonth; no: number } | undefined {
  const m = /^([0-9]{1,20}):([0-9]{4}-[0-9]{2})(?::([0-9]+))?$/.exec(refId);
  return m ? { siteId: m[1]!, workMonth: m[2]!, no: m[3] ? Number(m[3]) : 1 } : undefined;
}

// ---------------------------------------------------------------- 共済証紙受払簿 (per 決算期)

export interface BookLine {
  seq: number;
  date: IsoDate;
  kind: EntryKind;
  label: string;
  refId: string;
  siteId?: string;
  workMonth?: YearMonth;
  /** A debit's worker-days (日数), where its entry keeps them. */
  days?: number;
  /** Points in (受入) and out (払出); one of them is 0. */
  received: Yen;
  paid: Yen;
  /** Balance after this line, running from the opening balance. */
  balance: Yen;
}

export interface LedgerBook {
  from: IsoDate;
  to: IsoDate;
  opening: Yen;
  lines: BookLine[];
  totals: { received: Yen; paid: Yen };
  closing: Yen;
}

/** The ledger's balance at the end of `date` (Japan time): Σ of the entries dated on or before it. */
export function balanceAt(entries: readonly LedgerEntry[], date: IsoDate): Yen {
  return entries.filter((e) => japanDateOf(e.at) <= date).reduce((s, e) => s + signedAmount(e), 0);
}

/**
 * The 受払簿 of a period: the opening balance (everything before `from`), each entry of the period in
 * ledger order with its own label, and the closing balance — which is the ledger's balance at `to`.
 */
export function ledgerBook(entries: readonly LedgerEntry[], from: IsoDate, to: IsoDate): LedgerBook {
  assertIsoDate(from);
  assertIsoDate(to);
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  const opening = balanceAt(ordered, addDays(from, -1));
  let balance = opening;
  const lines: BookLine[] = [];
  const totals = { received: 0, paid: 0 };
  for (const e of ordered) {
    const date = japanDateOf(e.at);
    if (date < from || date > to) continue;
    const signed = signedAmount(e);
    balance += signed;
    const charge = e.kind === 'purchase' || e.kind === 'stamps' ? undefined : chargeOf(e.refId);
    const siteId = e.siteId ?? charge?.siteId;
    const line: BookLine = {
      seq: e.seq,
      date,
      kind: e.kind,
      label:
        e.kind === 'purchase' && e.refId === 'opening-balance' ? OPENING_BALANCE_LABEL : ENTRY_LABELS[e.kind],
      refId: e.refId,
      ...(siteId ? { siteId } : {}),
      ...(charge ? { workMonth: charge.workMonth } : {}),
      ...(e.days === undefined ? {} : { days: e.days }),
      received: Math.max(signed, 0),
      paid: Math.max(-signed, 0),
      balance,
    };
    totals.received += line.received;
    totals.paid += line.paid;
    lines.push(line);
  }
  return { from, to, opening, lines, totals, closing: opening + totals.received - totals.paid };
}

// ---------------------------------------------------------------- per 工事

export interface SiteLedger {
  siteId: string;
  purchases: { seq: number; date: IsoDate; refId: string; points: Yen }[];
  bought: Yen;
  /** Points charged for the 工事 per work month, net of what came back for it (誤納, 取下げ). */
  months: { workMonth: YearMonth; charged: Yen; returned: Yen; mispaid: Yen; rebated: Yen }[];
  charged: Yen;
  returned: Yen;
}

/** What the ledger holds for one 工事: purchases named for it, and charges and returns of its months. */
export function siteLedger(entries: readonly LedgerEntry[], siteId: string): SiteLedger {
  const purchases: SiteLedger['purchases'] = [];
  const byMonth = new Map<YearMonth, { charged: Yen; returned: Yen; mispaid: Yen; rebated: Yen }>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if ((e.kind === 'purchase' || e.kind === 'stamps') && e.siteId === siteId) {
      purchases.push({ seq: e.seq, date: japanDateOf(e.at), refId: e.refId, points: e.amount });
      continue;
    }
    const c = chargeOf(e.refId);
    if (!c || c.siteId !== siteId || e.kind === 'purchase' || e.kind === 'stamps') continue;
    const m = byMonth.get(c.workMonth) ?? { charged: 0, returned: 0, mispaid: 0, rebated: 0 };
    if (e.kind === 'debit') m.charged += e.amount;
    else {
      // 誤納返還 and 取下げ's return keep their own columns; returned is their sum.
      m.returned += e.amount;
      if (e.kind === 'mispaid-return') m.mispaid += e.amount;
      else m.rebated += e.amount;
    }
    byMonth.set(c.workMonth, m);
  }
  const months = [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([workMonth, m]) => ({ workMonth, ...m }));
  return {
    siteId,
    purchases,
    bought: purchases.reduce((s, p) => s + p.points, 0),
    months,
    charged: months.reduce((s, m) => s + m.charged, 0),
    returned: months.reduce((s, m) => s + m.returned, 0),
  };
}
