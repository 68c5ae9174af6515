// The notification outbox (written with the state change that causes it, delivered later) and the
// audit trail readers. Messages carry ids, never names or 被共済者番号 in clear.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { $remove, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { BeginResult, Delivery, NoticeStore } from '../../../domain/ports/notices.js';
import type { AuditLog, AuditRecord, Outbox, OutboxMessage } from '../../../domain/ports/storage.js';
import type { AccessPatterns } from './access-patterns.js';
import { auditItem, fieldsOf, isConditionFailure, pick } from './common.js';
import type { Entities, Store, StoredItem } from './entities.js';
import { gsi1, type IndexKey, keys, NOTICE_PREFIX, OUTBOX_PENDING } from './keys.js';

const MESSAGE_FIELDS = fieldsOf<OutboxMessage>()(
  'messageId',
  'notice',
  'to',
  'payload',
  'createdAt',
  'siteId',
  'workMonth',
  'sentAt',
);

const AUDIT_FIELDS = fieldsOf<AuditRecord>()(
  'auditId',
  'at',
  'actor',
  'action',
  'subject',
  'siteId',
  'workMonth',
  'reason',
);

const toMessage = (i: StoredItem<'outbox'>): OutboxMessage => pick(i, MESSAGE_FIELDS);
const toAudit = (i: StoredItem<'audit'>): AuditRecord => pick(i, AUDIT_FIELDS);

/** A pending message as one item of a transaction (written with the state change that causes it). */
export function outboxPutTransaction(e: Entities, message: Omit<OutboxMessage, 'sentAt'>) {
  return e.outbox
    .build(PutTransaction)
    .item({ ...message, ...gsi1.pendingOutbox(message.createdAt, message.messageId) })
    .options({ condition: { attr: 'messageId', exists: false } });
}

export class DynamoOutbox implements Outbox {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  /** AP-24 (write): pending messages carry GSI1 keys; delivery removes them (sparse index). */
  async enqueue(message: Omit<OutboxMessage, 'sentAt'>): Promise<void> {
    await this.e.outbox
      .build(PutItemCommand)
      .item({ ...message, ...gsi1.pendingOutbox(message.createdAt, message.messageId) })
      .options({ condition: { attr: 'messageId', exists: false } })
      .send()
      .catch((err: unknown) => {
        // Enqueueing the same message id twice is a replay: keep the first.
        if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
      });
  }

  /** AP-24: oldest first. */
  async pending(limit = 100): Promise<OutboxMessage[]> {
    const { Items = [] } = await this.ap.pendingOutbox.query({}).options({ limit }).send();
    return Items.map(toMessage);
  }

  /** AP-24 (write) */
  async markSent(messageId: string, at: string): Promise<void> {
    await this.e.outbox
      .build(UpdateItemCommand)
      .item({ messageId, sentAt: at, GSI1PK: $remove(), GSI1SK: $remove() })
      .options({ condition: { attr: 'messageId', exists: true } })
      .send();
  }
}

export class DynamoAuditLog implements AuditLog {
  private readonly ap: AccessPatterns;

  constructor(private readonly store: Store) {
    this.ap = store.patterns;
  }

  /** AP-25 */
  async bySite(siteId: string): Promise<AuditRecord[]> {
    const { Items = [] } = await this.ap.auditOfSite.query({ siteId }).send();
    return Items.map(toAudit);
  }

  /** AP-26 */
  async byActor(actor: string): Promise<AuditRecord[]> {
    const { Items = [] } = await this.ap.auditOfActor.query({ actor }).send();
    return Items.map(toAudit);
  }

  /** AP-25 (write): a write audited after it landed, not in its own transaction. */
  async append(record: Omit<AuditRecord, 'auditId' | 'at'> & { at?: string }): Promise<void> {
    await this.store.entities.audit.build(PutItemCommand).item(auditItem(record)).send();
  }

  /** AP-25 over `AUDIT#GLOBAL`: what was decided without a site (payments, registry imports). */
  async global(): Promise<AuditRecord[]> {
    const { Items = [] } = await this.ap.auditGlobal.query({}).send();
    return Items.map(toAudit);
  }
}

// ---------------------------------------------------------------- delivery (the dispatcher's view)

type Item = Record<string, unknown>;

function toDelivery(i: Item): Delivery {
  const d: Delivery = {
    messageId: String(i.messageId),
    recipient: String(i.recipient),
    address: String(i.address),
    kind: i.kind as Delivery['kind'],
    subject: String(i.subject),
    text: String(i.text),
    createdAt: String(i.createdAt),
    state: i.state as Delivery['state'],
    startedAt: String(i.startedAt),
  };
  for (const k of ['siteId', 'workMonth', 'sentAt', 'providerMessageId'] as const)
    if (typeof i[k] === 'string') d[k] = i[k] as string;
  return d;
}

const encodeCursor = (key: Item) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string): Item {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Item;
  } catch {
    // fall through
  }
  throw new InvalidCursor('cursor is not one this API returned');
}

export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
}

/**
 * The outbox as the dispatcher works it: a claim (conditional lease) per message, a delivery record per
 * recipient written before the send and marked after it, then the message completed, retried later or
 * parked. Plain document-client calls: the extra attributes (state, attempts, lease) are the dispatcher's.
 */
export class DynamoNoticeStore implements NoticeStore {
  private readonly db: Store['documentClient'];
  private readonly table: string;
  private readonly messages: EntityFormatter<Entities['outbox']>;

