// Storage ports: what the use cases need to persist, as pure interfaces over domain types.
// Implemented by functions/shared/storage/ (DynamoDB); no storage type appears here.
import type { SiteContract, StampHandIn } from '../evidence.js';
import type { ChainCompany, Exclusion, Flag, ImportStatus, ImportTotals, WorkLine } from '../import/types.js';
import type { EntryKind, LedgerEntry, PointKind, Reconciliation } from '../ledger.js';
import type { Contractor, IsoDate, Member, Role, Site, YearMonth, Yen } from '../types.js';

// ---------------------------------------------------------------- registry (建退共 + 事後登録)

export interface User {
  userId: string;
  contractorNo: string;
  role: Role;
}

/** A site and its linkage setting (連携設定), with who made it (only they or a 事業者責任者 may delete it). */
export interface SiteSetting extends Site {
  createdBy: string;
  /** The 工事's contract facts (発注者, 請負金額, 契約日…), set by the prime. */
  contract?: SiteContract;
  /** Set when the linkage setting was deleted (the site leaves the lists; its months stay). */
  deletedAt?: string;
  deletedBy?: string;
}

/** The master data the CLI and tests seed (docs: cli.md, master.json). */
export interface MasterData {
  contractors: (Contractor & { points?: Yen; specialPoints?: Yen })[];
  members: Member[];
  companyMappings: { companyId: string; contractorNo: string }[];
  workerMappings: { workerId: string; memberNo: string }[];
  sites: Site[];
  users?: User[];
}

export interface RegistryRepository {
  getContractor(contractorNo: string): Promise<Contractor | undefined>;
  putContractor(contractor: Contractor): Promise<void>;
  getMember(memberNo: string): Promise<Member | undefined>;
  putMember(member: Member): Promise<void>;
  getSite(siteId: string): Promise<SiteSetting | undefined>;
  putSite(site: SiteSetting): Promise<void>;
  sitesOfContractor(primeContractorNo: string): Promise<SiteSetting[]>;
  /** Every site (the monthly sweep looks for missing 自動連携 files). */
  allSites(): Promise<SiteSetting[]>;
  /**
   * Deletes a linkage setting (manual 000, 手順1): the site leaves the lists (AP-7, AP-28) and the sweep,
   * the item stays so months already running still reach their prime. `false` when none or already deleted.
   */
  deleteSite(siteId: string, d: Decision): Promise<boolean>;
  getUser(userId: string): Promise<User | undefined>;
  putUser(user: User): Promise<void>;
  usersOfContractor(contractorNo: string): Promise<User[]>;
}

/** A human decision: who made it and why, recorded in the audit trail with the change itself. */
export interface Decision {
  by: string;
  reason?: string;
  /** The month it was made on: where the audit trail shows it (the decision may apply beyond it). */
  workMonth?: YearMonth;
}

/** A 事後登録 decision: who made it, on which site, for which prime (whose sites it applies to). */
export interface CorrectionDecision extends Decision {
  primeContractorNo: string;
  siteId?: string;
}

/** The corrections of 要修正 (manual 000, 手順3), remembered for later months. */
export interface CorrectionRepository {
  /**
   * 事業者取込方法選択: 事業者ID → 共済契約者番号, made by the prime `d.primeContractorNo` and applying
   * only to that prime's sites, where neither the file nor the registry has a number (R-MAPPING-SCOPE).
   */
  mapCompany(companyId: string, contractorNo: string, d: CorrectionDecision): Promise<void>;
  /** 技能者情報編集: 技能者ID → 被共済者番号, scoped to the prime like mapCompany. */
  mapWorker(workerId: string, memberNo: string, d: CorrectionDecision): Promise<void>;
  /** 強制取込: remembered for this site (construction) and worker. */
  forceImport(siteId: string, workerId: string, d: Decision): Promise<void>;
  /** 同現場複数一次選択. */
  chooseFirstTier(siteId: string, companyId: string, firstTierCompanyId: string, d: Decision): Promise<void>;
  /** A same-day double employment reviewed for this site, month and worker. */
  reviewDoubleEmployer(siteId: string, workMonth: YearMonth, workerId: string, d: Decision): Promise<void>;
  /**
   * R-EXCLUDE 取り込まない: a company or a worker left out of this site-month, with the reason; audited.
   * Returns the decision stored (`at` is the time it was recorded).
   */
  exclude(
    siteId: string,
    workMonth: YearMonth,
    subject: 'company' | 'worker',
    subjectId: string,
    d: Decision & { reason: string },
  ): Promise<Exclusion>;
}

