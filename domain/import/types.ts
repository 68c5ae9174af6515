// Types of the monthly import (manual 000, 手順3): the parsed CCUS rows in, the lines, chain and flags out.
import type { IsoDate, OutputMethod, YearMonth, Yen } from '../types.js';

/** One CCUS record after structural validation (the reader guarantees formats; ids NFKC-normalised). */
export interface CcusRow {
  /** 1-based physical line where the record starts (header = 1). */
  line: number;
  siteId: string;
  siteName: string;
  workMonth: YearMonth;
  outputMethod: OutputMethod;
  primeCompanyId: string;
  /** null for the prime's own workers (tier 0). */
  firstTierCompanyId: string | null;
  employerCompanyId: string;
  employerName: string;
  tier: number;
  /** null when CCUS has none. */
  contractorNo: string | null;
  workerId: string;
  workerKanaFamily: string;
  workerKanaGiven: string;
  /** null when CCUS has none. */
  memberNo: string | null;
  workDate: IsoDate;
  trade: string | null;
  role: string | null;
}

export type FlagCode =
  | 'F-COMPANY'
  | 'F-CONTRACTOR-UNKNOWN'
  | 'F-MULTI-PRIME'
  | 'F-WORKER-MISSING'
  | 'F-MEMBER-UNKNOWN'
  | 'F-WORKER-NAME'
  | 'F-DOUBLE-EMPLOYER';

export interface Flag {
  code: FlagCode;
  companyId?: string;
  workerId?: string;
  /** The manual's Japanese wording, as users see it. */
  message: string;
}

export type ImportStatus = '予約可能' | '要修正';

/**
 * 取り込まない (R-EXCLUDE): the prime left a company without a contract, or a worker without a
 * membership, out of the month, with a reason (約款 第32条2).
 */
export interface Exclusion {
  subject: 'company' | 'worker';
  reason: string;
  /** Who decided (user id) and when. */
  by: string;
  at: string;
}

/** An excluded line keeps what the file said (days, dates, points) beside the decision. */
export interface ExcludedLine extends Exclusion {
  days: number;
  dates: IsoDate[];
  points: Yen;
}

/** One worker under one employer on the site for the month (就労実績 line). */
export interface WorkLine {
  workerId: string;
  employerCompanyId: string;
  /** Resolved 被共済者番号 (file, else registry, else the prime's 事後登録), or null. */
  memberNo: string | null;
  /** Where memberNo came from (R-MAPPING-SCOPE: a 事後登録 never overrides the file or the registry). */
  memberNoSource?: NumberSource;
  /** The 一次 the employer is attached to on this site (itself for a 一次, null for the prime). */
  firstTierCompanyId: string | null;
  tier: number;
  /** Distinct work dates, ascending. */
  dates: IsoDate[];
  days: number;
  /** Σ over dates of the daily rate of each date (R-RATE). */
  points: Yen;
  /** The daily rates used, one per distinct rate, so the charged line keeps the rate it used. */
  rates: { dailyRate: Yen; days: number }[];
  /**
   * R-EXCLUDE: 取り込まない. The line stays visible but carries no day or point (days 0, points 0);
   * what the file said is kept here with who decided, when and why.
   */
  excluded?: ExcludedLine;
}

export interface ChainCompany {
  companyId: string;
  name: string;
  tier: number;
  /** 一次 companies this company was seen under (one, unless F-MULTI-PRIME). */
  firstTierCompanyIds: string[];
  /** The 一次 it is attached to (the only one, or the one chosen by 同現場複数一次選択), else null. */
  attachedFirstTierCompanyId: string | null;
  /** Resolved 共済契約者番号 (file, else registry, else the prime's 事後登録), or null. */
  contractorNo: string | null;
  /** Where contractorNo came from (absent on imports stored before it was recorded). */
  contractorNoSource?: NumberSource;
  /** R-EXCLUDE: left out of the month (its lines carry no day; a 一次 left out does not report). */
  excluded?: Exclusion;
}

/** Where a resolved number came from, in precedence order (R-MAPPING-SCOPE). */
export type NumberSource = 'file' | 'registry' | 'correction';

export interface ImportTotals {
  rows: number;
  workers: number;
  days: number;
  points: Yen;
}

export interface ImportResult {
  siteId: string;
  siteName: string;
  workMonth: YearMonth;
  outputMethod: OutputMethod;
  primeCompanyId: string;
  status: ImportStatus;
  flags: Flag[];
  /** Sorted by workerId, then employerCompanyId. */
  lines: WorkLine[];
  companies: ChainCompany[];
  totals: ImportTotals;
}
