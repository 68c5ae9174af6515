// The notification outbox (written with the state change that causes it, delivered later) and the
// audit trail readers. Messages carry ids, never names or 被共済者番号 in clear.
import { $remove, PutItemCommand, PutTransaction, UpdateItemCommand } from 'dynamodb-toolbox';
import type { AuditLog, AuditRecord, Outbox, OutboxMessage } from '../../../domain/storage-ports.js';
import { type AccessPatterns, createAccessPatterns } from './access-patterns.js';
import type { Entities, Store } from './entities.js';
import { gsi1 } from './keys.js';

// biome-ignore lint/suspicious/noExplicitAny: formatted toolbox item
function toMessage(i: any): OutboxMessage {
  const m: OutboxMessage = {
    messageId: i.messageId,
    notice: i.notice,
    to: i.to,
    payload: i.payload ?? {},
    createdAt: i.createdAt,
  };
  for (const k of ['siteId', 'workMonth', 'sentAt'] as const) if (i[k] !== undefined) m[k] = i[k];
  return m;
}

// biome-ignore lint/suspicious/noExplicitAny: formatted toolbox item
function toAudit(i: any): AuditRecord {
  const r: AuditRecord = {
    auditId: i.auditId,
    at: i.at,
    actor: i.actor,
    action: i.action,
    subject: i.subject ?? {},
  };
  for (const k of ['siteId', 'workMonth', 'reason'] as const) if (i[k] !== undefined) r[k] = i[k];
  return r;
}

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
    this.ap = createAccessPatterns(store);
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

  constructor(store: Store) {
    this.ap = createAccessPatterns(store);
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
}