// ---------------------------------------------------------------- imports and lines

export type StoredImportStatus = ImportStatus | 'refused';

export interface ImportRecord {
  siteId: string;
  workMonth: YearMonth;
  importId: string;
  /** The S3 object the import came from (kept: a refused file is never deleted). */
  fileKey: string;
  versionId: string;
  status: StoredImportStatus;
  flags: Flag[];
  totals: ImportTotals;
  siteName: string;
  outputMethod: Site['outputMethod'];
  primeCompanyId: string;
  companies: ChainCompany[];
  /** Structural errors of a refused file (first ones only). */
  errors: { line: number; column: string; message: string }[];
  receivedAt: string;
  supersededAt?: string;
  supersededBy?: string;
  chargedAt?: string;
  /**
   * A file that came after the month was charged (R-LATE-DAYS): the charged import it is compared with.
   * Its application is a 追加申請; once charged it becomes what stands charged.
   */
  afterChargeOf?: string;
  /** R-ZERO-MONTH: when the month was closed as 実績なし (no worked day; nothing applied or debited). */
  noWorkAt?: string;
}

export interface LineAdjustment {
  fromDays: number;
  toDays: number;
  reason: string;
  by: string;
  at: string;
}

export interface StoredWorkLine extends WorkLine {
  siteId: string;
  workMonth: YearMonth;
  importId: string;
  adjustments: LineAdjustment[];
}

export type NewImport = Omit<
  ImportRecord,
  'supersededAt' | 'supersededBy' | 'chargedAt' | 'errors' | 'noWorkAt'
>;

export type SaveImportResult =
  | { status: 'saved'; replacedImportId?: string }
  /** The month is already charged: imports are replaced only before a charge. */
  | { status: 'charged'; chargedImportId: string }
  /** Another import became current meanwhile (optimistic check failed). */
  | { status: 'conflict'; currentImportId?: string }
  | { status: 'exists' };

export interface ImportRepository {
  /**
   * Stores the import and its lines, and makes it the month's current import unless charged. With
   * `record.afterChargeOf` (R-LATE-DAYS) the month must still be charged on that import: the file becomes
   * current beside it (the charged import stays charged, never superseded).
   */
  saveImport(
    record: NewImport,
    lines: readonly WorkLine[],
    expectedCurrentImportId?: string,
  ): Promise<SaveImportResult>;
  /** Records a refused file (no lines; never becomes current). */
  saveRefusal(
    record: Omit<ImportRecord, 'status' | 'supersededAt' | 'supersededBy' | 'chargedAt'>,
  ): Promise<void>;
  getImport(siteId: string, workMonth: YearMonth, importId: string): Promise<ImportRecord | undefined>;
  currentImport(siteId: string, workMonth: YearMonth): Promise<ImportRecord | undefined>;
  importsOfMonth(siteId: string, workMonth: YearMonth): Promise<ImportRecord[]>;
  lines(siteId: string, workMonth: YearMonth, importId: string): Promise<StoredWorkLine[]>;
  /**
   * Revalidation result of the same import (after corrections): new status and flags and, when given,
   * the re-resolved lines (memberNo, 一次) and chain. Lines adjusted by people keep their adjusted days.
   */
  updateValidation(
    siteId: string,
    workMonth: YearMonth,
    importId: string,
    status: ImportStatus,
    flags: Flag[],
    lines?: readonly WorkLine[],
    companies?: ChainCompany[],
    /** The file's totals as validated now (lines left out, R-EXCLUDE, no longer count). */
    totals?: ImportTotals,
  ): Promise<void>;
  /** 就労実績 adjustment: the caller computes the new days/dates/points; the reason and who are kept. */
  adjustLine(
    key: {
      siteId: string;
      workMonth: YearMonth;
      importId: string;
      workerId: string;
      employerCompanyId: string;
    },
    next: Pick<WorkLine, 'days' | 'dates' | 'points' | 'rates'>,
    d: Decision & { reason: string },
  ): Promise<StoredWorkLine>;
  markCharged(siteId: string, workMonth: YearMonth, importId: string, at: string): Promise<void>;
  /**
   * R-ZERO-MONTH: records 実績なし on the import (idempotent; keeps the first time). The month is not
   * pinned: a later file with worked days still replaces it. `false` when the import was superseded.
   */
  markNoWork(siteId: string, workMonth: YearMonth, importId: string, at: string): Promise<boolean>;
  /**
   * Lines added by people to an open import (the CCUS未登録技能者 sheet): each stored with one adjustment
   * 0 → days carrying `d.reason`; a line of the same key is replaced. Audited once.
   */
  addLines(
    siteId: string,
    workMonth: YearMonth,
    importId: string,
    lines: readonly WorkLine[],
    d: Decision & { reason: string },
  ): Promise<void>;
}

