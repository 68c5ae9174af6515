// Every primary and GSI1 key of the single table, computed in one place. The entities' computeKey
// and anything else that writes the table (the state machine's direct DynamoDB tasks, scripts) use
// these functions, so a key written outside the repositories is the same string the code reads.
// The exact strings are pinned by test/unit/storage/keys.test.ts and listed in docs/data-model.md.
import type { WaitKind } from '../../../domain/ports/storage.js';

export interface TableKey {
  PK: string;
  SK: string;
}

export interface IndexKey {
  GSI1PK: string;
  GSI1SK: string;
}

/** Key prefixes: one per entity family, so a begins_with query never crosses families. */
export const PREFIX = {
  contractor: 'CONTRACTOR#',
  member: 'MEMBER#',
  company: 'COMPANY#',
  worker: 'WORKER#',
  /** A prime's 事後登録 corrections, in the prime's contractor partition (R-MAPPING-SCOPE). */
  companyFix: 'FIX-COMPANY#',
  workerFix: 'FIX-WORKER#',
  user: 'USER#',
  site: 'SITE#',
  month: '#MONTH#',
  forced: 'FORCED#',
  firstTier: 'FIRST-TIER#',
  double: 'DOUBLE#',
  exclusion: 'EXCLUDE#',
  import: 'IMPORT#',
  line: 'LINE#',
  report: 'REPORT#',
  wait: 'WAIT#',
  contribution: 'CONTRIB#',
  ledger: 'LEDGER#',
  entry: 'ENTRY#',
  outbox: 'OUTBOX#',
  audit: 'AUDIT#',
  application: 'APP#',
  idempotency: 'IDEMPOTENCY#',
  payment: 'PAYMENT#',
  /** Registry imports (docs/registry-file.md), one per file content (its SHA-256). */
  registryImport: 'REGISTRY-IMPORT#',
} as const;

/** Fixed sort keys of singleton items. */
export const SK = {
  profile: 'PROFILE',
  companyMapping: 'CONTRACTOR',
  workerMapping: 'MEMBER',
  monthState: 'CURRENT',
  application: 'APPLICATION',
  balance: 'BALANCE',
  message: 'MESSAGE',
  idempotency: 'REQUEST',
  payment: 'CLAIM',
  contact: 'CONTACT',
  /** A member's R-EXEMPT decision at a 手帳更新, made once per renewal. */
  exemption: 'EXEMPTION',
  registryImport: 'IMPORT',
} as const;

/** The GSI1 partition listing every site, sorted by prime then site. */
export const SITE_DIRECTORY = 'SITES';

/** The sparse GSI1 partition holding notifications not yet delivered. */
export const OUTBOX_PENDING = 'OUTBOX#PENDING';

/** The sparse GSI1 partition of notifications that could not be delivered (operators resolve them). */
export const OUTBOX_PARKED = 'OUTBOX#PARKED';

/** The sparse GSI1 partition of the waits for people still open (task lists), by deadline. */
export const OPEN_WAITS = 'WAIT#OPEN';

/** Delivery records (one per outbox message × recipient) sort under their message. */
export const DELIVERY_PREFIX = 'DELIVERY#';

/** A user's notices in the GSI1 partition of the user (beside the audit trail). */
export const NOTICE_PREFIX = 'NOTICE#';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A key component: non-empty and free of '#', the separator, so two different tuples can never
 * produce the same key (e.g. worker "A#B" under employer "C" vs worker "A" under "B#C").
 */
export function part(value: string, what = 'key part'): string {
  if (value.length === 0 || value.includes('#')) {
    throw new Error(`invalid ${what}: must be non-empty and contain no '#'`);
  }
  return value;
}

function month(value: string): string {
  if (!MONTH.test(value)) throw new Error('invalid work month: expected YYYY-MM');
  return value;
}

