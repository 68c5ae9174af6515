// The notice dispatcher, one use case for AWS (the dispatch-notices Lambda, on a schedule) and the local
// stack (after each state and on a short interval): every outbox message is delivered once to each of its
// recipients. docs/notices.md argues the protocol:
//
//   claim the message (conditional lease) → for each recipient: write the delivery marker (conditional
//   put, once per message × recipient) → send → mark the marker sent → complete the message.
//
// A replay skips recipients whose marker says sent. A marker left 'sending' by a crash between the send
// and its mark cannot tell whether the mail went out: it is never sent again; the message is parked and
// the operators alerted. A refusal that proves nothing was sent (MailNotSent) is retried with back-off;
// after MAX attempts the message is parked. Parked messages are kept, never deleted.
import { randomUUID } from 'node:crypto';
import {
  audienceOf,
  type NoticeContext,
  type NoticeKind,
  noticeKindOf,
  renderNotice,
  type WaitKindName,
} from '../../../domain/notice-templates.js';
import type {
  ClaimedMessage,
  Contact,
  Mailer,
  NoticeStore,
  UserDirectory,
} from '../../../domain/ports/notices.js';
import { MailNotSent } from '../../../domain/ports/notices.js';
import type { MetricsPort } from '../../../domain/ports/registry.js';
import type {
  ImportRepository,
  Outbox,
  OutboxMessage,
  RegistryRepository,
  WorkflowRepository,
} from '../../../domain/ports/storage.js';
import { OPERATORS } from '../storage/outbox.js';

export interface DispatchConfig {
  /** The approval page's base URL (stack parameter; locally the local server's URL). */
  baseUrl: string;
  /** The operators' address (stack parameter). */
  operatorsEmail: string;
  /** How long a claim holds a message (longer than one message's sends take). */
  leaseMs: number;
  /** Attempts before a message that keeps being refused is parked. */
  maxAttempts: number;
  /** Back-off before attempt n+1 after n failed attempts. */
  backoffMs: (attempts: number) => number;
  /** Messages per run. */
  batch: number;
}

export const DEFAULT_DISPATCH: Omit<DispatchConfig, 'baseUrl' | 'operatorsEmail'> = {
  leaseMs: 60_000,
  maxAttempts: 5,
  // 1, 2, 4, 8 minutes: past a provider's throttling or a short outage, well within the day.
  backoffMs: (attempts) => Math.min(60_000 * 2 ** (attempts - 1), 30 * 60_000),
  batch: 50,
};

export interface ParkedAlarm {
  messageId: string;
  notice: string;
  reason: string;
}

export interface DispatchDeps {
  outbox: Outbox;
  notices: NoticeStore;
  directory: UserDirectory;
  registry: Pick<RegistryRepository, 'getSite'>;
  imports: Pick<ImportRepository, 'getImport'>;
  workflow: Pick<WorkflowRepository, 'getApplication'>;
  mailer: Mailer;
  /** The operators' alarm (a CloudWatch metric in AWS); called once per parked message. */
  alarm: (parked: ParkedAlarm) => void | Promise<void>;
  now: () => Date;
  config: DispatchConfig;
  /** NoticesSent / NoticesFailed; absent in stand-in deps. */
  metrics?: MetricsPort;
}

export interface DispatchResult {
  /** Messages completed (every recipient has its mail). */
  delivered: number;
  /** Mails sent in this run. */
  mails: number;
  retried: number;
  parked: number;
  /** Claimed by another dispatcher, or not due. */
  skipped: number;
}

export interface PlannedMail {
  recipient: string;
  address: string;
  kind: NoticeKind;
  subject: string;
  text: string;
}

const todayInTokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** What the template needs from the message and the month (site name, totals): ids and counts only. */
async function contextOf(deps: DispatchDeps, m: OutboxMessage, kind: NoticeKind): Promise<NoticeContext> {
  const p = m.payload;
  const siteId = m.siteId ?? '';
  const workMonth = m.workMonth ?? '';
  const importId = str(p.importId);
  const [site, imp] = await Promise.all([
    siteId ? deps.registry.getSite(siteId) : undefined,
    siteId && workMonth && importId ? deps.imports.getImport(siteId, workMonth, importId) : undefined,
  ]);
  const ctx: NoticeContext = {
    siteId,
    siteName: site?.name ?? (imp?.siteName || `現場 ${siteId}`),
    workMonth,
    baseUrl: deps.config.baseUrl,
  };
  const dueOn = str(p.dueOn);
  if (dueOn) ctx.dueOn = dueOn;
  const waitKind = str(p.waitKind) as WaitKindName | undefined;
  if (waitKind) ctx.waitKind = waitKind;
  if (imp && imp.status !== 'refused') {
    ctx.totals = { workers: imp.totals.workers, days: imp.totals.days, points: imp.totals.points };
    ctx.importStatus = imp.status;
    ctx.flags = imp.flags.length;
  }
  const errors = num(p.errors) ?? (imp?.status === 'refused' ? imp.errors.length : undefined);
  if (errors !== undefined) ctx.errors = errors;
  if (kind === 'overdue' && dueOn)
    // As of the day the notice was raised, so that a retry renders the same mail.
    ctx.overdueDays = Math.max(0, daysBetween(dueOn, todayInTokyo(new Date(m.createdAt))));
  const months = num(p.months);
  if (months !== undefined) ctx.months = months;
  const error = str(p.error);
  if (error) ctx.error = error;
  const expectedOn = str(p.expectedOn);
  if (expectedOn) ctx.expectedOn = expectedOn;
  return ctx;
}

/** The people a message goes to: by contractor and role, the people who acted, or the operators. */
async function recipientsOf(
  deps: DispatchDeps,
  m: OutboxMessage,
  kind: NoticeKind,
): Promise<Contact[] | 'operators'> {
  if (m.to === OPERATORS || m.to.startsWith('member:') || kind === 'member-milestone') return OPERATORS;
  const aud = audienceOf(kind, str(m.payload.waitKind) as WaitKindName | undefined);
  const chosen = new Map<string, Contact>();
  for (const c of await deps.directory.contactsOf(m.to))
    if (aud.roles.includes(c.role)) chosen.set(c.userId, c);
  if (aud.actors.length > 0 && m.siteId && m.workMonth) {
    const app = await deps.workflow.getApplication(m.siteId, m.workMonth);
    for (const a of aud.actors) {
      const userId = app?.[a];
      if (!userId || chosen.has(userId)) continue;
      const c = await deps.directory.contact(userId);
      // Only people of the addressed contractor: an actor who moved elsewhere hears nothing of it.
      if (c && c.contractorNo === m.to) chosen.set(userId, c);
    }
  }
  return [...chosen.values()].filter((c) => c.email && (!aud.optional || c.reminders));
}

/** The mails of one message (rendered once per recipient; the marker keeps the text that went out). */
export async function planMails(deps: DispatchDeps, m: OutboxMessage): Promise<PlannedMail[] | undefined> {
  const kind = noticeKindOf(m.notice, m.payload);
  if (!kind) return undefined;
  const ctx = await contextOf(deps, m, kind);
  const to = await recipientsOf(deps, m, kind);
  if (to === OPERATORS) {
    const r = renderNotice(kind, ctx, '運用担当');
    return [{ recipient: OPERATORS, address: deps.config.operatorsEmail, kind, ...r }];
  }
  return to.map((c) => ({
    recipient: c.userId,
    address: c.email!,
    kind,
    ...renderNotice(kind, ctx, c.name ?? 'ご担当者'),
  }));
}

type Outcome =
  | { status: 'complete'; mails: number }
  | { status: 'retry' | 'park'; reason: string; mails: number };

