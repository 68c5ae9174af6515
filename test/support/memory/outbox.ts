// The outbox in memory, seen by the cycle (Outbox: enqueue once per message id) and by the dispatcher
// (NoticeStore: claims with a lease, one delivery marker per message × recipient, complete / retry / park).
import type { BeginResult, ClaimedMessage, Delivery, NoticeStore } from '../../../domain/ports/notices.js';
import type { Outbox, OutboxMessage } from '../../../domain/ports/storage.js';
import { InvalidCursor } from '../../../functions/shared/storage/outbox.js';
import { copy, key } from './clock.js';

interface StoredMessage extends OutboxMessage {
  state: 'pending' | 'sent' | 'parked';
  /** When the message is due (createdAt at first, then the retry's time). */
  dueAt: string;
  attempts: number;
  claimId?: string;
  leaseUntil?: number;
  reason?: string;
}

const toMessage = (m: StoredMessage): OutboxMessage => {
  const { state: _s, dueAt: _d, attempts: _a, claimId: _c, leaseUntil: _l, reason: _r, ...message } = m;
  return copy(message);
};

export class MemoryOutbox implements Outbox {
  readonly stored = new Map<string, StoredMessage>();

  /** A message id already queued is a replay: the first is kept. */
  async enqueue(message: Omit<OutboxMessage, 'sentAt'>): Promise<void> {
    if (this.stored.has(message.messageId)) return;
    this.stored.set(message.messageId, {
      ...copy(message),
      state: 'pending',
      dueAt: message.createdAt,
      attempts: 0,
    });
  }

  /** Pending messages, oldest first. */
  async pending(limit = 100): Promise<OutboxMessage[]> {
    return this.byDue()
      .filter((m) => m.state === 'pending')
      .slice(0, limit)
      .map(toMessage);
  }

  async markSent(messageId: string, at: string): Promise<void> {
    const m = this.stored.get(messageId);
    if (!m) throw new Error(`no outbox message ${messageId}`);
    m.sentAt = at;
    m.state = 'sent';
  }

  /** Every message queued, in the order queued (tests read what the cycle told whom). */
  messages(): OutboxMessage[] {
    return [...this.stored.values()].map(toMessage);
  }

  byDue(): StoredMessage[] {
    return [...this.stored.values()].sort(
      (a, b) => a.dueAt.localeCompare(b.dueAt) || a.messageId.localeCompare(b.messageId),
    );
  }
}

export class MemoryNoticeStore implements NoticeStore {
  readonly deliveries = new Map<string, Delivery & { reason?: string }>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    return this.outbox
      .byDue()
      .filter((m) => m.state === 'pending' && m.dueAt <= now.toISOString())
      .slice(0, limit)
      .map(toMessage);
  }

  async claim(
    messageId: string,
    claimId: string,
    now: Date,
    leaseMs: number,
  ): Promise<ClaimedMessage | undefined> {
    const m = this.outbox.stored.get(messageId);
    // Still pending and nobody's live lease on it.
    if (m?.state !== 'pending' || (m.leaseUntil !== undefined && m.leaseUntil >= now.getTime()))
      return undefined;
    m.claimId = claimId;
    m.leaseUntil = now.getTime() + leaseMs;
    m.attempts++;
    return { ...toMessage(m), attempts: m.attempts, claimId };
  }

  async begin(d: Omit<Delivery, 'state' | 'sentAt' | 'providerMessageId'>): Promise<BeginResult> {
    const k = key(d.messageId, d.recipient);
    const was = this.deliveries.get(k);
    // Once per message × recipient; a refused (failed) one may begin again.
    if (was === undefined || was.state === 'failed') {
      this.deliveries.set(k, { ...copy(d), state: 'sending' });
      return { status: 'begun' };
    }
    if (was.state === 'sent') return { status: 'sent' };
    return { status: 'unfinished', startedAt: was.startedAt };
  }

  async sent(messageId: string, recipient: string, at: string, providerMessageId: string): Promise<void> {
    const d = this.deliveries.get(key(messageId, recipient));
    if (!d) throw new Error(`no delivery ${messageId}/${recipient}`);
    Object.assign(d, { state: 'sent', sentAt: at, providerMessageId });
  }

  async failed(messageId: string, recipient: string, reason: string): Promise<void> {
    const d = this.deliveries.get(key(messageId, recipient));
    if (d?.state !== 'sending') throw new Error(`delivery ${messageId}/${recipient} is not being sent`);
    Object.assign(d, { state: 'failed', reason });
  }

  /** Ends a claim: only its holder may (a lost lease leaves it to the new holder). */
  private endClaim(messageId: string, claimId: string, change: Partial<StoredMessage>): void {
    const m = this.outbox.stored.get(messageId);
    if (!m || m.claimId !== claimId) return;
    delete m.claimId;
    delete m.leaseUntil;
    Object.assign(m, change);
  }

  async complete(messageId: string, claimId: string, at: string): Promise<void> {
    this.endClaim(messageId, claimId, { state: 'sent', sentAt: at });
  }

  async retryLater(messageId: string, claimId: string, nextAttemptAt: string, reason: string): Promise<void> {
    this.endClaim(messageId, claimId, { state: 'pending', dueAt: nextAttemptAt, reason });
  }

  async park(messageId: string, claimId: string, _at: string, reason: string): Promise<void> {
    this.endClaim(messageId, claimId, { state: 'parked', reason });
  }

  async status(messageId: string) {
    const m = this.outbox.stored.get(messageId);
    if (!m) return undefined;
    return { state: m.state, attempts: m.attempts, ...(m.reason === undefined ? {} : { reason: m.reason }) };
  }

  /**
   * The mails that went out to a user, newest first; the cursor is the index of the next one. A cursor
   * this store did not return is refused as DynamoDB's is (InvalidCursor).
   */
  async noticesOf(userId: string, limit: number, cursor?: string) {
    const mine = [...this.deliveries.values()]
      .filter((d) => d.recipient === userId && d.state === 'sent')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.messageId.localeCompare(a.messageId));
    const from = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isSafeInteger(from) || from < 0)
      throw new InvalidCursor('cursor is not one this store returned');
    const items = mine.slice(from, from + limit).map(({ reason: _r, ...d }) => copy(d));
    return from + limit < mine.length ? { items, nextCursor: String(from + limit) } : { items };
  }
}
