// Ports of notice delivery: the user directory, the outbox as the dispatcher claims it, the delivery
// records (one per message × recipient, the "sent" marker) and the mail transport.
import type { NoticeKind } from '../notice-templates.js';
import type { Role } from '../types.js';
import type { OutboxMessage } from './storage.js';

/** A user as notices see one: the sign-in user plus a contact (kept with the user in the table). */
export interface Contact {
  userId: string;
  contractorNo: string;
  role: Role;
  /** No address: the user receives nothing (and is not counted as a recipient). */
  email?: string;
  name?: string;
  /** Reminder mails (期限前リマインド); overdue and failure notices ignore it. Default on. */
  reminders: boolean;
}

export interface UserDirectory {
  contact(userId: string): Promise<Contact | undefined>;
  contactsOf(contractorNo: string): Promise<Contact[]>;
  /** Sets the address, name and preferences of an existing user. */
  putContact(userId: string, c: { email?: string; name?: string; reminders?: boolean }): Promise<void>;
}

/** An outbox message as the dispatcher holds it. */
export interface ClaimedMessage extends OutboxMessage {
  /** Attempts so far, this one included. */
  attempts: number;
  claimId: string;
}

export type DeliveryState = 'sending' | 'sent' | 'failed';

/** One mail of one message to one recipient: written before sending, marked after. */
export interface Delivery {
  messageId: string;
  /** userId, or 'operators'. */
  recipient: string;
  address: string;
  kind: NoticeKind;
  subject: string;
  text: string;
  siteId?: string;
  workMonth?: string;
  createdAt: string;
  state: DeliveryState;
  startedAt: string;
  sentAt?: string;
  providerMessageId?: string;
}

export type BeginResult =
  /** The marker is ours: send. */
  | { status: 'begun' }
  /** Sent before (a replay): skip. */
  | { status: 'sent' }
  /** A previous attempt wrote the marker and never finished: it may or may not have sent. */
  | { status: 'unfinished'; startedAt: string };

export interface NoticeStore {
  /** Messages due for an attempt (pending, their back-off over), oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Takes the message for `leaseMs`; undefined when another dispatcher holds it or it is done. */
  claim(messageId: string, claimId: string, now: Date, leaseMs: number): Promise<ClaimedMessage | undefined>;
  /** Writes the delivery marker (conditionally: once per message × recipient). */
  begin(d: Omit<Delivery, 'state' | 'sentAt' | 'providerMessageId'>): Promise<BeginResult>;
  /** The mail went out. */
  sent(messageId: string, recipient: string, at: string, providerMessageId: string): Promise<void>;
  /** The transport refused it (nothing sent): a later attempt may begin again. */
  failed(messageId: string, recipient: string, reason: string): Promise<void>;
  /** Every recipient has its mail: the message leaves the pending index. */
  complete(messageId: string, claimId: string, at: string): Promise<void>;
  /** Try again at `nextAttemptAt` (back-off). */
  retryLater(messageId: string, claimId: string, nextAttemptAt: string, reason: string): Promise<void>;
  /** Never delivered (after its retries, or unsure whether it was): kept, out of the pending index. */
  park(messageId: string, claimId: string, at: string, reason: string): Promise<void>;
  /** A message's state and attempts (operators, tests). */
  status(
    messageId: string,
  ): Promise<{ state: 'pending' | 'sent' | 'parked'; attempts: number; reason?: string } | undefined>;
  /** The mails addressed to a user, newest first. */
  noticesOf(
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Delivery[]; nextCursor?: string }>;
}

export interface OutgoingMail {
  /** `<messageId>/<recipient>`: the idempotency key of this mail, carried as a header and a tag. */
  deliveryId: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  kind: NoticeKind;
  siteId?: string;
  workMonth?: string;
}

/** A refusal that proves nothing went out (a 4xx from the provider): safe to retry. */
export class MailNotSent extends Error {
  override name = 'MailNotSent';
}

export interface Mailer {
  /** Sends one mail; throws MailNotSent when certainly not sent, anything else when unsure. */
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
}