export const keys = {
  contractor: (contractorNo: string): TableKey => ({
    PK: `${PREFIX.contractor}${part(contractorNo, 'contractorNo')}`,
    SK: SK.profile,
  }),
  member: (memberNo: string): TableKey => ({
    PK: `${PREFIX.member}${part(memberNo, 'memberNo')}`,
    SK: SK.profile,
  }),
  /** One contribution record per member × work month × site × employer (idempotency of ADD days). */
  contribution: (
    memberNo: string,
    workMonth: string,
    siteId: string,
    employerCompanyId: string,
  ): TableKey => ({
    PK: `${PREFIX.member}${part(memberNo, 'memberNo')}`,
    SK: `${PREFIX.contribution}${month(workMonth)}#${part(siteId, 'siteId')}#${part(employerCompanyId, 'companyId')}`,
  }),
  companyMapping: (companyId: string): TableKey => ({
    PK: `${PREFIX.company}${part(companyId, 'companyId')}`,
    SK: SK.companyMapping,
  }),
  workerMapping: (workerId: string): TableKey => ({
    PK: `${PREFIX.worker}${part(workerId, 'workerId')}`,
    SK: SK.workerMapping,
  }),
  /**
   * 事業者取込方法選択 made by a prime: keyed by the prime, so it applies to that prime's sites only and
   * no other prime's file can reach it (R-MAPPING-SCOPE; why the prime and not the site: data-model.md).
   */
  companyCorrection: (primeContractorNo: string, companyId: string): TableKey => ({
    PK: `${PREFIX.contractor}${part(primeContractorNo, 'contractorNo')}`,
    SK: `${PREFIX.companyFix}${part(companyId, 'companyId')}`,
  }),
  /** 技能者情報編集 made by a prime, keyed like companyCorrection. */
  workerCorrection: (primeContractorNo: string, workerId: string): TableKey => ({
    PK: `${PREFIX.contractor}${part(primeContractorNo, 'contractorNo')}`,
    SK: `${PREFIX.workerFix}${part(workerId, 'workerId')}`,
  }),
  user: (userId: string): TableKey => ({ PK: `${PREFIX.user}${part(userId, 'userId')}`, SK: SK.profile }),
  site: (siteId: string): TableKey => ({ PK: `${PREFIX.site}${part(siteId, 'siteId')}`, SK: SK.profile }),
  forcedImport: (siteId: string, workerId: string): TableKey => ({
    PK: `${PREFIX.site}${part(siteId, 'siteId')}`,
    SK: `${PREFIX.forced}${part(workerId, 'workerId')}`,
  }),
  firstTierChoice: (siteId: string, companyId: string): TableKey => ({
    PK: `${PREFIX.site}${part(siteId, 'siteId')}`,
    SK: `${PREFIX.firstTier}${part(companyId, 'companyId')}`,
  }),
  /** The partition of one site × work month: its imports, lines, reports, application and waits. */
  monthPartition: (siteId: string, workMonth: string): string =>
    `${PREFIX.site}${part(siteId, 'siteId')}${PREFIX.month}${month(workMonth)}`,
  monthState: (siteId: string, workMonth: string): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: SK.monthState,
  }),
  doubleEmployerReview: (siteId: string, workMonth: string, workerId: string): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${PREFIX.double}${part(workerId, 'workerId')}`,
  }),
  /** R-EXCLUDE: a company or a worker left out of one site-month (取り込まない). */
  exclusion: (
    siteId: string,
    workMonth: string,
    subject: 'company' | 'worker',
    subjectId: string,
  ): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${PREFIX.exclusion}${subject}#${part(subjectId, 'subjectId')}`,
  }),
  import: (siteId: string, workMonth: string, importId: string): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${PREFIX.import}${part(importId, 'importId')}`,
  }),
  /** Lines are versioned by import, so replacing an import never deletes the previous lines. */
  linePrefix: (importId: string): string => `${PREFIX.line}${part(importId, 'importId')}#`,
  workLine: (
    siteId: string,
    workMonth: string,
    importId: string,
    workerId: string,
    employerCompanyId: string,
  ): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${keys.linePrefix(importId)}${part(workerId, 'workerId')}#${part(employerCompanyId, 'companyId')}`,
  }),
  firstTierReport: (siteId: string, workMonth: string, firstTierCompanyId: string): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${PREFIX.report}${part(firstTierCompanyId, 'companyId')}`,
  }),
  application: (siteId: string, workMonth: string): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: SK.application,
  }),
  waitToken: (siteId: string, workMonth: string, waitKind: WaitKind): TableKey => ({
    PK: keys.monthPartition(siteId, workMonth),
    SK: `${PREFIX.wait}${part(waitKind, 'waitKind')}`,
  }),
  ledgerPartition: (contractorNo: string, pointKind: 'regular' | 'special'): string =>
    `${PREFIX.ledger}${part(contractorNo, 'contractorNo')}#${part(pointKind, 'pointKind')}`,
  balance: (contractorNo: string, pointKind: 'regular' | 'special'): TableKey => ({
    PK: keys.ledgerPartition(contractorNo, pointKind),
    SK: SK.balance,
  }),
  /** Keyed by the business id (payment id, application id…): the key itself makes every entry idempotent. */
  ledgerEntry: (
    contractorNo: string,
    pointKind: 'regular' | 'special',
    entryKind: string,
    refId: string,
  ): TableKey => ({
    PK: keys.ledgerPartition(contractorNo, pointKind),
    SK: `${PREFIX.entry}${part(entryKind, 'entryKind')}#${part(refId, 'refId')}`,
  }),
  outbox: (messageId: string): TableKey => ({
    PK: `${PREFIX.outbox}${part(messageId, 'messageId')}`,
    SK: SK.message,
  }),
  /** The mail of one outbox message to one recipient (userId or 'operators'): the sent-marker. */
  delivery: (messageId: string, recipient: string): TableKey => ({
    PK: `${PREFIX.outbox}${part(messageId, 'messageId')}`,
    SK: `${DELIVERY_PREFIX}${part(recipient, 'recipient')}`,
  }),
  /** A user's address, name and notification preferences, kept with the user. */
  contact: (userId: string): TableKey => ({ PK: `${PREFIX.user}${part(userId, 'userId')}`, SK: SK.contact }),
  /** Audit records live with the site they concern; decisions without a site go to GLOBAL. */
  auditScope: (siteId: string | undefined): string =>
    siteId === undefined ? 'GLOBAL' : `${PREFIX.site}${part(siteId, 'siteId')}`,
  audit: (scope: string, at: string, auditId: string): TableKey => ({
    PK: `${PREFIX.audit}${scope}`,
    SK: `${at}#${part(auditId, 'auditId')}`,
  }),
  /** A payment id, across contractors and point kinds: credited once, for one contractor, kind and amount. */
  paymentClaim: (paymentId: string): TableKey => ({
    PK: `${PREFIX.payment}${part(paymentId, 'paymentId')}`,
    SK: SK.payment,
  }),
  /** The R-EXEMPT decision at a member's n-th 手帳更新 (refunded or why not), beside the member. */
  memberExemption: (memberNo: string, renewals: number): TableKey => ({
    PK: `${PREFIX.member}${part(memberNo, 'memberNo')}`,
    SK: `${SK.exemption}#${renewals}`,
  }),
  /** One registry import, by the SHA-256 of the file's bytes: the same file is imported once. */
  registryImport: (fileHash: string): TableKey => ({
    PK: `${PREFIX.registryImport}${part(fileHash, 'fileHash')}`,
    SK: SK.registryImport,
  }),
  /** An API request's Idempotency-Key, scoped by the caller (two callers never share a key). */
  idempotency: (scope: string, idempotencyKey: string): TableKey => ({
    PK: `${PREFIX.idempotency}${part(scope, 'scope')}#${part(idempotencyKey, 'idempotencyKey')}`,
    SK: SK.idempotency,
  }),
} as const;

