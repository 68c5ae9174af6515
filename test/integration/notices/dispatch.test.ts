// The notice dispatcher against moto_server: each outbox message reaches each recipient once, whether the
// dispatcher runs twice at the same time or dies between the send and its mark; refusals are retried with
// back-off and then parked (kept, with an alarm); recipients by contractor and role, and preferences.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer, OutgoingMail } from '../../../domain/ports/notices.js';
import { MailNotSent } from '../../../domain/ports/notices.js';
import type { MetricsPort } from '../../../domain/ports/registry.js';
import type { OutboxMessage } from '../../../domain/ports/storage.js';
import {
  DEFAULT_DISPATCH,
  type DispatchDeps,
  dispatchNotices,
  type ParkedAlarm,
} from '../../../functions/shared/notices/dispatch.js';
import { DynamoUserDirectory } from '../../../functions/shared/storage/directory.js';
import type { Store } from '../../../functions/shared/storage/entities.js';
import { createRepositories, type Repositories } from '../../../functions/shared/storage/index.js';
import { DynamoNoticeStore } from '../../../functions/shared/storage/outbox.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

const PRIME = '1000000001';
const FIRST = '2000000001';
const SITE = '9000000001';

let moto: Moto;
let store: Store;
let repos: Repositories;
let clock: number;

class Recorder implements Mailer {
  sent: OutgoingMail[] = [];
  /** Called before each send; may throw to refuse or to fail without proof. */
  before: (m: OutgoingMail) => void = () => undefined;
  async send(m: OutgoingMail) {
    this.before(m);
    // A real transport takes a while: gives a concurrent dispatcher its chance to interleave.
    await new Promise((r) => setTimeout(r, 5));
    this.sent.push(m);
    return { providerMessageId: `p-${this.sent.length}` };
  }
}

function depsOf(
  mailer: Mailer,
  alarms: ParkedAlarm[] = [],
  notices = new DynamoNoticeStore(store),
): DispatchDeps {
  return {
    outbox: repos.outbox,
    notices,
    directory: new DynamoUserDirectory(store),
    registry: repos.registry,
    imports: repos.imports,
    workflow: repos.workflow,
    mailer,
    alarm: (p) => void alarms.push(p),
    now: () => new Date(clock),
    config: {
      ...DEFAULT_DISPATCH,
      baseUrl: 'https://approval.example/',
      operatorsEmail: 'ops@example.invalid',
      batch: 100,
    },
  };
}

let n = 0;
async function enqueue(m: Partial<OutboxMessage> = {}): Promise<string> {
  const messageId = m.messageId ?? `m-${++n}`;
  await repos.outbox.enqueue({
    messageId,
    notice: 'await-Approval',
    to: PRIME,
    siteId: SITE,
    workMonth: '2026-10',
    payload: { waitKind: 'Approval', stage: 'request', dueOn: '2026-11-30' },
    createdAt: new Date(clock - 60_000 + n).toISOString(),
    ...m,
  });
  return messageId;
}

const status = (id: string) => new DynamoNoticeStore(store).status(id);

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

beforeEach(async () => {
  // A fresh table per test: the pending index holds nothing from another test.
  store = (await freshStore(moto, 'notices')).store;
  repos = createRepositories(store);
  clock = Date.parse('2026-11-20T01:00:00Z');
  await repos.registry.putSite({
    siteId: SITE,
    name: '○○ビル新築工事',
    primeContractorNo: PRIME,
    linkMethod: 'auto',
    outputMethod: '一次一括',
    accumulationStart: '2026-04-01',
    accumulationEnd: '2027-03-31',
    linkedOn: '2026-04-01',
    createdBy: 'seed',
  });
  const dir = new DynamoUserDirectory(store);
  for (const [userId, contractorNo, role, reminders] of [
    ['owner', PRIME, '事業者責任者', true],
    ['admin', PRIME, '管理者', false],
    ['site-mgr', PRIME, '現場管理者', true],
    ['clerk', PRIME, '担当者', true],
    ['first-owner', FIRST, '事業者責任者', true],
  ] as const) {
    await repos.registry.putUser({ userId, contractorNo, role });
    await dir.putContact(userId, { email: `${userId}@example.invalid`, name: `${userId} さん`, reminders });
  }
  // A user without an address receives nothing (and does not stop the others).
  await repos.registry.putUser({ userId: 'no-mail', contractorNo: PRIME, role: '事業者責任者' });
});

