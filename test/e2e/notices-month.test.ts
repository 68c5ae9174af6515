// Notices on the local stack: one month of the corrections fixture with 出力方法 一次一括 (as the README's
// curl walk) produces its mails in order, to the right addresses and nobody else, each once — with two
// dispatchers running at the same time at every step, and one of them dying after sending and before
// marking. GET /local/mail lists them; GET /v1/me/notices shows a user theirs; GET /v1/me/tasks gives each
// role, a 一次 and a user with nothing to do, what waits for them.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterData, User } from '../../domain/ports/storage.js';
import { dispatchNotices } from '../../functions/shared/notices/dispatch.js';
import type { DynamoNoticeStore } from '../../functions/shared/storage/outbox.js';
import type { LocalMail } from '../../infra/local/mailbox.js';
import { type LocalServer, readMaster, seedMaster, startLocalServer } from '../../infra/local/server.js';
import { contractFetch } from '../support/openapi-contract.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/cases/corrections');
const MONTH = '/v1/sites/9000000001/months/2026-10';
const PRIME = '1000000001';

// The prime's four roles, the 一次 and the 二次 (in the chain, reports nothing).
const USERS: User[] = [
  { userId: `owner-${PRIME}`, contractorNo: PRIME, role: '事業者責任者' },
  { userId: `admin-${PRIME}`, contractorNo: PRIME, role: '管理者' },
  { userId: `site-${PRIME}`, contractorNo: PRIME, role: '現場管理者' },
  { userId: `clerk-${PRIME}`, contractorNo: PRIME, role: '担当者' },
  { userId: 'owner-2000000001', contractorNo: '2000000001', role: '事業者責任者' },
  { userId: 'owner-2000000002', contractorNo: '2000000002', role: '事業者責任者' },
  { userId: 'owner-3000000001', contractorNo: '3000000001', role: '事業者責任者' },
];
const at = (u: string) => `${u}@example.invalid`;
const MANAGERS = [`owner-${PRIME}`, `admin-${PRIME}`, `site-${PRIME}`].map(at).sort();
const APPROVERS = [`owner-${PRIME}`, `admin-${PRIME}`].map(at).sort();

let server: LocalServer;
let master: MasterData;

beforeAll(async () => {
  // Before the reminder date of October (R-DEADLINE: due 2026-11-30, reminders from 11-23).
  server = await startLocalServer({
    quiet: true,
    port: 0,
    clock: '2026-11-12T01:00:00Z',
    noticeIntervalMs: 0,
  });
  // The test drives the dispatcher itself: two at a time, one of them crashing.
  server.runtime.notices.paused = true;
  master = readMaster(resolve(FIXTURE, 'master.json')) as MasterData;
  for (const s of master.sites) s.outputMethod = '一次一括';
  master.users = USERS;
  await seedMaster(master);
}, 180_000);
afterAll(async () => {
  await server?.close();
});