/** GSI1 keys (one overloaded index; see docs/data-model.md). */
export const gsi1 = {
  /** The site directory: every site (monthly sweep), and a prime's sites by begins_with. */
  site: (primeContractorNo: string, siteId: string): IndexKey => ({
    GSI1PK: SITE_DIRECTORY,
    GSI1SK: `${PREFIX.site}${part(primeContractorNo, 'contractorNo')}#${part(siteId, 'siteId')}`,
  }),
  userOfContractor: (contractorNo: string, userId: string): IndexKey => ({
    GSI1PK: `${PREFIX.contractor}${part(contractorNo, 'contractorNo')}`,
    GSI1SK: `${PREFIX.user}${part(userId, 'userId')}`,
  }),
  companyOfContractor: (contractorNo: string, companyId: string): IndexKey => ({
    GSI1PK: `${PREFIX.contractor}${part(contractorNo, 'contractorNo')}`,
    GSI1SK: `${PREFIX.company}${part(companyId, 'companyId')}`,
  }),
  /** Applications of a prime by status, then month: "what waits for my approval?". */
  applicationOfContractor: (
    primeContractorNo: string,
    status: string,
    workMonth: string,
    siteId: string,
  ): IndexKey => ({
    GSI1PK: `${PREFIX.contractor}${part(primeContractorNo, 'contractorNo')}`,
    GSI1SK: `${PREFIX.application}${part(status, 'status')}#${month(workMonth)}#${part(siteId, 'siteId')}`,
  }),
  pendingOutbox: (createdAt: string, messageId: string): IndexKey => ({
    GSI1PK: OUTBOX_PENDING,
    GSI1SK: `${createdAt}#${part(messageId, 'messageId')}`,
  }),
  parkedOutbox: (parkedAt: string, messageId: string): IndexKey => ({
    GSI1PK: OUTBOX_PARKED,
    GSI1SK: `${parkedAt}#${part(messageId, 'messageId')}`,
  }),
  noticeOfUser: (userId: string, createdAt: string, messageId: string): IndexKey => ({
    GSI1PK: `${PREFIX.user}${part(userId, 'userId')}`,
    GSI1SK: `${NOTICE_PREFIX}${createdAt}#${part(messageId, 'messageId')}`,
  }),
  /** An open wait, by deadline: what people still have to do (GET /v1/me/tasks). */
  openWait: (deadline: string, siteId: string, workMonth: string, waitKind: WaitKind): IndexKey => ({
    GSI1PK: OPEN_WAITS,
    GSI1SK: `${deadline}#${part(siteId, 'siteId')}#${month(workMonth)}#${part(waitKind, 'waitKind')}`,
  }),
  auditByActor: (actor: string, at: string, auditId: string): IndexKey => ({
    GSI1PK: `${PREFIX.user}${part(actor, 'actor')}`,
    GSI1SK: `${PREFIX.audit}${at}#${part(auditId, 'auditId')}`,
  }),
} as const;