// ---------------------------------------------------------------- reports, applications, waits

export interface FirstTierReport {
  siteId: string;
  workMonth: YearMonth;
  firstTierCompanyId: string;
  importId: string;
  workers: number;
  days: number;
  points: Yen;
  reportedBy: string;
  reportedAt: string;
  /** R-FIRST-TIER: the 一次 the prime reported for after the deadline (reportedBy is the prime's user). */
  onBehalfOf?: string;
}

/**
 * 申請 → 承認 / 差戻し → 充当済 (manual 000, 手順4); 差戻し may be applied again. 取下げ: a newer file
 * replaced the import it covered before the charge (R-REPLACE). The rules are domain/application.ts.
 */
export type ApplicationStatus = '申請' | '承認' | '差戻し' | '充当済' | '取下げ';

export interface ApplicationRecord {
  siteId: string;
  workMonth: YearMonth;
  /**
   * `${siteId}:${workMonth}` for the month's 申請, `…:${no}` for each 追加申請 (R-LATE-DAYS): the ledger
   * debit is keyed by it, so each application is debited at most once.
   */
  applicationId: string;
  /** 1 for the month's 申請, 2, 3… for each 追加申請 (absent on records written before: 1). */
  no?: number;
  /** Points returned as 誤納 on approval (R-MISPAID): charged days the newer file removed. */
  returnPoints?: Yen;
  /** A 追加申請 is recorded against the original charge: that application's id. */
  follows?: string;
  importId: string;
  primeContractorNo: string;
  pointKind: PointKind;
  status: ApplicationStatus;
  points: Yen;
  workers: number;
  days: number;
  revision: number;
  appliedBy: string;
  appliedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  chargedAt?: string;
}

export type TransitionResult<T> = { status: 'ok'; record: T } | { status: 'refused'; current?: T };

