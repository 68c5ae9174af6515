// The audit trail through the API on moto_server: every write of the route table, made by its caller,
// leaves an audit record naming that caller (and the cycle's charge one naming the system); who may read
// which trail (operators all, a prime its sites and its contractor, a 一次 its own actions); pages, the
// CSV export, and no personal data in any record.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessMetric, MetricsPort } from '../../../domain/ports/registry.js';
import { SYSTEM_ACTORS } from '../../../domain/ports/storage.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { routeKeyOf } from '../../../functions/api/route.js';
import { ROUTES } from '../../../functions/api/routes.js';
import { s3UploadSigner } from '../../../functions/shared/aws/uploads.js';
import { unregisteredTemplate } from '../../../functions/shared/ccus/excel.js';
import { awaitPeople } from '../../../functions/shared/use-cases/await-people.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient, type Claims, type Reply } from './http.js';
import {
  CO,
  depsOf,
  FIRST_A,
  FIRST_B,
  member,
  NOTIFIER,
  OPEN,
  OTHER,
  OTHER_SITE,
  PRIME,
  READY,
  SECOND,
  SITE,
  seedWorld,
  user,
  waitFor,
} from './world.js';

let moto: Moto;
let deps: ApiDeps;
const counted: [BusinessMetric, number][] = [];
const metrics: MetricsPort = { count: (m, v = 1) => counted.push([m, v]) };

const boss = user(PRIME, '事業者責任者');
const kanri = user(PRIME, '管理者');
const genba = user(PRIME, '現場管理者');
const tanto = user(PRIME, '担当者');
const aTanto = user(FIRST_A, '担当者');
const aBoss = user(FIRST_A, '事業者責任者');
const bKanri = user(FIRST_B, '管理者');
const otherBoss = user(OTHER, '事業者責任者');
const OPERATOR: Claims = { sub: 'operator-1', groups: ['operators'] };

const open = `/v1/sites/${SITE}/months/${OPEN}`;
const ready = `/v1/sites/${SITE}/months/${READY}`;
const NEW_SITE = '8100000002';
const siteBody = {
  name: '△△現場',
  linkMethod: 'manual',
  outputMethod: '元請一括',
  accumulationStart: '2026-05-01',
  accumulationEnd: '2027-04-30',
  linkedOn: '2026-05-01',
};

const files = new Map<string, string>();

/** Each write made, by the route it took and the caller that made it. */
const writes: { route: string; actor: string; status: number }[] = [];

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'audit');
  deps = {
    ...depsOf(store),
    metrics,
    // Presigning is computed here, nothing is sent: the real signer, for a bucket that need not exist.
    uploads: s3UploadSigner({ bucket: 'audit-inbox' }),
    files: {
      open: async (_bucket, key) => {
        const text = files.get(key);
        if (text === undefined) throw new Error(`no file ${key}`);
        return (async function* () {
          yield new TextEncoder().encode(text);
        })();
      },
    },
  };
  await seedWorld(store, deps);
  // The user directory (as `users create` fills it): a 一次's trail is its users' actions.
  for (const c of [boss, kanri, genba, tanto, aTanto, aBoss, bKanri, otherBoss])
    await deps.registry.putUser({ userId: c.sub, contractorNo: c.contractorNo!, role: c.role! });
}, 60_000);
afterAll(() => moto?.stop());

const as = (claims: Claims) => apiClient(claims, deps);
const auditOf = (actor: string) => deps.audit!.byActor(actor);