  constructor(store: Store) {
    this.db = store.documentClient;
    this.table = store.tableName;
    this.messages = store.entities.outbox.build(EntityFormatter);
  }

  /** A raw outbox item as a message: read by the toolbox's formatter (the dispatcher's own attributes left out). */
  private message(raw: Item): OutboxMessage {
    return toMessage(this.messages.format(raw));
  }

  /** AP-24: the pending index is sorted by the next attempt's time (createdAt at first). */
  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :p AND GSI1SK <= :now',
        ExpressionAttributeValues: { ':p': OUTBOX_PENDING, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return Items.map((i) => this.message(i));
  }

  async claim(messageId: string, claimId: string, now: Date, leaseMs: number) {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(messageId),
          UpdateExpression: 'SET claimId = :c, leaseUntil = :until ADD attempts :one',
          // Still pending (in the index) and nobody's live lease on it.
          ConditionExpression:
            'attribute_exists(GSI1PK) AND GSI1PK = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: {
            ':c': claimId,
            ':until': now.getTime() + leaseMs,
            ':one': 1,
            ':pending': OUTBOX_PENDING,
            ':now': now.getTime(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!Attributes) return undefined;
      return { ...this.message(Attributes), attempts: Number(Attributes.attempts), claimId };
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async begin(d: Omit<Delivery, 'state' | 'sentAt' | 'providerMessageId'>): Promise<BeginResult> {
    const index = d.recipient === OPERATORS ? {} : gsi1.noticeOfUser(d.recipient, d.createdAt, d.messageId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.delivery(d.messageId, d.recipient), ...index, ...d, state: 'sending' },
          // Once per message × recipient; a refused (failed) one may begin again.
          ConditionExpression: 'attribute_not_exists(PK) OR #s = :failed',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return { status: 'begun' };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.delivery(d.messageId, d.recipient),
        ConsistentRead: true,
      }),
    );
    if (Item?.state === 'sent') return { status: 'sent' };
    return { status: 'unfinished', startedAt: String(Item?.startedAt ?? '') };
  }

  async sent(messageId: string, recipient: string, at: string, providerMessageId: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.delivery(messageId, recipient),
        UpdateExpression: 'SET #s = :sent, sentAt = :at, providerMessageId = :pid',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':pid': providerMessageId },
      }),
    );
  }

  async failed(messageId: string, recipient: string, reason: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.delivery(messageId, recipient),
        UpdateExpression: 'SET #s = :failed, reason = :r',
        ConditionExpression: '#s = :sending',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':r': reason },
      }),
    );
  }

  /** Ends a claim: only the holder of the claim may (a lost lease leaves it to the new holder). */
  private async endClaim(messageId: string, claimId: string, set: string, values: Item, index?: IndexKey) {
    const names: Record<string, string> = { '#s': 'state' };
    const sets = [set];
    const vals: Item = { ...values, ':c': claimId };
    if (index) {
      sets.push('GSI1PK = :gpk, GSI1SK = :gsk');
      vals[':gpk'] = index.GSI1PK;
      vals[':gsk'] = index.GSI1SK;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(messageId),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseUntil, claimId${index ? '' : ', GSI1PK, GSI1SK'}`,
          ConditionExpression: 'claimId = :c',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: vals,
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async complete(messageId: string, claimId: string, at: string) {
    await this.endClaim(messageId, claimId, '#s = :sent, sentAt = :at', { ':sent': 'sent', ':at': at });
  }

  async retryLater(messageId: string, claimId: string, nextAttemptAt: string, reason: string) {
    await this.endClaim(
      messageId,
      claimId,
      '#s = :pending, reason = :r',
      { ':pending': 'pending', ':r': reason },
      gsi1.pendingOutbox(nextAttemptAt, messageId),
    );
  }

  async park(messageId: string, claimId: string, at: string, reason: string) {
    await this.endClaim(
      messageId,
      claimId,
      '#s = :parked, parkedAt = :at, reason = :r',
      { ':parked': 'parked', ':at': at, ':r': reason },
      gsi1.parkedOutbox(at, messageId),
    );
  }

  async status(messageId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.outbox(messageId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const state =
      (Item.state as 'pending' | 'sent' | 'parked' | undefined) ?? (Item.sentAt ? 'sent' : 'pending');
    return {
      state,
      attempts: Number(Item.attempts ?? 0),
      ...(typeof Item.reason === 'string' ? { reason: Item.reason } : {}),
    };
  }

  /** AP-31: the user's mails (GSI1 `USER#{id}` / `NOTICE#…`), newest first; the cursor is the last key, opaque. */
  async noticesOf(userId: string, limit: number, cursor?: string) {
    const partition = gsi1.noticeOfUser(userId, 'x', 'x').GSI1PK;
    const start = cursor === undefined ? undefined : decodeCursor(cursor);
    // Another user's cursor (or a made-up one) is refused, never followed.
    if (start && start.GSI1PK !== partition) throw new InvalidCursor('cursor of another list');
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :p AND begins_with(GSI1SK, :n)',
        // Mails that went out (a refused or unsure one is the operators' business until resolved).
        FilterExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: {
          ':p': partition,
          ':n': NOTICE_PREFIX,
          ':sent': 'sent',
        },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: Items.map(toDelivery),
      ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}),
    };
  }
}

/** The recipient key of the operators' mails (not a user: no notice list). */
export const OPERATORS = 'operators';
