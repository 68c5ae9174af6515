// The registry import (docs/registry-file.md): one use case for the S3 drop (functions/import-registry),
// the `registry` CLI and `npm start`. Read the file (refused: nothing written), diff it against the table,
// pay the R-EXEMPT refunds its 手帳更新 rows make due, write the records in batches, keep the import's
// history under the file's SHA-256 — a replay of the same bytes changes nothing and says so — and let the
// months waiting at 要修正 validate again against the new registry (確認・予約登録 for them).
//
// Resumable: every write is idempotent (records are puts of the file's state; a refund's ledger entry has
// a deterministic id; a decision is put once). A run cut short leaves the import `running`; the next
// delivery of the same file recomputes the diff — what was written is now unchanged — and finishes.
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import {
  checkRegistryFile,
  diffRegistry,
  NO_REFUND_REASON,
  REGISTRY_FLAGS,
  type RegistryChange,
  type RegistryDiff,
  type RegistryMember,
  type RegistryRecord,
  type RegistryStatus,
  recordKey,
  renewalOf,
  type StoredRecord,
} from '../../../domain/registry.js';
import type { ContractorKind } from '../../../domain/types.js';
import type { ReadError } from '../ccus/errors.js';
import type { ByteSource } from '../ccus/ingest.js';
import { batchWriteAll, isConditionFailure } from '../storage/common.js';
import type { Store } from '../storage/entities.js';
import { gsi1, keys, type TableKey } from '../storage/keys.js';
import { DynamoRegistryLoader } from '../storage/registry.js';
import { resumeWait } from '../use-cases/month/waits.js';
import { readRegistryFile } from './reader.js';

/** Inbox prefix of registry files; under `registry/full/` a file is a complete export. */
export const REGISTRY_PREFIX = 'registry/';
export const FULL_EXPORT_PREFIX = 'registry/full/';

export interface RegistryImportInput {
  body: ByteSource;
  /** The inbox key (or the CLI's file name): recorded, and `registry/full/…` makes it a full export. */
  key: string;
  /** Overrides the key's verdict on full / delta. */
  full?: boolean;
  by?: string;
}

type Counts = RegistryDiff['counts'];

export interface RenewalSummary {
  renewals: number;
  refunded: number;
  points: number;
  notDue: Record<string, number>;
  alreadyDecided: number;
}

export type RegistryImportResult =
  | {
      status: 'refused';
      key: string;
      fileHash: string;
      errors: ReadError[];
      errorCount: number;
      detail: string;
    }
  | {
      status: 'imported' | 'already-imported';
      key: string;
      fileHash: string;
      full: boolean;
      rows: number;
      counts: Counts;
      renewals: RenewalSummary;
      /** A run that finished the work of an earlier, interrupted run of the same file. */
      resumed: boolean;
      /** Months waiting at 要修正 that were sent to validate again. */
      revalidated: number;
      detail: string;
    };

export interface RegistryImportDeps {
  store: Store;
  cycle: Pick<CycleDeps, 'ledger' | 'waits' | 'executions' | 'imports' | 'now' | 'audit'>;
}

type Raw = Record<string, unknown>;

const ENTITY = { contractor: 'Contractor', member: 'Member', companyMapping: 'CompanyMapping' } as const;
const IMPORT_ENTITY = 'RegistryImport';
const EXEMPTION_ENTITY = 'ExemptionDecision';

/** The refund's ledger id: one per member (the 50-day exemption exists once), without the number in clear. */
export function exemptionRefundId(memberNo: string): string {
  return `renewal-${createHash('sha256').update(`member:${memberNo}`).digest('hex').slice(0, 24)}`;
}