describe('dispatcher: delivery once per message and recipient', () => {
  it("sends 承認依頼 to the prime's 事業者責任者 and 管理者 only, once, and lists it for them", async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    const first = await dispatchNotices(depsOf(mailer));
    expect(first).toMatchObject({ delivered: 1, mails: 2, parked: 0 });
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['admin@example.invalid', 'owner@example.invalid']);
    expect(mailer.sent[0]!.subject).toContain('【建退共】承認依頼：');
    expect(mailer.sent[0]!.deliveryId).toMatch(new RegExp(`^${id}/(owner|admin)$`));
    expect(await status(id)).toMatchObject({ state: 'sent', attempts: 1 });
    // A second run finds nothing to do.
    expect(await dispatchNotices(depsOf(mailer))).toMatchObject({ delivered: 0, mails: 0 });
    expect(mailer.sent).toHaveLength(2);
    const listed = await new DynamoNoticeStore(store).noticesOf('owner', 20);
    expect(listed.items.map((i) => [i.messageId, i.kind, i.state])).toEqual([
      [id, 'approve-request', 'sent'],
    ]);
    expect((await new DynamoNoticeStore(store).noticesOf('clerk', 20)).items).toEqual([]);
  });

  it('counts each mail sent (NoticesSent) and each refused (NoticesFailed), not the ones skipped on replay', async () => {
    await enqueue();
    const counted: string[] = [];
    const metrics: MetricsPort = { count: (m, v = 1) => void counted.push(`${m}=${v}`) };
    const mailer = new Recorder();
    let refuse = true;
    mailer.before = (m) => {
      if (refuse && m.to.startsWith('admin')) throw new MailNotSent('throttled');
    };
    await dispatchNotices({ ...depsOf(mailer), metrics });
    expect(counted.sort()).toEqual(['NoticesFailed=1', 'NoticesSent=1']);
    // After the back-off the admin's mail goes; the owner's, already sent, is not sent or counted again.
    refuse = false;
    clock += DEFAULT_DISPATCH.backoffMs(1);
    await dispatchNotices({ ...depsOf(mailer), metrics });
    expect(counted.sort()).toEqual(['NoticesFailed=1', 'NoticesSent=1', 'NoticesSent=1']);
    expect(mailer.sent).toHaveLength(2);
  });

  it('two dispatchers at the same time send each mail once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await enqueue());
    const mailer = new Recorder();
    const [a, b] = await Promise.all([dispatchNotices(depsOf(mailer)), dispatchNotices(depsOf(mailer))]);
    expect(a.delivered + b.delivered).toBe(6);
    const keys = mailer.sent.map((m) => m.deliveryId);
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
    for (const id of ids) expect((await status(id))?.state).toBe('sent');
  });

  it('a crash after sending and before marking the delivery never sends it again: parked, operators alerted', async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    const notices = new DynamoNoticeStore(store);
    const crashing = Object.create(notices) as DynamoNoticeStore;
    // The process dies right after the first mail went out (its marker still says 'sending').
    crashing.sent = async () => {
      throw new Error('process killed');
    };
    await expect(dispatchNotices(depsOf(mailer, [], crashing))).rejects.toThrow('process killed');
    expect(mailer.sent).toHaveLength(1);
    // Within the lease nobody takes it over.
    expect(await dispatchNotices(depsOf(mailer))).toMatchObject({ delivered: 0, skipped: 1 });
    clock += 2 * 60_000;
    const alarms: ParkedAlarm[] = [];
    const after = await dispatchNotices(depsOf(mailer, alarms));
    // The other recipient gets its mail; the unsure one is not sent twice.
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['admin@example.invalid', 'owner@example.invalid']);
    expect(after).toMatchObject({ parked: 1 });
    expect(await status(id)).toMatchObject({ state: 'parked' });
    expect(alarms).toEqual([expect.objectContaining({ messageId: id, notice: 'await-Approval' })]);
    // The operators hear of it on the next run (a 処理失敗 mail), and nobody else gets anything.
    await dispatchNotices(depsOf(mailer));
    expect(mailer.sent).toHaveLength(3);
    expect(mailer.sent[2]).toMatchObject({ to: 'ops@example.invalid', kind: 'failure' });
    expect(mailer.sent[2]!.text).not.toContain('@example.invalid');
  });

  it('a crash after marking the deliveries and before completing the message sends nothing again', async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    const notices = new DynamoNoticeStore(store);
    const crashing = Object.create(notices) as DynamoNoticeStore;
    crashing.complete = async () => {
      throw new Error('process killed');
    };
    await expect(dispatchNotices(depsOf(mailer, [], crashing))).rejects.toThrow('process killed');
    expect(mailer.sent).toHaveLength(2);
    clock += 2 * 60_000;
    expect(await dispatchNotices(depsOf(mailer))).toMatchObject({ delivered: 1, mails: 0, parked: 0 });
    expect(mailer.sent).toHaveLength(2);
    expect(await status(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('dispatcher: retries, back-off, parking', () => {
  it('retries a refused mail after its back-off, then parks it after the last attempt (kept, alarmed)', async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    mailer.before = (m) => {
      if (m.to.startsWith('admin')) throw new MailNotSent('SES refused the mail: TooManyRequestsException');
    };
    const alarms: ParkedAlarm[] = [];
    const deps = depsOf(mailer, alarms);
    expect(await dispatchNotices(deps)).toMatchObject({ retried: 1, mails: 1 });
    // Not due before its back-off (1 minute after the first failure).
    clock += 30_000;
    expect(await dispatchNotices(deps)).toMatchObject({ retried: 0, delivered: 0 });
    for (let attempt = 2; attempt <= DEFAULT_DISPATCH.maxAttempts; attempt++) {
      clock += DEFAULT_DISPATCH.backoffMs(attempt - 1);
      await dispatchNotices(deps);
      expect((await status(id))?.attempts).toBe(attempt);
    }
    expect(await status(id)).toMatchObject({ state: 'parked', attempts: 5 });
    expect((await status(id))?.reason).toContain('refused 5 times');
    expect(alarms).toHaveLength(1);
    // The owner's mail went out once, the admin's never.
    expect(mailer.sent.filter((m) => m.to.startsWith('owner'))).toHaveLength(1);
    expect(mailer.sent.filter((m) => m.to.startsWith('admin'))).toHaveLength(0);
  });

  it('delivers after a refusal once the provider accepts again', async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    let refuse = true;
    mailer.before = () => {
      if (refuse) throw new MailNotSent('throttled');
    };
    await dispatchNotices(depsOf(mailer));
    refuse = false;
    clock += DEFAULT_DISPATCH.backoffMs(1);
    expect(await dispatchNotices(depsOf(mailer))).toMatchObject({ delivered: 1, mails: 2 });
    expect(await status(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('parks at once, without sending again, when the transport fails without proof (timeout, 5xx)', async () => {
    const id = await enqueue();
    const mailer = new Recorder();
    mailer.before = (m) => {
      if (m.to.startsWith('owner'))
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    const alarms: ParkedAlarm[] = [];
    expect(await dispatchNotices(depsOf(mailer, alarms))).toMatchObject({ parked: 1 });
    expect((await status(id))?.reason).toContain('TimeoutError');
    expect(alarms).toHaveLength(1);
  });

  it('parks a notice nobody can receive, and one no template knows', async () => {
    const nobody = await enqueue({ to: '7777777777' });
    const unknown = await enqueue({ notice: 'lunch-is-ready' });
    const alarms: ParkedAlarm[] = [];
    await dispatchNotices(depsOf(new Recorder(), alarms));
    expect(await status(nobody)).toMatchObject({ state: 'parked', reason: 'no recipient with an address' });
    expect((await status(unknown))?.reason).toContain('no template');
    expect(alarms.map((a) => a.messageId).sort()).toEqual([nobody, unknown].sort());
  });
});

describe('dispatcher: recipients', () => {
  it('reminders skip users who turned them off; overdue notices do not', async () => {
    await enqueue({ payload: { waitKind: 'Approval', stage: 'reminder', dueOn: '2026-11-30' } });
    await enqueue({ payload: { waitKind: 'Approval', stage: 'overdue', dueOn: '2026-11-30' } });
    const mailer = new Recorder();
    await dispatchNotices(depsOf(mailer));
    expect(mailer.sent.map((m) => `${m.kind} ${m.to}`).sort()).toEqual([
      'overdue admin@example.invalid',
      'overdue owner@example.invalid',
      'reminder owner@example.invalid',
    ]);
  });

  it('報告依頼 goes to the 一次, 第15条 records and failures to the operators', async () => {
    await enqueue({
      notice: 'await-FirstTierReports',
      to: FIRST,
      payload: { stage: 'request', waitKind: 'FirstTierReports' },
    });
    await enqueue({ notice: 'member-milestone', to: 'member:5000000001', payload: { months: 12 } });
    await enqueue({ notice: 'cycle-failed', to: 'operators', payload: { error: 'States.Timeout' } });
    const mailer = new Recorder();
    await dispatchNotices(depsOf(mailer));
    expect(mailer.sent.map((m) => `${m.kind} ${m.to}`)).toEqual([
      'report-request first-owner@example.invalid',
      'member-milestone ops@example.invalid',
      'failure ops@example.invalid',
    ]);
    expect(mailer.sent[1]!.text).not.toContain('5000000001');
  });

  it("pages a user's notices newest first with an opaque cursor, and refuses another list's cursor", async () => {
    for (let i = 0; i < 3; i++) await enqueue();
    await dispatchNotices(depsOf(new Recorder()));
    const s = new DynamoNoticeStore(store);
    const p1 = await s.noticesOf('owner', 2);
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).toBeDefined();
    const p2 = await s.noticesOf('owner', 2, p1.nextCursor);
    const all = [...p1.items, ...p2.items].map((i) => i.createdAt);
    expect(all).toHaveLength(3);
    expect(all).toEqual([...all].sort().reverse());
    await expect(s.noticesOf('admin', 2, p1.nextCursor)).rejects.toThrow('cursor');
    await expect(s.noticesOf('owner', 2, 'not-json')).rejects.toThrow('cursor');
  });
});