export interface WorkflowRepository {
  reportFirstTier(report: FirstTierReport): Promise<void>;
  reports(siteId: string, workMonth: YearMonth): Promise<FirstTierReport[]>;
  /**
   * 申請する, as the lifecycle model allowed it: written only if the month's application is still the
   * one the model saw (`seenRevision`, undefined when there was none).
   */
  apply(
    app: Omit<ApplicationRecord, 'applicationId' | 'status' | 'revision' | 'appliedAt'> & {
      applicationId?: string;
    },
    at: string,
    seenRevision?: number,
  ): Promise<TransitionResult<ApplicationRecord>>;
  /** R-REPLACE: the application over a replaced import is withdrawn (取下げ), audited with the reason. */
  withdraw(
    siteId: string,
    workMonth: YearMonth,
    importId: string,
    d: Decision & { reason: string },
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>>;
  approve(
    siteId: string,
    workMonth: YearMonth,
    d: Decision,
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>>;
  reject(
    siteId: string,
    workMonth: YearMonth,
    d: Decision & { reason: string },
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>>;
  markApplicationCharged(
    siteId: string,
    workMonth: YearMonth,
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>>;
  getApplication(siteId: string, workMonth: YearMonth): Promise<ApplicationRecord | undefined>;
  applicationsOfContractor(
    primeContractorNo: string,
    status?: ApplicationStatus,
  ): Promise<ApplicationRecord[]>;
}

export const WAIT_KINDS = ['Corrections', 'FirstTierReports', 'Application', 'Approval', 'Purchase'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

/** What a wait shows to people: never the task token. */
export interface WaitInfo {
  siteId: string;
  workMonth: YearMonth;
  waitKind: WaitKind;
  importId: string;
  deadline: IsoDate;
  createdAt: string;
}

export interface WaitTokenStore {
  /**
   * Stores the wait, and queues the notices it sends, only while its import is the month's current
   * one (all in the same write): 'not-current' when a newer file took the month over, and nothing is
   * stored or queued.
   */
  put(
    wait: WaitInfo,
    taskToken: string,
    notices?: readonly Omit<OutboxMessage, 'sentAt'>[],
  ): Promise<'stored' | 'not-current'>;
  /** The token, only for the caller that resumes the execution (SendTaskSuccess/Failure). */
  token(siteId: string, workMonth: YearMonth, waitKind: WaitKind): Promise<string | undefined>;
  /**
   * Forgets a wait once the execution resumed; kept until then so a failed resume can be retried.
   * With `onlyToken`, only if the stored token is still that one (a new wait may have replaced it).
   */
  clear(siteId: string, workMonth: YearMonth, waitKind: WaitKind, onlyToken?: string): Promise<void>;
  get(siteId: string, workMonth: YearMonth, waitKind: WaitKind): Promise<WaitInfo | undefined>;
  /** Every open wait, earliest deadline first (task lists). */
  open(): Promise<WaitInfo[]>;
}

// ---------------------------------------------------------------- ledger

export type CreditKind = Exclude<EntryKind, 'debit'>;

export type CreditResult =
  | { status: 'credited'; entry: LedgerEntry }
  | { status: 'already-credited'; entry: LedgerEntry };

export type DebitResult =
  | { status: 'insufficient'; balance: Yen }
  | { status: 'debited'; balanceBefore: Yen; balanceAfter: Yen }
  | { status: 'already-debited'; balanceBefore: Yen; balanceAfter: Yen };

export interface LedgerPort {
  /** Credits (purchase, exemption-refund, mispaid-return, rebate), idempotent by (kind, refId). */
  credit(input: {
    contractorNo: string;
    pointKind: PointKind;
    kind: CreditKind;
    refId: string;
    amount: Yen;
    /** The 工事 a purchase was bought for, how it was paid, the stamps converted. */
    siteId?: string;
    method?: string;
    stamps?: StampHandIn;
  }): Promise<CreditResult>;
  /** 掛金充当: one debit per application, never below zero. */
  debit(input: {
    contractorNo: string;
    pointKind: PointKind;
    applicationId: string;
    amount: Yen;
    /** The worker-days the application charged, kept on the entry. */
    days?: number;
  }): Promise<DebitResult>;
  balance(contractorNo: string, pointKind: PointKind): Promise<Yen>;
  /** One entry by its key (the debit of an application: kind 'debit', refId the application id). */
  entry(
    contractorNo: string,
    pointKind: PointKind,
    kind: EntryKind,
    refId: string,
  ): Promise<LedgerEntry | undefined>;
  entries(contractorNo: string, pointKind: PointKind): Promise<LedgerEntry[]>;
  reconcile(contractorNo: string, pointKind: PointKind): Promise<Reconciliation>;
}

// ---------------------------------------------------------------- contributions, outbox, audit

/** Contribution records of a member (charged days per month × site × employer), read side. */
export interface ContributionHistory {
  contributionsOf(
    memberNo: string,
  ): Promise<{ workMonth: YearMonth; siteId: string; employerCompanyId: string; days: number }[]>;
}

export interface ContributionResult {
  /** Members whose days were added now. */
  recorded: number;
  /** Members already recorded for this site and month (replay). */
  alreadyRecorded: number;
  /** Lines without a known member (nothing to add to). */
  skipped: number;
}

export interface ContributionRecorder {
  /** Adds each member's charged days of the month to its contribution days (第14条1), once. */
  recordContributions(
    siteId: string,
    workMonth: YearMonth,
    lines: readonly Pick<WorkLine, 'memberNo' | 'employerCompanyId' | 'days'>[],
    at: string,
  ): Promise<ContributionResult>;
  /**
   * A later charge of the month (追加申請, 誤納 return, R-LATE-DAYS): sets the month's records to the
   * newer file's days and moves each member's days by the difference (members only in `previous` lose
   * theirs), once.
   */
  adjustContributions(
    siteId: string,
    workMonth: YearMonth,
    lines: readonly Pick<WorkLine, 'memberNo' | 'employerCompanyId' | 'days'>[],
    previous: readonly Pick<WorkLine, 'memberNo' | 'employerCompanyId' | 'days'>[],
    at: string,
  ): Promise<ContributionResult>;
  /** What is recorded on one member, by month, site and employer (AP-23). */
  contributionsOf(
    memberNo: string,
  ): Promise<{ workMonth: YearMonth; siteId: string; employerCompanyId: string; days: number }[]>;
}

export interface OutboxMessage {
  messageId: string;
  /** e.g. 'charged', 'rejected', 'first-tier-report-due', 'overdue'. */
  notice: string;
  /** Recipient by id (contractorNo / userId), never by name. */
  to: string;
  siteId?: string;
  workMonth?: YearMonth;
  payload: Record<string, string | number | boolean>;
  createdAt: string;
  sentAt?: string;
}

export interface Outbox {
  enqueue(message: Omit<OutboxMessage, 'sentAt'>): Promise<void>;
  pending(limit?: number): Promise<OutboxMessage[]>;
  markSent(messageId: string, at: string): Promise<void>;
}

export interface AuditRecord {
  auditId: string;
  at: string;
  actor: string;
  /** e.g. 'map-company', 'force-import', 'adjust-line', 'approve'. */
  action: string;
  siteId?: string;
  workMonth?: YearMonth;
  /** Ids of what the decision touched (companyId, workerId…), never names. */
  subject: Record<string, string>;
  reason?: string;
}

/** The actors of writes no person makes: the CCUS file's arrival and the cycle's charge. */
export const SYSTEM_ACTORS = {
  ccus: 'system:ccus-inbox',
  cycle: 'system:monthly-cycle',
} as const;

/**
 * Subject keys that would carry personal data (names, 被共済者番号): an audit record refuses them. Ids
 * (CCUS 技能者ID, 事業者ID, 共済契約者番号, application and import ids) are what a record names.
 */
export const PERSONAL_SUBJECT_KEYS: readonly string[] = [
  'memberNo',
  'name',
  'kana',
  'workerName',
  'memberName',
];

export interface AuditLog {
  bySite(siteId: string): Promise<AuditRecord[]>;
  byActor(actor: string): Promise<AuditRecord[]>;
  /** A write not recorded in its own transaction (site settings, payments, files, charges). */
  append(record: Omit<AuditRecord, 'auditId' | 'at'> & { at?: string }): Promise<void>;
  /** Records without a site (payments, registry imports), newest last. */
  global(): Promise<AuditRecord[]>;
}

// ---------------------------------------------------------------- API idempotency

/** What a key already holds. `Reply` is the first response, replayed for the same key (the API's own type). */
export type IdempotencyClaim<Reply = unknown> =
  | { status: 'claimed' }
  /** lockedUntil (epoch ms): when an abandoned claim may be taken over by a retry. */
  | { status: 'in-progress'; fingerprint: string; lockedUntil?: number }
  | { status: 'completed'; fingerprint: string; response: Reply };

/** Idempotency-Key records, scoped by caller; kept 24 h. */
export interface IdempotencyStore<Reply = unknown> {
  /** Claims the key for this request (fingerprint), or tells what the key already holds. */
  claim(scope: string, key: string, fingerprint: string, now: Date): Promise<IdempotencyClaim<Reply>>;
  /** Stores the first response under the claimed key. */
  complete(scope: string, key: string, fingerprint: string, response: Reply, now: Date): Promise<void>;
  /** Gives up a claim whose request failed (5xx), so a retry with the same key runs again. */
  release(scope: string, key: string, fingerprint: string): Promise<void>;
}