function toStored(raw: Raw): StoredRecord | undefined {
  const ended = raw.endedAt === undefined ? {} : { endedAt: String(raw.endedAt) };
  switch (raw._et) {
    case ENTITY.contractor:
      return {
        type: '共済契約者',
        contractorNo: String(raw.contractorNo),
        name: String(raw.name),
        kind: raw.kind as ContractorKind,
        status: (raw.status as RegistryStatus | undefined) ?? (raw.active ? '有効' : '脱退'),
        ...ended,
      };
    case ENTITY.member:
      return {
        type: '被共済者',
        memberNo: String(raw.memberNo),
        kanaFamily: String(raw.kanaFamily),
        kanaGiven: String(raw.kanaGiven),
        kind: raw.kind as ContractorKind,
        contractorNo: String(raw.contractorNo ?? ''),
        days: Number(raw.days ?? 0),
        // Seeded members know only whether they hold the first book.
        renewals: raw.renewals === undefined ? (raw.firstBook ? 0 : 1) : Number(raw.renewals),
        ...(raw.bookIssuedOn === undefined ? {} : { bookIssuedOn: String(raw.bookIssuedOn) }),
        ...(raw.renewedOn === undefined ? {} : { renewedOn: String(raw.renewedOn) }),
        exemptDaysByStamps: Number(raw.exemptDaysByStamps ?? 0),
        status: (raw.status as RegistryStatus | undefined) ?? '有効',
        ...ended,
      };
    case ENTITY.companyMapping:
      // A prime's 事後登録 from before corrections were scoped is no registry record.
      if (raw.registeredBy !== undefined) return undefined;
      return {
        type: '事業者',
        companyId: String(raw.companyId),
        contractorNo: String(raw.contractorNo),
        status: (raw.status as RegistryStatus | undefined) ?? '有効',
        ...ended,
      };
    default:
      return undefined;
  }
}

function keyOf(r: RegistryRecord): TableKey {
  switch (r.type) {
    case '共済契約者':
      return keys.contractor(r.contractorNo);
    case '被共済者':
      return keys.member(r.memberNo);
    case '事業者':
      return keys.companyMapping(r.companyId);
  }
}