async function deliver(deps: DispatchDeps, m: ClaimedMessage): Promise<Outcome> {
  const planned = await planMails(deps, m);
  if (!planned) return { status: 'park', reason: `no template for notice ${m.notice}`, mails: 0 };
  // Nobody to tell is a failure only when the notice may not be turned off.
  if (planned.length === 0) {
    const kind = noticeKindOf(m.notice, m.payload)!;
    const optional = audienceOf(kind, str(m.payload.waitKind) as WaitKindName | undefined).optional;
    return optional
      ? { status: 'complete', mails: 0 }
      : { status: 'park', reason: 'no recipient with an address', mails: 0 };
  }
  let mails = 0;
  let refused: string | undefined;
  let unsure: string | undefined;
  for (const p of planned) {
    const startedAt = deps.now().toISOString();
    const begun = await deps.notices.begin({
      messageId: m.messageId,
      recipient: p.recipient,
      address: p.address,
      kind: p.kind,
      subject: p.subject,
      text: p.text,
      ...(m.siteId ? { siteId: m.siteId } : {}),
      ...(m.workMonth ? { workMonth: m.workMonth } : {}),
      createdAt: m.createdAt,
      startedAt,
    });
    if (begun.status === 'sent') continue;
    if (begun.status === 'unfinished') {
      // Written by an attempt that never marked it: it may have sent. Never again; an operator decides.
      unsure = `delivery to ${p.recipient} begun at ${begun.startedAt} and never marked: it may have been sent`;
      continue;
    }
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await deps.mailer.send({
        deliveryId: `${m.messageId}/${p.recipient}`,
        messageId: m.messageId,
        to: p.address,
        subject: p.subject,
        text: p.text,
        kind: p.kind,
        ...(m.siteId ? { siteId: m.siteId } : {}),
        ...(m.workMonth ? { workMonth: m.workMonth } : {}),
      }));
    } catch (err) {
      if (err instanceof MailNotSent || (err as Error).name === 'MailNotSent') {
        await deps.notices.failed(m.messageId, p.recipient, (err as Error).message);
        deps.metrics?.count('NoticesFailed');
        refused = (err as Error).message;
        continue;
      }
      // A timeout or a 5xx: the provider may have sent it. The marker stays 'sending'.
      unsure = `sending to ${p.recipient} failed without proof that nothing was sent: ${(err as Error).name}`;
      deps.metrics?.count('NoticesFailed');
      continue;
    }
    await deps.notices.sent(m.messageId, p.recipient, deps.now().toISOString(), providerMessageId);
    deps.metrics?.count('NoticesSent');
    mails++;
  }
  if (unsure) return { status: 'park', reason: unsure, mails };
  if (refused) return { status: 'retry', reason: refused, mails };
  return { status: 'complete', mails };
}

/** One run: the due messages, oldest first, each claimed, delivered and completed, retried or parked. */
export async function dispatchNotices(deps: DispatchDeps): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: 0, mails: 0, retried: 0, parked: 0, skipped: 0 };
  const cfg = deps.config;
  for (const m of await deps.notices.due(deps.now(), cfg.batch)) {
    const claimId = randomUUID();
    const claimed = await deps.notices.claim(m.messageId, claimId, deps.now(), cfg.leaseMs);
    if (!claimed) {
      result.skipped++;
      continue;
    }
    const outcome = await deliver(deps, claimed);
    result.mails += outcome.mails;
    const at = deps.now();
    if (outcome.status === 'complete') {
      await deps.notices.complete(m.messageId, claimId, at.toISOString());
      result.delivered++;
    } else if (outcome.status === 'retry' && claimed.attempts < cfg.maxAttempts) {
      const next = new Date(at.getTime() + cfg.backoffMs(claimed.attempts)).toISOString();
      await deps.notices.retryLater(m.messageId, claimId, next, outcome.reason);
      result.retried++;
    } else {
      const reason =
        outcome.status === 'retry' ? `refused ${claimed.attempts} times: ${outcome.reason}` : outcome.reason;
      await deps.notices.park(m.messageId, claimId, at.toISOString(), reason);
      await raiseAlarm(deps, claimed, reason);
      result.parked++;
    }
  }
  return result;
}

/** The metric alarm, and (unless the parked message was the operators' own) a notice to the operators. */
async function raiseAlarm(deps: DispatchDeps, m: OutboxMessage, reason: string) {
  await deps.alarm({ messageId: m.messageId, notice: m.notice, reason });
  if (m.to === OPERATORS) return;
  await deps.outbox.enqueue({
    messageId: `parked-${m.messageId}`,
    notice: 'delivery-parked',
    to: OPERATORS,
    ...(m.siteId ? { siteId: m.siteId } : {}),
    ...(m.workMonth ? { workMonth: m.workMonth } : {}),
    // The reason names recipients by user id only; the payload stays ids and names of errors.
    payload: { error: 'NoticeParked', parkedNotice: m.notice },
    createdAt: deps.now().toISOString(),
  });
}