/** A write that must succeed, and must add an audit record naming its caller. */
async function write(
  claims: Claims,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Reply> {
  const before = (await auditOf(claims.sub)).length;
  const r = await as(claims).send(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
  const after = await auditOf(claims.sub);
  expect(after.length, `${method} ${path} left no audit record for ${claims.sub}`).toBeGreaterThan(before);
  const route = ROUTES.find(
    (x) =>
      x.method === method &&
      new RegExp(`^${x.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  )!;
  writes.push({ route: routeKeyOf(route), actor: claims.sub, status: r.status });
  return r;
}

describe('every write is audited with its actor', () => {
  it('site settings, corrections, the sheet, 確認・予約登録, reports, 申請, 差戻し, 承認, the charge, a payment, a deletion', async () => {
    await write(genba, 'PUT', `/v1/sites/${NEW_SITE}`, siteBody);
    await write(kanri, 'PUT', `/v1/sites/${NEW_SITE}`, { ...siteBody, outputMethod: '一次一括' });

    // 要修正 month: its corrections.
    await write(boss, 'POST', `${open}/lines/adjust`, {
      workerId: '41000000000001',
      employerCompanyId: CO.prime,
      days: 3,
      reason: '休工日の誤登録',
    });
    await write(aBoss, 'POST', `${open}/corrections/company`, { companyId: CO.second, contractorNo: SECOND });
    await write(boss, 'POST', `${open}/corrections/first-tier`, {
      companyId: CO.second,
      firstTierCompanyId: CO.firstA,
    });
    await write(genba, 'POST', `${open}/corrections/worker`, {
      workerId: '42000000000002',
      memberNo: member(3),
    });
    await write(boss, 'POST', `${open}/corrections/force-import`, {
      workerId: '42000000000001',
      identityConfirmed: true,
    });
    await write(boss, 'POST', `${open}/corrections/double-employer`, {
      workerId: '43000000000001',
      reason: '午前と午後で別の所属',
    });
    await write(kanri, 'POST', `${open}/corrections/exclude`, {
      workerId: '42000000000002',
      reason: '未加入',
    });
    const sheet = await unregisteredTemplate({ siteId: SITE, workMonth: OPEN }, [
      { contractorNo: SECOND, memberNo: member(7), kanaFamily: 'イトウ', kanaGiven: 'ゴロウ', days: 3 },
    ]);
    await write(boss, 'POST', `${open}/unregistered-workers`, { file: sheet.toString('base64') });
    await waitFor(deps, SITE, OPEN, 'Corrections', 'I-OPEN', 'token-corrections');
    await write(genba, 'POST', `${open}/revalidate`);

    // 予約可能 month: reports, 申請, 差戻し, 申請, 承認.
    await waitFor(deps, SITE, READY, 'FirstTierReports', 'I-READY');
    await write(aTanto, 'POST', `${ready}/report`, { firstTierCompanyId: CO.firstA });
    await write(bKanri, 'POST', `${ready}/report`, { firstTierCompanyId: CO.firstB });
    await waitFor(deps, SITE, READY, 'Application', 'I-READY');
    await write(boss, 'POST', `${ready}/apply`);
    await waitFor(deps, SITE, READY, 'Approval', 'I-READY', 'token-approval-1');
    await write(kanri, 'POST', `${ready}/reject`, { reason: '日数を確認してください' });
    await waitFor(deps, SITE, READY, 'Application', 'I-READY', 'token-application-2');
    await write(boss, 'POST', `${ready}/apply`);
    await waitFor(deps, SITE, READY, 'Approval', 'I-READY', 'token-approval-2');
    await write(kanri, 'POST', `${ready}/approve`);

    // The cycle's DebitPoints after 承認: the charge is the system's, counted once.
    const charged = await debitPoints(deps, { siteId: SITE, workMonth: READY, importId: 'I-READY' });
    if (charged.status !== 'debited') throw new Error(`not debited: ${charged.status}`);
    expect(charged.replay).toBe(false);
    const charge = (await auditOf(SYSTEM_ACTORS.cycle)).filter((r) => r.action === 'charge');
    expect(charge).toHaveLength(1);
    expect(charge[0]).toMatchObject({
      siteId: SITE,
      workMonth: READY,
      subject: { applicationId: `${SITE}:${READY}`, contractorNo: PRIME, approvedBy: kanri.sub },
    });
    // A retried DebitPoints moves nothing and records nothing more.
    expect(await debitPoints(deps, { siteId: SITE, workMonth: READY, importId: 'I-READY' })).toMatchObject({
      replay: true,
    });
    expect((await auditOf(SYSTEM_ACTORS.cycle)).filter((r) => r.action === 'charge')).toHaveLength(1);
    expect(counted.filter(([m]) => m === 'MonthsCharged')).toEqual([['MonthsCharged', 1]]);
    expect(counted.filter(([m]) => m === 'PointsDebited')).toEqual([['PointsDebited', charged.points]]);

    await write(NOTIFIER, 'POST', '/v1/payments', {
      contractorNo: PRIME,
      paymentId: 'PE-AUDIT-1',
      amount: 10_000,
      pointKind: 'regular',
      method: 'pay-easy',
    });
    // The same notice again: credited nothing, so nothing more to audit.
    const before = (await auditOf(NOTIFIER.sub)).length;
    const replay = await as(NOTIFIER).post('/v1/payments', {
      contractorNo: PRIME,
      paymentId: 'PE-AUDIT-1',
      amount: 10_000,
      pointKind: 'regular',
      method: 'pay-easy',
    });
    expect(replay.json).toMatchObject({ credited: false });
    expect(await auditOf(NOTIFIER.sub)).toHaveLength(before);

    // 手動連携: who asked for an upload URL (the file is audited when it lands).
    await write(boss, 'POST', `${open}/upload`, { size: 1_024, contentType: 'text/csv' });
    // The 工事's contract facts (R-PURCHASE, R-PUBLIC40), the 決算期, stamps handed in (R-STAMPS).
    await write(kanri, 'PUT', `/v1/sites/${SITE}/contract`, {
      workName: '○○線道路改良工事',
      orderer: { kind: 'public', name: '○○県土木事務所' },
      contractAmount: 50_000_000,
      contractOn: '2026-04-01',
      workType: '土木・舗装',
      ratePerMille: '2.9',
      enrolmentPercent: '100',
    });
    await write(boss, 'PUT', `/v1/contractors/${PRIME}/settings`, { fiscalYearStartMonth: 4 });
    const stamps = {
      contractorNo: PRIME,
      conversionId: 'ST-AUDIT-1',
      pointKind: 'regular',
      handedInOn: '2026-06-30',
      lots: [{ colour: 'red', daysPerStamp: 1, dailyRate: 320, count: 5 }],
      points: 1_600,
    };
    await write(OPERATOR, 'POST', '/v1/stamps', stamps);
    const stampsBefore = (await auditOf(OPERATOR.sub)).length;
    expect((await as(OPERATOR).post('/v1/stamps', stamps)).json).toMatchObject({ credited: false });
    expect(await auditOf(OPERATOR.sub)).toHaveLength(stampsBefore);

    await write(genba, 'DELETE', `/v1/sites/${NEW_SITE}`);

    // Every write route of the table was taken above: a new write route fails here until it is audited.
    const writeRoutes = ROUTES.filter((r) => r.method !== 'GET').map(routeKeyOf);
    expect([...new Set(writes.map((w) => w.route))].sort()).toEqual([...writeRoutes].sort());
  });

  it('names the site setting, the payment and the revalidation by ids, with the action that happened', async () => {
    const site = (await deps.audit!.bySite(NEW_SITE)).map((r) => [r.action, r.actor]);
    expect(site).toEqual([
      ['create-site', genba.sub],
      ['edit-site', kanri.sub],
      ['delete-site', genba.sub],
    ]);
    const payment = (await auditOf(NOTIFIER.sub)).find((r) => r.action === 'credit-payment');
    expect(payment).toMatchObject({
      subject: { contractorNo: PRIME, paymentId: 'PE-AUDIT-1', amount: '10000', pointKind: 'regular' },
    });
    expect(payment?.siteId).toBeUndefined();
    const revalidate = (await auditOf(genba.sub)).find((r) => r.action === 'revalidate');
    expect(revalidate).toMatchObject({ siteId: SITE, workMonth: OPEN, subject: { importId: 'I-OPEN' } });
  });

  it('keeps names and 被共済者番号 out of every record', async () => {
    const all = [
      ...(await deps.audit!.bySite(SITE)),
      ...(await deps.audit!.bySite(NEW_SITE)),
      ...(await deps.audit!.global()),
    ];
    expect(all.length).toBeGreaterThan(15);
    const text = JSON.stringify(all);
    for (let n = 1; n <= 8; n++) expect(text).not.toContain(member(n));
    for (const name of ['ヤマダ', 'タロウ', 'イトウ', 'ゴロウ', '○○ビル新築工事', '△△現場'])
      expect(text).not.toContain(name);
    await expect(
      deps.audit!.append({ actor: 'x', action: 'test', subject: { memberNo: member(1) } }),
    ).rejects.toThrow(/memberNo/);
  });
});

const HEADER =
  '現場ID,現場名,対象年月,出力方法,元請事業者ID,一次事業者ID,所属事業者ID,所属事業者名,階層,共済契約者番号,技能者ID,技能者セイ,技能者メイ,被共済者番号,就業日,職種,立場';

/** Drops a file and runs the cycle's import task on it, as the state machine would. */
async function drop(workMonth: string, text: string, importId: string) {
  const key = `ccus/${SITE}/${workMonth.replace('-', '')}/${importId}.csv`;
  files.set(key, text);
  const input = { bucket: 'inbox', key, versionId: `v-${importId}`, siteId: SITE, workMonth, importId };
  return importWorkRecords(deps, input);
}

describe("the cycle's own writes: files received and refused", () => {
  it('records a file received (with its flags) and a file refused, by the inbox, counted once', async () => {
    counted.length = 0;
    // One prime worker, and one without a 被共済者番号 (F-WORKER-MISSING).
    const rows = [
      [SITE, '現場', '202608', '一次一括', CO.prime, '', CO.prime, '元請', 0, PRIME, '41000000000001'],
      [SITE, '現場', '202608', '一次一括', CO.prime, '', CO.prime, '元請', 0, PRIME, '41000000000002'],
    ].map((r, i) =>
      [...r, 'ヤマダ', 'タロウ', i === 0 ? member(1) : '', '2026-08-03', 'とび', '一般'].join(','),
    );
    const text = `${[HEADER, ...rows].join('\n')}\n`;
    const first = await drop('2026-08', text, 'I-AUG');
    expect(first).toMatchObject({ status: 'imported', flags: 1 });
    // The same event again (a retried task): nothing new is recorded or counted.
    await drop('2026-08', text, 'I-AUG');
    const received = (await auditOf(SYSTEM_ACTORS.ccus)).filter((r) => r.action === 'file-received');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      siteId: SITE,
      workMonth: '2026-08',
      subject: { importId: 'I-AUG', status: '要修正', flags: '1' },
    });
    expect(await drop('2026-07', 'not,a,ccus,file\n', 'I-JUL')).toMatchObject({ status: 'refused' });
    const refused = (await auditOf(SYSTEM_ACTORS.ccus)).filter((r) => r.action === 'file-refused');
    expect(refused.map((r) => [r.workMonth, r.subject.importId])).toEqual([['2026-07', 'I-JUL']]);
    expect(counted).toEqual([
      ['FilesReceived', 1],
      ['FlagsRaised', 1],
      ['FilesReceived', 1],
      ['FilesRefused', 1],
    ]);
    expect(JSON.stringify(await auditOf(SYSTEM_ACTORS.ccus))).not.toMatch(/ヤマダ|タロウ|5000000001/);
  });
});

describe('overdue waits', () => {
  it('counts WaitsOverdue for an overdue notice of a wait, not for its request or reminder', async () => {
    counted.length = 0;
    const wait = { waitKind: 'Corrections' as const, dueOn: '2026-11-30', siteId: SITE, workMonth: OPEN };
    const ids = { importId: 'I-OPEN' };
    await awaitPeople(deps, { ...wait, ...ids, notice: 'request', taskToken: 'token-w-1' });
    await awaitPeople(deps, { ...wait, ...ids, notice: 'reminder', taskToken: 'token-w-2' });
    await awaitPeople(deps, { ...wait, ...ids, notice: 'overdue', taskToken: 'token-w-3' });
    expect(counted).toEqual([['WaitsOverdue', 1]]);
  });
});

describe('who may read which audit trail', () => {
  const monthTrail = (c: Claims, path = ready, query?: Record<string, string>) =>
    as(c).get(`${path}/audit`, query);

  it("a prime's managers read the whole trail of their site-month, in time order; 担当者 may not (403)", async () => {
    const r = await monthTrail(boss);
    expect(r.status).toBe(200);
    expect(r.json.scope).toBe('all');
    const actions = r.json.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['report-first-tier', 'apply', 'reject', 'approve', 'charge']),
    );
    const actors = new Set(r.json.items.map((i: { actor: string }) => i.actor));
    expect(actors).toEqual(new Set([aTanto.sub, bKanri.sub, boss.sub, kanri.sub, SYSTEM_ACTORS.cycle]));
    const at = r.json.items.map((i: { at: string }) => i.at);
    expect(at).toEqual([...at].sort());
    expect((await monthTrail(tanto)).status).toBe(403);
  });

  it("a 一次's managers read only their own contractor's actions on a month of their chain; its 担当者 may not", async () => {
    const r = await monthTrail(aBoss);
    expect(r.status).toBe(200);
    expect(r.json.scope).toBe('own-actions');
    expect(r.json.items.map((i: { actor: string; action: string }) => [i.actor, i.action])).toEqual([
      [aTanto.sub, 'report-first-tier'],
    ]);
    // 一次 A corrected a company of its chain on the 要修正 month: that is its own action too.
    const onOpen = await monthTrail(aBoss, open);
    expect(onOpen.json.items.map((i: { actor: string }) => i.actor)).toEqual([aBoss.sub]);
    expect((await monthTrail(aTanto)).status).toBe(403);
  });

  it("another contractor's trail does not exist for the caller (404), the machine client reads none (403)", async () => {
    expect((await monthTrail(otherBoss)).status).toBe(404);
    expect((await as(boss).get(`/v1/sites/${OTHER_SITE}/months/${READY}/audit`)).status).toBe(404);
    expect((await as(boss).get(`/v1/contractors/${OTHER}/audit`)).status).toBe(404);
    expect((await monthTrail(NOTIFIER)).status).toBe(403);
    expect((await as(NOTIFIER).get(`/v1/contractors/${PRIME}/audit`)).status).toBe(403);
  });

  it('the operators read every trail, and may write nothing', async () => {
    const r = await monthTrail(OPERATOR);
    expect(r.status).toBe(200);
    expect(r.json.scope).toBe('all');
    expect(r.json.items).toEqual((await monthTrail(boss)).json.items);
    expect((await as(OPERATOR).get(`/v1/contractors/${OTHER}/audit`)).status).toBe(200);
    expect((await as(OPERATOR).send('POST', `${ready}/approve`)).status).toBe(403);
  });

  it("a contractor's trail: its users' actions, its sites' records and the payments credited to it", async () => {
    const r = await as(kanri).get(`/v1/contractors/${PRIME}/audit`, { limit: '500' });
    expect(r.status).toBe(200);
    const actions = new Set(r.json.items.map((i: { action: string }) => i.action));
    for (const a of [
      'create-site',
      'delete-site',
      'credit-payment',
      'charge',
      'approve',
      'report-first-tier',
    ])
      expect(actions).toContain(a);
    // 一次 A's own trail: its users' actions only (on the prime's site), nothing of the prime's.
    const a = await as(aBoss).get(`/v1/contractors/${FIRST_A}/audit`);
    expect(a.json.items.map((i: { actor: string }) => i.actor).sort()).toEqual([aBoss.sub, aTanto.sub]);
    expect((await as(aTanto).get(`/v1/contractors/${FIRST_A}/audit`)).status).toBe(403);
  });

  it('pages: following nextCursor reads the whole trail once, in order; a date range narrows it', async () => {
    const whole = (await as(kanri).get(`/v1/contractors/${PRIME}/audit`, { limit: '500' })).json.items;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(kanri).get(`/v1/contractors/${PRIME}/audit`, {
        limit: '4',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.json.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.json.items.map((i: { auditId: string }) => i.auditId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.map((i: { auditId: string }) => i.auditId));
    const none = await as(kanri).get(`/v1/contractors/${PRIME}/audit`, { to: '2000-01-01' });
    expect(none.json.items).toEqual([]);
    expect(
      (await as(kanri).get(`/v1/contractors/${PRIME}/audit`, { cursor: 'bm90LWEtY3Vyc29y' })).status,
    ).toBe(400);
  });

  it('exports CSV in UTF-8 with a BOM (Excel shows the Japanese), one line per record, same rules', async () => {
    const r = await as(boss).get(`${ready}/audit.csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toContain(`audit-${SITE}-${READY}.csv`);
    const bytes = Buffer.from(r.raw.body, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日時（日本時間）,操作者,操作,現場ID,対象年月,対象,理由,記録ID');
    expect(lines).toHaveLength((await monthTrail(boss, ready, { limit: '500' })).json.items.length + 1);
    expect(lines.some((l) => l.includes('reject') && l.includes('日数を確認してください'))).toBe(true);
    expect((await as(tanto).get(`${ready}/audit.csv`)).status).toBe(403);
    expect((await as(otherBoss).get(`/v1/contractors/${PRIME}/audit.csv`)).status).toBe(404);
    const own = await as(aBoss).get(`/v1/contractors/${FIRST_A}/audit.csv`);
    expect(Buffer.from(own.raw.body, 'base64').toString('utf8')).not.toContain(boss.sub);
  });
});