/** AP-34: every registry record of the table (a full export ends the ones it lacks). */
async function scanRegistry(store: Store): Promise<Raw[]> {
  const out: Raw[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r: ScanCommandOutput = await store.documentClient.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: '#et IN (:c, :m, :cm)',
        ExpressionAttributeNames: { '#et': '_et' },
        ExpressionAttributeValues: {
          ':c': ENTITY.contractor,
          ':m': ENTITY.member,
          ':cm': ENTITY.companyMapping,
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...((r.Items ?? []) as Raw[]));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

function emptyRenewals(): RenewalSummary {
  return { renewals: 0, refunded: 0, points: 0, notDue: {}, alreadyDecided: 0 };
}

function putRequest(store: Store, c: RegistryChange, stored: StoredRecord | undefined, at: string) {
  const e = store.entities;
  const r = c.record;
  const ended = r.status !== '有効';
  // An ended record keeps the day it ended first; a record active again loses it.
  const endedAt = ended ? { endedAt: stored?.endedAt ?? at } : {};
  switch (r.type) {
    case '共済契約者':
      return e.contractor.build(BatchPutRequest).item({
        contractorNo: r.contractorNo,
        name: r.name,
        kind: r.kind,
        active: !ended,
        status: r.status,
        ...endedAt,
      });
    case '被共済者':
      return e.member.build(BatchPutRequest).item({
        memberNo: r.memberNo,
        kanaFamily: r.kanaFamily,
        kanaGiven: r.kanaGiven,
        kind: r.kind,
        days: r.days,
        firstBook: r.renewals === 0,
        contractorNo: r.contractorNo,
        renewals: r.renewals,
        ...(r.bookIssuedOn ? { bookIssuedOn: r.bookIssuedOn } : {}),
        ...(r.renewedOn ? { renewedOn: r.renewedOn } : {}),
        exemptDaysByStamps: r.exemptDaysByStamps,
        status: r.status,
        ...endedAt,
      });
    case '事業者':
      return e.companyMapping.build(BatchPutRequest).item({
        companyId: r.companyId,
        contractorNo: r.contractorNo,
        status: r.status,
        ...endedAt,
        // Only a live mapping lists the company under its contractor.
        ...(ended ? {} : gsi1.companyOfContractor(r.contractorNo, r.companyId)),
      });
  }
}

/** Records per BatchWriteItem round of the import (checkpointed between rounds). */
const WRITE_ROUND = 500;

export async function importRegistryFile(
  deps: RegistryImportDeps,
  input: RegistryImportInput,
): Promise<RegistryImportResult> {
  const { store } = deps;
  const full = input.full ?? input.key.startsWith(FULL_EXPORT_PREFIX);
  const read = await readRegistryFile(input.body);
  if (read.status === 'refused') {
    return {
      status: 'refused',
      key: input.key,
      fileHash: read.fileHash,
      errors: read.errors,
      errorCount: read.errorCount,
      detail:
        '登録ファイルを取り込みませんでした。エラーの行と列を直して、ファイル全体をもう一度置いてください',
    };
  }
  // AP-35: the import's history, by the file's SHA-256.
  const importKey = keys.registryImport(read.fileHash);
  const previous = (
    await store.documentClient.send(
      new GetCommand({ TableName: store.tableName, Key: importKey, ConsistentRead: true }),
    )
  ).Item as Raw | undefined;
  if (previous?.status === 'done') {
    return {
      status: 'already-imported',
      key: input.key,
      fileHash: read.fileHash,
      full: Boolean(previous.full),
      rows: Number(previous.rows),
      counts: previous.counts as Counts,
      renewals: previous.renewals as RenewalSummary,
      resumed: false,
      revalidated: 0,
      detail: `このファイルは ${String(previous.finishedAt)} に取り込み済みです。何も変更していません`,
    };
  }

  // What the table holds: every registry record for a full export, else the file's keys and the
  // contractors its rows refer to.
  const records = read.rows.map((r) => r.record);
  const rawStored = full
    ? await scanRegistry(store)
    : await new DynamoRegistryLoader(store).batchGet([
        ...records.map(keyOf),
        ...records.flatMap((r) => (r.type === '共済契約者' ? [] : [keys.contractor(r.contractorNo)])),
      ]);
  const stored = new Map<string, StoredRecord>();
  for (const raw of rawStored) {
    const s = toStored(raw);
    if (s) stored.set(recordKey(s), s);
  }
  const storedContractor = (no: string) => stored.get(`共済契約者:${no}`);
  const crossErrors = checkRegistryFile(read.rows, (no) => {
    const c = storedContractor(no);
    return c !== undefined && c.endedAt === undefined;
  });
  if (crossErrors.length > 0) {
    return {
      status: 'refused',
      key: input.key,
      fileHash: read.fileHash,
      errors: crossErrors.slice(0, 100).map((e) => ({
        line: e.line,
        column: e.column,
        code: e.message.startsWith('同じ') ? 'DUPLICATE' : 'UNKNOWN_CONTRACTOR',
        message: e.message,
        ...(e.column === '被共済者番号' ? {} : { value: e.value }),
      })),
      errorCount: crossErrors.length,
      detail:
        '登録ファイルを取り込みませんでした。エラーの行と列を直して、ファイル全体をもう一度置いてください',
    };
  }

  const diff = diffRegistry(records, stored, { full });
  const at = deps.cycle.now().toISOString();
  const resumed = previous?.status === 'running';
  // The history: counts as first computed (a resumed run finds part of the work done already).
  const counts = resumed ? (previous.counts as Counts) : diff.counts;
  if (!resumed) {
    await store.documentClient.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...importKey,
          _et: IMPORT_ENTITY,
          fileHash: read.fileHash,
          key: input.key,
          full,
          rows: records.length,
          counts,
          status: 'running',
          written: 0,
          startedAt: at,
          ...(input.by ? { by: input.by } : {}),
        },
      }),
    );
  }

  // 手帳更新 first: a record written before its refund would hide the renewal from a resumed run.
  const contractorKind = (no: string): ContractorKind | undefined => {
    const inFile = records.find((r) => r.type === '共済契約者' && r.contractorNo === no);
    return inFile?.type === '共済契約者'
      ? inFile.kind
      : (storedContractor(no) as { kind?: ContractorKind })?.kind;
  };
  const renewals = resumed
    ? ((previous.renewals as RenewalSummary | undefined) ?? emptyRenewals())
    : emptyRenewals();
  for (const r of records) {
    if (r.type !== '被共済者') continue;
    const s = stored.get(recordKey(r));
    const decision = renewalOf(
      r,
      s?.type === '被共済者' ? (s as RegistryMember) : undefined,
      contractorKind(r.contractorNo),
    );
    if (!decision.renewal) continue;
    const decided = await decideRenewal(deps, r, decision, read.fileHash, at);
    if (resumed) continue;
    renewals.renewals++;
    if (decided === 'already') renewals.alreadyDecided++;
    else if (decision.exemption.refunded) {
      renewals.refunded++;
      renewals.points += decision.exemption.points;
    } else renewals.notDue[decision.exemption.reason] = (renewals.notDue[decision.exemption.reason] ?? 0) + 1;
  }

  let written = Number(previous?.written ?? 0);
  /** The import's history item: its checkpoint while running, its counts when done. */
  const putImportRecord = (progress: Record<string, unknown>) =>
    store.documentClient.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...importKey,
          _et: IMPORT_ENTITY,
          fileHash: read.fileHash,
          key: input.key,
          full,
          rows: records.length,
          counts,
          renewals,
          startedAt: previous?.startedAt ?? at,
          ...(input.by ? { by: input.by } : {}),
          ...progress,
        },
      }),
    );
  for (let i = 0; i < diff.changes.length; i += WRITE_ROUND) {
    const round = diff.changes.slice(i, i + WRITE_ROUND);
    await batchWriteAll(
      store,
      round.map((c) => putRequest(store, c, stored.get(c.key), at)),
    );
    written += round.length;
    // Checkpoint: how far this run got (a resumed run recomputes the rest from the table).
    await putImportRecord({ status: 'running', written });
  }

  // Months at 要修正 for something the registry decides validate again with the registry as it is now
  // (the same as their 確認・予約登録); a month waiting only for a 一次 choice is left alone.
  let revalidated = 0;
  if (diff.changes.length > 0 || resumed) {
    const open = (await deps.cycle.waits.open()).filter((w) => w.waitKind === 'Corrections');
    for (const w of open) {
      const current = await deps.cycle.imports.currentImport(w.siteId, w.workMonth);
      if (current?.importId !== w.importId || !current.flags.some((f) => REGISTRY_FLAGS.has(f.code)))
        continue;
      const r = await resumeWait(deps.cycle, w.siteId, w.workMonth, 'Corrections', {
        reason: 'registry-import',
      });
      if (r === 'resumed') revalidated++;
    }
  }

  await putImportRecord({
    status: 'done',
    written,
    revalidated,
    finishedAt: deps.cycle.now().toISOString(),
  });
  const total = (k: 'added' | 'changed' | 'ended') => Object.values(counts).reduce((n, c) => n + c[k], 0);
  // Once per file (a replay answers already-imported above): counts and ids, never a name or 被共済者番号.
  await deps.cycle.audit?.append({
    actor: `system:registry-${input.by ?? 'import'}`,
    action: 'registry-import',
    subject: {
      fileHash: read.fileHash,
      key: input.key,
      full: String(full),
      rows: String(records.length),
      added: String(total('added')),
      changed: String(total('changed')),
      ended: String(total('ended')),
      renewals: String(renewals.renewals),
      refundedPoints: String(renewals.points),
    },
  });
  return {
    status: 'imported',
    key: input.key,
    fileHash: read.fileHash,
    full,
    rows: records.length,
    counts,
    renewals,
    resumed,
    revalidated,
    detail:
      `登録を取り込みました（追加 ${total('added')}・変更 ${total('changed')}・終了 ${total('ended')}）。` +
      (revalidated > 0
        ? `要修正の月 ${revalidated} 件を再検証しています`
        : '要修正で待っている月はありません'),
  };
}

