// The DynamoDB-Toolbox table and entities. Keys come from keys.ts (computeKey), so the toolbox and
// any direct writer agree on every key; GSI1 attributes are set explicitly by the repositories.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity, type FormattedItem, type InputItem } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { Table } from 'dynamodb-toolbox/table';
import type { SiteContract, StampHandIn } from '../../../domain/evidence.js';
import { FLAG_LABELS } from '../../../domain/import/messages.js';
import type { ChainCompany, FlagCode } from '../../../domain/import/types.js';
import { type AuditRecord, type OutboxMessage, WAIT_KINDS } from '../../../domain/ports/storage.js';
import { type AccessPatterns, createAccessPatterns } from './access-patterns.js';
import { keys } from './keys.js';
import { APP_TABLE } from './table-definition.js';

const indexNames = APP_TABLE.globalSecondaryIndexes.map((g) => g.indexName).join(',');

export function createTable(documentClient: DynamoDBDocumentClient, tableName: string) {
  return new Table({
    documentClient,
    name: tableName,
    partitionKey: { name: 'PK', type: 'string' },
    sortKey: { name: 'SK', type: 'string' },
    indexes: {
      GSI1: {
        type: 'global',
        partitionKey: { name: 'GSI1PK', type: 'string' },
        sortKey: { name: 'GSI1SK', type: 'string' },
      },
    },
    entityAttributeSavedAs: '_et',
  });
}

// The toolbox table above must describe the same keys as the plain definition (checked at load).
if (APP_TABLE.partitionKey.name !== 'PK' || APP_TABLE.sortKey.name !== 'SK' || indexNames !== 'GSI1') {
  throw new Error('entities.ts and infra/constructs/app-table.ts disagree on the table keys');
}

export type AppTable = ReturnType<typeof createTable>;

const gsiAttrs = {
  GSI1PK: string().optional(),
  GSI1SK: string().optional(),
};

// The flag codes the domain knows (FLAG_LABELS names each one), so a stored flag reads back as a Flag.
const FLAG_CODES = Object.keys(FLAG_LABELS) as FlagCode[];

const flag = map({
  code: string().enum(...FLAG_CODES),
  companyId: string().optional(),
  workerId: string().optional(),
  message: string(),
});

const rate = map({ dailyRate: number(), days: number() });