async function call(token: string | undefined, method: string, path: string, body?: unknown) {
  const r = await contractFetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

const tokens = new Map<string, string>();
async function as(userId: string) {
  let t = tokens.get(userId);
  if (!t) {
    t = await server.api.signIn(userId);
    tokens.set(userId, t);
  }
  return t;
}

const mails = async () => (await call(undefined, 'GET', '/local/mail')).body as LocalMail[];

/** Two dispatchers at once, until nothing is due: what the schedule may do when runs overlap. */
async function dispatchTwice() {
  await server.runtime.sfn.settled();
  const deps = server.runtime.notices.dispatchDeps();
  for (let i = 0; i < 5; i++) {
    const [a, b] = await Promise.all([dispatchNotices(deps), dispatchNotices(deps)]);
    if (a.delivered + b.delivered + a.skipped + b.skipped === 0) return;
  }
}

/** The new mails since the last look, as "kind → sorted addresses". */
let seen = 0;
async function newMails(): Promise<Record<string, string[]>> {
  const all = await mails();
  const fresh = all.slice(seen);
  seen = all.length;
  const out: Record<string, string[]> = {};
  for (const m of fresh) out[m.kind] = [...(out[m.kind] ?? []), m.to];
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

async function tasksOf(userId: string) {
  const r = await call(await as(userId), 'GET', '/v1/me/tasks');
  expect(r.status).toBe(200);
  return r.body.tasks as Record<string, unknown>[];
}

describe('notices of one month (一次一括, with corrections)', () => {
  it('mails each stage to the right people, once, in order; tasks follow the authorization matrix', async () => {
    const text = new TextDecoder('shift_jis').decode(readFileSync(resolve(FIXTURE, 'ccus.csv')));
    await server.runtime.dropFile(
      'ccus/9000000001/202610/october.csv',
      text.split('元請一括').join('一次一括'),
    );
    await dispatchTwice();
    // ファイル受信 and 要修正: the prime's managers (not its 担当者, nobody of the 一次).
    expect(await newMails()).toEqual({ 'file-received': MANAGERS, 'needs-correction': MANAGERS });

    // Tasks at 要修正: the managers correct; the 担当者, the 一次 and the 二次 have nothing to do.
    const correct = await tasksOf(`site-${PRIME}`);
    expect(correct).toEqual([
      {
        siteId: '9000000001',
        siteName: '○○ビル新築工事',
        workMonth: '2026-10',
        action: 'correct',
        label: '要修正の修正',
        importStatus: '要修正',
        dueOn: '2026-11-30',
        overdueDays: 0,
      },
    ]);
    for (const u of [`clerk-${PRIME}`, 'owner-2000000001', 'owner-3000000001'])
      expect(await tasksOf(u), u).toEqual([]);

    const prime = await as(`owner-${PRIME}`);
    for (const [route, body] of [
      ['company', { companyId: '30000000000001', contractorNo: '3000000001' }],
      ['first-tier', { companyId: '30000000000001', firstTierCompanyId: '20000000000001' }],
      ['worker', { workerId: '42000000000002', memberNo: '5000000003' }],
      ['force-import', { workerId: '42000000000001', identityConfirmed: true }],
    ] as const)
      expect((await call(prime, 'POST', `${MONTH}/corrections/${route}`, body)).status).toBe(200);
    expect((await call(prime, 'POST', `${MONTH}/revalidate`)).status).toBe(202);
    await dispatchTwice();
    // 報告依頼 to each 一次 (its users), nobody at the prime.
    expect(await newMails()).toEqual({
      'report-request': ['owner-2000000001', 'owner-2000000002'].map(at),
    });

    // Tasks at 一次 reports: each 一次 its own chain's report, the prime (whatever its role) and the 二次 none.
    const first = await tasksOf('owner-2000000001');
    expect(first).toEqual([
      expect.objectContaining({ action: 'report', label: '報告する', firstTierCompanyId: '20000000000001' }),
    ]);
    expect((await tasksOf('owner-2000000002')).map((t) => t.firstTierCompanyId)).toEqual(['20000000000002']);
    for (const u of [`owner-${PRIME}`, `admin-${PRIME}`, 'owner-3000000001'])
      expect(await tasksOf(u), u).toEqual([]);

    expect(
      (
        await call(await as('owner-2000000001'), 'POST', `${MONTH}/report`, {
          firstTierCompanyId: '20000000000001',
        })
      ).status,
    ).toBe(200);
    expect(await tasksOf('owner-2000000001')).toEqual([]);
    expect(
      (
        await call(await as('owner-2000000002'), 'POST', `${MONTH}/report`, {
          firstTierCompanyId: '20000000000002',
        })
      ).status,
    ).toBe(200);
    await dispatchTwice();
    expect(await newMails()).toEqual({ 'apply-request': MANAGERS });
    expect((await tasksOf(`admin-${PRIME}`)).map((t) => t.action)).toEqual(['apply']);
    expect(await tasksOf(`clerk-${PRIME}`)).toEqual([]);

    // 申請 by the 現場管理者; a dispatcher dies after sending the 承認依頼 mails and before marking the
    // message: the next run sends none of them again.
    expect((await call(await as(`site-${PRIME}`), 'POST', `${MONTH}/apply`)).status).toBe(200);
    await server.runtime.sfn.settled();
    const deps = server.runtime.notices.dispatchDeps();
    const crashing = Object.create(deps.notices) as DynamoNoticeStore;
    crashing.complete = async () => {
      throw new Error('process killed');
    };
    await expect(dispatchNotices({ ...deps, notices: crashing })).rejects.toThrow('process killed');
    expect(await newMails()).toEqual({ 'approve-request': APPROVERS });
    // After the dead run's lease (60 s on the functions' fixed clock) another run finishes the message.
    const later = new Date(Date.parse('2026-11-12T01:00:00Z') + 2 * 60_000);
    expect(await dispatchNotices({ ...deps, now: () => later })).toMatchObject({ delivered: 1, mails: 0 });
    expect(await newMails()).toEqual({});

    // Tasks at 承認: 事業者責任者 and 管理者 approve; the 現場管理者 who applied does not.
    const approve = await tasksOf(`admin-${PRIME}`);
    expect(approve).toEqual([
      expect.objectContaining({
        action: 'approve',
        label: '承認する',
        importStatus: '予約可能',
        applicationStatus: '申請',
      }),
    ]);
    expect(await tasksOf(`site-${PRIME}`)).toEqual([]);

    expect((await call(await as(`admin-${PRIME}`), 'POST', `${MONTH}/approve`)).status).toBe(200);
    await dispatchTwice();
    // 充当完了: the 事業者責任者, the applicant (現場管理者) and the approver (管理者) of the prime, and each
    // 一次's 事業者責任者 with its own chain's totals; 第15条 records to the operators when a member's
    // months crossed 12 or a multiple of 60.
    const charged = await newMails();
    expect(charged.charged).toEqual(
      [`admin-${PRIME}`, `owner-${PRIME}`, `site-${PRIME}`, 'owner-2000000001', 'owner-2000000002']
        .map(at)
        .sort(),
    );
    expect(Object.keys(charged).filter((k) => k !== 'charged' && k !== 'member-milestone')).toEqual([]);
    for (const to of charged['member-milestone'] ?? []) expect(to).toBe('operators@example.invalid');
    for (const u of USERS) expect(await tasksOf(u.userId), u.userId).toEqual([]);

    // Each mail once: one per message × address; nobody outside the expected people got anything.
    const all = await mails();
    expect(new Set(all.map((m) => `${m.messageId} ${m.to}`)).size).toBe(all.length);
    const expected = new Set([...USERS.map((u) => at(u.userId)), 'operators@example.invalid']);
    expect(all.filter((m) => !expected.has(m.to))).toEqual([]);
    expect(all.filter((m) => m.to === at(`clerk-${PRIME}`) || m.to === at('owner-3000000001'))).toEqual([]);
    // In the order of the month, stage after stage (the two notices of the file's arrival share one instant
    // on the fixed clock, so they are one stage here).
    const stageOf: Record<string, number> = {
      'file-received': 0,
      'needs-correction': 0,
      'report-request': 1,
      'apply-request': 2,
      'approve-request': 3,
      charged: 4,
      'member-milestone': 4,
    };
    const stages = all.map((m) => stageOf[m.kind]);
    expect(stages).toEqual([...stages].sort());
    expect(new Set(stages)).toEqual(new Set([0, 1, 2, 3, 4]));
    for (const m of all) {
      expect(m).toMatchObject({ siteId: '9000000001', workMonth: '2026-10' });
      expect(m.text).toContain(`${server.url}/sites/9000000001/months/2026-10`);
    }
  });

  it('no mail carries a 被共済者番号 or a worker name from the file (totals only)', async () => {
    const all = await mails();
    expect(all.length).toBeGreaterThan(0);
    const csv = new TextDecoder('shift_jis').decode(readFileSync(resolve(FIXTURE, 'ccus.csv')));
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    const forbidden = new Set<string>();
    for (const r of rows) {
      for (const k of ['被共済者番号', '技能者セイ', '技能者メイ']) if (r[k]) forbidden.add(r[k]!);
      if (r.技能者セイ && r.技能者メイ) forbidden.add(`${r.技能者セイ}${r.技能者メイ}`);
    }
    for (const m of master.members) {
      forbidden.add(m.memberNo);
      forbidden.add(m.kanaFamily);
    }
    // The number registered by correction, too.
    forbidden.add('5000000003');
    expect(forbidden.size).toBeGreaterThan(5);
    for (const m of all)
      for (const f of forbidden) expect(`${m.subject}\n${m.text}`, `${m.kind} to ${m.to}`).not.toContain(f);
  });

  it("GET /v1/me/notices: a user's mails, newest first, paged; nothing for a user never written to", async () => {
    const owner = await as(`owner-${PRIME}`);
    const p1 = await call(owner, 'GET', '/v1/me/notices?limit=2');
    expect(p1.status).toBe(200);
    expect(p1.body.items).toHaveLength(2);
    expect(Object.keys(p1.body.items[0]).sort()).toEqual(
      ['createdAt', 'id', 'kind', 'sentAt', 'siteId', 'subject', 'text', 'workMonth'].sort(),
    );
    // (The functions' clock is fixed here, so every notice has the same createdAt: the order within one
    // instant is the store's; newest-first over distinct times is checked in the dispatcher's tests.)
    const items = [...p1.body.items];
    let cursor: string | undefined = p1.body.nextCursor;
    while (cursor) {
      const next = await call(owner, 'GET', `/v1/me/notices?limit=2&cursor=${cursor}`);
      items.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    const mine = (await mails()).filter((m) => m.to === at(`owner-${PRIME}`));
    expect(items).toHaveLength(mine.length);
    expect(items.map((i) => i.createdAt)).toEqual(
      items
        .map((i) => i.createdAt)
        .sort()
        .reverse(),
    );
    expect((await call(await as(`clerk-${PRIME}`), 'GET', '/v1/me/notices')).body).toEqual({ items: [] });
    // Another user's cursor is refused, not followed.
    const bad = await call(
      await as(`admin-${PRIME}`),
      'GET',
      `/v1/me/notices?limit=2&cursor=${p1.body.nextCursor}`,
    );
    expect(bad.status).toBe(400);
  });
});
