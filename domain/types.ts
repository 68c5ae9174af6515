// The shared vocabulary of the rule book. Dates are ISO strings in Japan time; money is integer yen.

/** Calendar date in Japan time, `YYYY-MM-DD`. */
export type IsoDate = string;
/** A work or wage month, `YYYY-MM`. */
export type YearMonth = string;
/** Integer yen (= 退職金ポイント, 1 yen = 1 point, 約款 第12条3). */
export type Yen = number;

export type ContractorKind = 'regular' | 'special';
/** 出力方法: 元請一括作業方式 / 一次下請一括作業方式. */
export type OutputMethod = '元請一括' | '一次一括';
/** 連携方法: 自動連携 / 手動連携. */
export type LinkMethod = 'auto' | 'manual';
/**
 * 賃金支払日: the month the wages of a work month are paid in — the same month, or the following one
 * (月末締め翌月払い). R-DEADLINE counts from the wage month (約款 第11条1).
 */
export type WagePayment = 'same-month' | 'next-month';
/** CCUS-side roles that act on the electronic site (manual 000, 手順1). */
export type Role = '事業者責任者' | '管理者' | '現場管理者' | '担当者';

export interface Contractor {
  contractorNo: string;
  name: string;
  kind: ContractorKind;
  active: boolean;
  /** The first month of the 決算期 (1–12); absent = April, the usual Japanese fiscal year. */
  fiscalYearStartMonth?: number;
}

export interface Member {
  memberNo: string;
  kanaFamily: string;
  kanaGiven: string;
  kind: ContractorKind;
  /** Contribution days already paid (stamps and electronic, 第14条1). */
  days: number;
  /** Still holds the first (掛金助成) book. */
  firstBook: boolean;
}

export interface Site {
  siteId: string;
  name: string;
  primeContractorNo: string;
  linkMethod: LinkMethod;
  outputMethod: OutputMethod;
  accumulationStart: IsoDate;
  accumulationEnd: IsoDate;
  linkedOn: IsoDate;
  /** 賃金支払日 of the site's wages; absent = paid within the work month (the earliest case). */
  wagePayment?: WagePayment;
}

/** A domain error with a stable code; adapters map it to their own wire format. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