export function createEntities(table: AppTable) {
  const contractor = new Entity({
    name: 'Contractor',
    table,
    schema: item({
      contractorNo: string().key(),
      name: string(),
      kind: string().enum('regular', 'special'),
      active: boolean(),
      // The first month of the contractor's 決算期 (受払簿 per fiscal year); absent = April.
      fiscalYearStartMonth: number().optional(),
      // Written by the registry import (docs/registry-file.md): 状態 and when it ended.
      status: string().optional(),
      endedAt: string().optional(),
    }),
    computeKey: ({ contractorNo }) => keys.contractor(contractorNo),
  });

  const member = new Entity({
    name: 'Member',
    table,
    schema: item({
      memberNo: string().key(),
      kanaFamily: string(),
      kanaGiven: string(),
      kind: string().enum('regular', 'special'),
      days: number(),
      firstBook: boolean(),
      // Written by the registry import (docs/registry-file.md): the book and who holds it.
      contractorNo: string().optional(),
      renewals: number().optional(),
      bookIssuedOn: string().optional(),
      renewedOn: string().optional(),
      exemptDaysByStamps: number().optional(),
      status: string().optional(),
      endedAt: string().optional(),
    }),
    computeKey: ({ memberNo }) => keys.member(memberNo),
  });

  const contribution = new Entity({
    name: 'Contribution',
    table,
    schema: item({
      memberNo: string().key(),
      workMonth: string().key(),
      siteId: string().key(),
      employerCompanyId: string().key(),
      days: number(),
      at: string(),
    }),
    computeKey: ({ memberNo, workMonth, siteId, employerCompanyId }) =>
      keys.contribution(memberNo, workMonth, siteId, employerCompanyId),
  });

  const companyMapping = new Entity({
    name: 'CompanyMapping',
    table,
    schema: item({
      companyId: string().key(),
      contractorNo: string(),
      registeredBy: string().optional(),
      // Written by the registry import: an ended mapping (終了) is kept but maps nothing.
      status: string().optional(),
      endedAt: string().optional(),
      ...gsiAttrs,
    }),
    computeKey: ({ companyId }) => keys.companyMapping(companyId),
  });

  const workerMapping = new Entity({
    name: 'WorkerMapping',
    table,
    schema: item({
      workerId: string().key(),
      memberNo: string(),
      registeredBy: string().optional(),
    }),
    computeKey: ({ workerId }) => keys.workerMapping(workerId),
  });

  // A prime's 事後登録 corrections (R-MAPPING-SCOPE). The global mappings above are the registry's numbers;
  // a global item with registeredBy is a correction made before they were scoped (see the loader).
  const companyCorrection = new Entity({
    name: 'CompanyCorrection',
    table,
    schema: item({
      primeContractorNo: string().key(),
      companyId: string().key(),
      contractorNo: string(),
      registeredBy: string(),
      siteId: string().optional(),
    }),
    computeKey: ({ primeContractorNo, companyId }) => keys.companyCorrection(primeContractorNo, companyId),
  });

  const workerCorrection = new Entity({
    name: 'WorkerCorrection',
    table,
    schema: item({
      primeContractorNo: string().key(),
      workerId: string().key(),
      memberNo: string(),
      registeredBy: string(),
      siteId: string().optional(),
    }),
    computeKey: ({ primeContractorNo, workerId }) => keys.workerCorrection(primeContractorNo, workerId),
  });

  const user = new Entity({
    name: 'User',
    table,
    schema: item({
      userId: string().key(),
      contractorNo: string(),
      role: string().enum('事業者責任者', '管理者', '現場管理者', '担当者'),
      ...gsiAttrs,
    }),
    computeKey: ({ userId }) => keys.user(userId),
  });

  const site = new Entity({
    name: 'Site',
    table,
    schema: item({
      siteId: string().key(),
      name: string(),
      primeContractorNo: string(),
      linkMethod: string().enum('auto', 'manual'),
      outputMethod: string().enum('元請一括', '一次一括'),
      accumulationStart: string(),
      accumulationEnd: string(),
      linkedOn: string(),
      createdBy: string(),
      // 賃金支払日 (R-DEADLINE counts from the wage month); absent = the work month.
      wagePayment: string().enum('same-month', 'next-month').optional(),
      // The 工事's contract facts (domain/evidence.ts SiteContract): 発注者, 請負金額, 契約日…
      contract: any().castAs<SiteContract>().optional(),
      // A deleted linkage setting keeps its item (running months still reach the prime) but leaves GSI1.
      deletedAt: string().optional(),
      deletedBy: string().optional(),
      ...gsiAttrs,
    }),
    computeKey: ({ siteId }) => keys.site(siteId),
  });

  const forcedImport = new Entity({
    name: 'ForcedImport',
    table,
    schema: item({
      siteId: string().key(),
      workerId: string().key(),
      by: string(),
      at: string(),
    }),
    computeKey: ({ siteId, workerId }) => keys.forcedImport(siteId, workerId),
  });

  const firstTierChoice = new Entity({
    name: 'FirstTierChoice',
    table,
    schema: item({
      siteId: string().key(),
      companyId: string().key(),
      firstTierCompanyId: string(),
      by: string(),
      at: string(),
    }),
    computeKey: ({ siteId, companyId }) => keys.firstTierChoice(siteId, companyId),
  });

  const doubleEmployerReview = new Entity({
    name: 'DoubleEmployerReview',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      workerId: string().key(),
      by: string(),
      at: string(),
    }),
    computeKey: ({ siteId, workMonth, workerId }) => keys.doubleEmployerReview(siteId, workMonth, workerId),
  });

  // R-EXCLUDE: 取り込まない of a company or a worker for one site-month, with who, when and why.
  const exclusion = new Entity({
    name: 'Exclusion',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      subject: string().enum('company', 'worker').key(),
      subjectId: string().key(),
      reason: string(),
      by: string(),
      at: string(),
    }),
    computeKey: ({ siteId, workMonth, subject, subjectId }) =>
      keys.exclusion(siteId, workMonth, subject, subjectId),
  });

  const monthState = new Entity({
    name: 'MonthState',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      currentImportId: string(),
      chargedImportId: string().optional(),
    }),
    computeKey: ({ siteId, workMonth }) => keys.monthState(siteId, workMonth),
  });

  const importRecord = new Entity({
    name: 'Import',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      importId: string().key(),
      fileKey: string(),
      versionId: string(),
      status: string().enum('予約可能', '要修正', 'refused'),
      flags: list(flag),
      totals: map({ rows: number(), workers: number(), days: number(), points: number() }),
      siteName: string(),
      outputMethod: string().enum('元請一括', '一次一括'),
      primeCompanyId: string(),
      // The chain as validated (companies, tiers, 一次); each company opaque to storage. A list, so an
      // update can replace it whole ($set) with its type checked.
      companies: list(any().castAs<ChainCompany>()),
      errors: list(map({ line: number(), column: string(), message: string() })),
      receivedAt: string(),
      supersededAt: string().optional(),
      supersededBy: string().optional(),
      chargedAt: string().optional(),
      afterChargeOf: string().optional(),
      // R-ZERO-MONTH: closed as 実績なし.
      noWorkAt: string().optional(),
    }),
    computeKey: ({ siteId, workMonth, importId }) => keys.import(siteId, workMonth, importId),
  });

  const workLine = new Entity({
    name: 'WorkLine',
    table,
    // Lines are written by the thousand: no timestamps, the import carries receivedAt.
    timestamps: false,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      importId: string().key(),
      workerId: string().key(),
      employerCompanyId: string().key(),
      memberNo: string().optional(),
      memberNoSource: string().enum('file', 'registry', 'correction').optional(),
      firstTierCompanyId: string().optional(),
      tier: number(),
      dates: list(string()),
      days: number(),
      points: number(),
      rates: list(rate),
      adjustments: list(
        map({ fromDays: number(), toDays: number(), reason: string(), by: string(), at: string() }),
      ),
      // R-EXCLUDE: 取り込まない — what the file said and who left it out, when and why.
      excluded: map({
        subject: string().enum('company', 'worker'),
        reason: string(),
        by: string(),
        at: string(),
        days: number(),
        dates: list(string()),
        points: number(),
      }).optional(),
    }),
    computeKey: ({ siteId, workMonth, importId, workerId, employerCompanyId }) =>
      keys.workLine(siteId, workMonth, importId, workerId, employerCompanyId),
  });

  const firstTierReport = new Entity({
    name: 'FirstTierReport',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      firstTierCompanyId: string().key(),
      importId: string(),
      workers: number(),
      days: number(),
      points: number(),
      reportedBy: string(),
      reportedAt: string(),
      // R-FIRST-TIER: the prime reported for this silent 一次 after the deadline.
      onBehalfOf: string().optional(),
    }),
    computeKey: ({ siteId, workMonth, firstTierCompanyId }) =>
      keys.firstTierReport(siteId, workMonth, firstTierCompanyId),
  });

  const application = new Entity({
    name: 'Application',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      applicationId: string(),
      importId: string(),
      primeContractorNo: string(),
      pointKind: string().enum('regular', 'special'),
      status: string().enum('申請', '承認', '差戻し', '充当済', '取下げ'),
      no: number().optional(),
      returnPoints: number().optional(),
      follows: string().optional(),
      points: number(),
      workers: number(),
      days: number(),
      revision: number(),
      appliedBy: string(),
      appliedAt: string(),
      decidedBy: string().optional(),
      decidedAt: string().optional(),
      reason: string().optional(),
      chargedAt: string().optional(),
      ...gsiAttrs,
    }),
    computeKey: ({ siteId, workMonth }) => keys.application(siteId, workMonth),
  });

  const waitToken = new Entity({
    name: 'WaitToken',
    table,
    schema: item({
      siteId: string().key(),
      workMonth: string().key(),
      waitKind: string()
        .enum(...WAIT_KINDS)
        .key(),
      importId: string(),
      deadline: string(),
      createdAt: string(),
      taskToken: string(),
      // GSI1: the open waits by deadline (task lists); the item's deletion ends the wait.
      ...gsiAttrs,
    }),
    computeKey: ({ siteId, workMonth, waitKind }) => keys.waitToken(siteId, workMonth, waitKind),
  });

  const balance = new Entity({
    name: 'LedgerBalance',
    table,
    schema: item({
      contractorNo: string().key(),
      pointKind: string().enum('regular', 'special').key(),
      balance: number(),
      seq: number(),
    }),
    computeKey: ({ contractorNo, pointKind }) => keys.balance(contractorNo, pointKind),
  });

  const ledgerEntry = new Entity({
    name: 'LedgerEntry',
    table,
    schema: item({
      contractorNo: string().key(),
      pointKind: string().enum('regular', 'special').key(),
      kind: string()
        .enum('purchase', 'debit', 'exemption-refund', 'mispaid-return', 'rebate', 'stamps')
        .key(),
      refId: string().key(),
      amount: number(),
      balanceBefore: number(),
      balanceAfter: number(),
      seq: number(),
      at: string(),
      // A purchase named for a 工事 (its 収納書), how it was paid, the stamps a conversion took in, the
      // worker-days a debit charged.
      siteId: string().optional(),
      method: string().optional(),
      stamps: any().castAs<StampHandIn>().optional(),
      days: number().optional(),
    }),
    computeKey: ({ contractorNo, pointKind, kind, refId }) =>
      keys.ledgerEntry(contractorNo, pointKind, kind, refId),
  });

  /** A purchase's payment id, held by the first credit (its contractor, kind and amount). */
  const paymentClaim = new Entity({
    name: 'PaymentClaim',
    table,
    schema: item({
      paymentId: string().key(),
      contractorNo: string(),
      pointKind: string().enum('regular', 'special'),
      amount: number(),
    }),
    computeKey: ({ paymentId }) => keys.paymentClaim(paymentId),
  });

  const outbox = new Entity({
    name: 'Outbox',
    table,
    schema: item({
      messageId: string().key(),
      notice: string(),
      to: string(),
      siteId: string().optional(),
      workMonth: string().optional(),
      payload: any().castAs<OutboxMessage['payload']>(),
      createdAt: string(),
      sentAt: string().optional(),
      ...gsiAttrs,
    }),
    computeKey: ({ messageId }) => keys.outbox(messageId),
  });

  const audit = new Entity({
    name: 'Audit',
    table,
    schema: item({
      auditId: string().key(),
      at: string().key(),
      // keys.auditScope(siteId): 'SITE#…' or 'GLOBAL'.
      scope: string().key(),
      siteId: string().optional(),
      actor: string(),
      action: string(),
      workMonth: string().optional(),
      subject: any().castAs<AuditRecord['subject']>(),
      reason: string().optional(),
      ...gsiAttrs,
    }),
    computeKey: ({ auditId, at, scope }) => keys.audit(scope, at, auditId),
  });

  // API Idempotency-Key records (AP-29): the only items with the TTL attribute (expiresAt, 24 h).
  const idempotency = new Entity({
    name: 'Idempotency',
    table,
    schema: item({
      scope: string().key(),
      idempotencyKey: string().key(),
      fingerprint: string(),
      status: string().enum('in-progress', 'completed'),
      /** Epoch ms: an in-progress claim older than this was abandoned (crash) and may be taken over. */
      lockedUntil: number(),
      /** The first response, JSON (statusCode, headers, body, isBase64Encoded). */
      response: string().optional(),
      /** Epoch seconds: DynamoDB TTL. */
      expiresAt: number(),
    }),
    computeKey: ({ scope, idempotencyKey }) => keys.idempotency(scope, idempotencyKey),
  });

  return {
    idempotency,
    contractor,
    member,
    contribution,
    companyMapping,
    workerMapping,
    companyCorrection,
    workerCorrection,
    user,
    site,
    forcedImport,
    firstTierChoice,
    doubleEmployerReview,
    exclusion,
    monthState,
    importRecord,
    workLine,
    firstTierReport,
    application,
    waitToken,
    balance,
    ledgerEntry,
    paymentClaim,
    outbox,
    audit,
  };
}

export type Entities = ReturnType<typeof createEntities>;

/** An item of one entity as a read returns it (formatted: key attributes, no PK/SK). */
export type StoredItem<K extends keyof Entities> = FormattedItem<Entities[K]>;
/** What a put of one entity takes (defaults and computed keys left to the toolbox). */
export type ItemInput<K extends keyof Entities> = InputItem<Entities[K]>;

/**
 * A table bound to a client and name, with its entities and named access patterns, built once when the
 * store is created: what every repository takes.
 */
export interface Store {
  table: AppTable;
  entities: Entities;
  patterns: AccessPatterns;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

export function createStore(documentClient: DynamoDBDocumentClient, tableName: string): Store {
  const table = createTable(documentClient, tableName);
  const entities = createEntities(table);
  return { table, entities, patterns: createAccessPatterns(entities), documentClient, tableName };
}