/**
 * AP-36. R-EXEMPT at one 手帳更新: the refund (when due) as an `exemption-refund` ledger credit with a
 * deterministic id, then the decision (refunded, or why not) put once beside the member.
 */
async function decideRenewal(
  deps: RegistryImportDeps,
  member: RegistryMember,
  decision: Extract<ReturnType<typeof renewalOf>, { renewal: true }>,
  fileHash: string,
  at: string,
): Promise<'decided' | 'already'> {
  const { store } = deps;
  const key = keys.memberExemption(member.memberNo, member.renewals);
  const existing = await store.documentClient.send(
    new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
  );
  if (existing.Item) return 'already';
  const ex = decision.exemption;
  const refId = exemptionRefundId(member.memberNo);
  if (ex.refunded) {
    await deps.cycle.ledger.credit({
      contractorNo: decision.contractorNo,
      pointKind: 'regular',
      kind: 'exemption-refund',
      refId,
      amount: ex.points,
    });
  }
  try {
    await store.documentClient.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...key,
          _et: EXEMPTION_ENTITY,
          contractorNo: decision.contractorNo,
          renewedOn: decision.renewedOn,
          renewals: member.renewals,
          importHash: fileHash,
          at,
          ...(ex.refunded
            ? { refunded: true, refId, days: ex.days, dailyRate: ex.dailyRate, points: ex.points }
            : { refunded: false, reason: ex.reason, message: NO_REFUND_REASON[ex.reason] }),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    return 'already';
  }
  return 'decided';
}
