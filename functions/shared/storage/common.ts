// Small helpers shared by the repositories: item mapping, transaction-cancellation reasons, chunking, ids,
// audit puts.
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand as DocBatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import type { IBatchWriteRequest } from 'dynamodb-toolbox/table/actions/batchWrite';
import { BatchWriteCommand } from 'dynamodb-toolbox/table/actions/batchWrite';
import { type AuditRecord, PERSONAL_SUBJECT_KEYS } from '../../../domain/ports/storage.js';
import type { ItemInput, Store } from './entities.js';
import { gsi1, keys } from './keys.js';

/**
 * The attribute names of a port type, every one of them: leaving one out (say a new optional attribute,
 * which the mapper would silently drop) is a compile error that names it.
 */
export const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T)[]>(
    ...fields: K &
      ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })
  ): K =>
    fields;

/**
 * The listed attributes of a formatted item, those that are set: the port record without what the toolbox
 * or the indexes add (timestamps, GSI1 keys) and without undefined members.
 */
export function pick<I extends object, K extends keyof I>(item: I, fields: readonly K[]): Pick<I, K> {
  const out: Partial<Pick<I, K>> = {};
  for (const k of fields) if (item[k] !== undefined) out[k] = item[k];
  return out as Pick<I, K>;
}

/** DynamoDB's per-call limits. */
export const LIMITS = {
  batchGet: 100,
  batchWrite: 25,
  transactItems: 100,
} as const;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function newId(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}

export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | string;

/**
 * The per-item reasons of a TransactionCanceledException (same order as the TransactItems), or
 * undefined for any other error. Lets callers tell "the entry already exists" from "the balance moved".
 */
export function cancellationReasons(error: unknown): CancellationCode[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e.name !== 'TransactionCanceledException') return undefined;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

export function isConditionFailure(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: string }).name === 'ConditionalCheckFailedException'
  );
}

/** Retry pause with jitter, bounded: used on UnprocessedKeys/Items and transaction conflicts. */
export function backoff(attempt: number, baseMs = 25, capMs = 1_000): Promise<void> {
  const ms = Math.min(capMs, baseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((r) => setTimeout(r, ms));
}

/** The audit item of a record: keyed by site (or GLOBAL) and time, indexed by actor. */
export function auditItem(record: Omit<AuditRecord, 'auditId' | 'at'> & { at?: string }): ItemInput<'audit'> {
  const personal = Object.keys(record.subject).filter((k) => PERSONAL_SUBJECT_KEYS.includes(k));
  // Names and 被共済者番号 never enter the trail in clear; a caller that tries is a bug.
  if (personal.length > 0) throw new Error(`audit subject may not carry ${personal.join(', ')}`);
  const at = record.at ?? nowIso();
  const auditId = newId();
  return {
    auditId,
    at,
    scope: keys.auditScope(record.siteId),
    siteId: record.siteId,
    actor: record.actor,
    action: record.action,
    workMonth: record.workMonth,
    subject: record.subject,
    reason: record.reason,
    ...gsi1.auditByActor(record.actor, at, auditId),
  };
}

/** The audit record of a human decision, written in the same transaction as the decision itself. */
export function auditPut(store: Store, record: Omit<AuditRecord, 'auditId' | 'at'> & { at?: string }) {
  return store.entities.audit.build(PutTransaction).item(auditItem(record));
}

/**
 * BatchWriteItem over any number of toolbox put/delete requests: chunks of 25 (the API limit),
 * a few chunks in flight, UnprocessedItems retried with backoff. Toolbox builds (and validates) each item.
 */
export async function batchWriteAll(
  store: Store,
  requests: readonly IBatchWriteRequest[],
  options: { maxAttempts?: number; concurrency?: number } = {},
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const chunks = chunk(requests, LIMITS.batchWrite);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const c = chunks[next++]!;
      let pending = store.table
        .build(BatchWriteCommand)
        .requests(...c)
        .params();
      for (let attempt = 0; Object.keys(pending).length > 0; attempt++) {
        if (attempt >= maxAttempts)
          throw new Error(`BatchWriteItem: items still unprocessed after ${maxAttempts} attempts`);
        if (attempt > 0) await backoff(attempt);
        const r = await store.documentClient.send(new DocBatchWriteCommand({ RequestItems: pending }));
        pending = r.UnprocessedItems ?? {};
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
}
