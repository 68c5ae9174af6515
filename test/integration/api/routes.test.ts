// Every route of the approval API against moto_server: the real repositories, a recording stand-in for
// Step Functions, events shaped as API Gateway delivers them.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { unregisteredTemplate } from '../../../functions/shared/ccus/excel.js';
import { keys } from '../../../functions/shared/storage/keys.js';
import { documentClientOf, dynamoClient, freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient } from './http.js';
import {
  CO,
  depsOf,
  FIRST_A,
  FIRST_B,
  member,
  NOTIFIER,
  NOW,
  OPEN,
  OTHER,
  OTHER_SITE,
  PRIME,
  READY,
  type Recorder,
  recordingExecutions,
  SECOND,
  SITE,
  seedWorld,
  user,
  waitFor,
} from './world.js';

let moto: Moto;
let deps: ApiDeps;
let sfn: Recorder;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'api');
  sfn = recordingExecutions();
  deps = depsOf(store, sfn);
  await seedWorld(store, deps);
});
afterAll(() => moto?.stop());

const as = (claims: Parameters<typeof apiClient>[0]) => apiClient(claims, deps);
const boss = () => as(user(PRIME, '事業者責任者'));
const kanri = () => as(user(PRIME, '管理者'));
const open = `/v1/sites/${SITE}/months/${OPEN}`;
const ready = `/v1/sites/${SITE}/months/${READY}`;

describe('sites (電子申請現場設定)', () => {
  const body = {
    name: '△△現場',
    linkMethod: 'manual',
    outputMethod: '元請一括',
    accumulationStart: '2026-05-01',
    accumulationEnd: '2027-04-30',
    linkedOn: '2026-05-01',
  };

  it('registers (201), edits (200, creator kept), lists 個人表示 / 全件表示 and deletes', async () => {
    const genba = as(user(PRIME, '現場管理者', 'genba-1'));
    const created = await genba.send('PUT', '/v1/sites/8100000002', body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      siteId: '8100000002',
      primeContractorNo: PRIME,
      createdBy: 'genba-1',
    });
    const edited = await kanri().send('PUT', '/v1/sites/8100000002', { ...body, outputMethod: '一次一括' });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ outputMethod: '一次一括', createdBy: 'genba-1' });

    const mine = await genba.get('/v1/sites', { view: 'mine' });
    expect(mine.json.sites.map((s: { siteId: string }) => s.siteId)).toEqual(['8100000002']);
    const all = await genba.get('/v1/sites');
    expect(all.json.view).toBe('all');
    // 連携方法／出力方法／現場ID の昇順: auto before manual.
    expect(all.json.sites.map((s: { siteId: string }) => s.siteId)).toEqual([SITE, '8100000002']);

    // Only the 事業者責任者 or the person who set it up may delete it.
    expect((await kanri().send('DELETE', '/v1/sites/8100000002')).status).toBe(403);
    const deleted = await genba.send('DELETE', '/v1/sites/8100000002');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ siteId: '8100000002', deleted: true });
    expect((await genba.get('/v1/sites')).json.sites.map((s: { siteId: string }) => s.siteId)).toEqual([
      SITE,
    ]);
    expect((await genba.send('DELETE', '/v1/sites/8100000002')).status).toBe(404);
    // The item stays (months already running still reach their prime); registering again works.
    expect((await deps.registry.getSite('8100000002'))?.deletedBy).toBe('genba-1');
    expect((await boss().send('PUT', '/v1/sites/8100000002', body)).status).toBe(201);
    expect((await boss().send('DELETE', '/v1/sites/8100000002')).status).toBe(200);
  });

  it("refuses a period that ends before it starts (400) and another contractor's site (R-SITE-OWNER: 409)", async () => {
    const bad = await boss().send('PUT', '/v1/sites/8100000003', { ...body, accumulationEnd: '2026-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.title).toBe('入力内容に誤りがあります');
    expect(bad.json.errors[0]).toMatchObject({ in: 'body', path: 'accumulationEnd' });
    expect((await boss().send('PUT', `/v1/sites/${OTHER_SITE}`, body)).status).toBe(409);
  });
});

describe('取込結果 and 就労実績', () => {
  it('shows the month to the prime: status, labelled flags, counts, the wait (never its token)', async () => {
    await waitFor(deps, SITE, OPEN, 'Corrections', 'I-OPEN', 'secret-token-1');
    const r = await boss().get(open);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      relation: 'own',
      import: { importId: 'I-OPEN', status: '要修正', outputMethod: '一次一括' },
      counts: { lines: 4, workers: 4, days: 20, points: 6_400 },
      wait: { kind: 'Corrections', label: '要修正の修正待ち（確認・予約登録）', deadline: '2026-11-30' },
      application: null,
    });
    expect(r.json.import.flags.map((f: { label: string }) => f.label)).toEqual([
      '技能者情報編集',
      '技能者情報編集',
    ]);
    expect(r.raw.body).not.toContain('secret-token-1');
  });

  it('shows a 一次 its own chain only (its workers and its lower tiers), lines and flags alike', async () => {
    const a = await as(user(FIRST_A, '担当者')).get(`${open}/lines`);
    expect(a.json.lines.map((l: { workerId: string }) => l.workerId).sort()).toEqual([
      '42000000000001',
      '43000000000001',
    ]);
    const b = await as(user(FIRST_B, '担当者')).get(`${open}/lines`);
    expect(b.json.lines.map((l: { workerId: string }) => l.workerId)).toEqual(['42000000000002']);
    const second = await as(user(SECOND, '担当者')).get(`${open}/lines`);
    expect(second.json.lines.map((l: { workerId: string }) => l.workerId)).toEqual(['43000000000001']);
    const monthA = await as(user(FIRST_A, '担当者')).get(open);
    expect(monthA.json.relation).toBe('chain');
    expect(monthA.json.import.flags.map((f: { workerId: string }) => f.workerId)).toEqual(['42000000000001']);
    expect(monthA.json.counts.lines).toBe(2);
    expect((await boss().get(`${open}/lines`)).json.lines).toHaveLength(4);
  });

  it('adjusts a line: down drops the latest dates; up needs the dates; refused after 申請', async () => {
    const key = { workerId: '41000000000001', employerCompanyId: CO.prime };
    const down = await boss().post(`${open}/lines/adjust`, { ...key, days: 3, reason: '休工日の誤登録' });
    expect(down.status).toBe(200);
    expect(down.json.line).toMatchObject({
      days: 3,
      points: 960,
      dates: ['2026-10-01', '2026-10-02', '2026-10-03'],
    });
    expect(down.json.line.adjustments.at(-1)).toMatchObject({
      fromDays: 5,
      toDays: 3,
      reason: '休工日の誤登録',
    });
    const up = await boss().post(`${open}/lines/adjust`, { ...key, days: 4, reason: '追加' });
    expect(up.status).toBe(400);
    const withDates = await boss().post(`${open}/lines/adjust`, {
      ...key,
      days: 4,
      reason: '就労日の追加',
      dates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-20'],
    });
    expect(withDates.json.line).toMatchObject({ days: 4, points: 1_280 });
    const outside = await boss().post(`${open}/lines/adjust`, {
      ...key,
      days: 1,
      reason: 'x',
      dates: ['2026-11-01'],
    });
    expect(outside.status).toBe(400);
    const missing = await boss().post(`${open}/lines/adjust`, {
      workerId: '49999999999999',
      employerCompanyId: CO.prime,
      days: 1,
      reason: 'x',
    });
    expect(missing.status).toBe(404);
  });
});

describe('corrections (要修正) and 確認・予約登録', () => {
  it('事業者取込方法選択 / 同現場複数一次選択 / 技能者情報編集 / 強制取込 / 同日複数所属 are recorded', async () => {
    const c = await boss().post(`${open}/corrections/company`, {
      companyId: CO.second,
      contractorNo: SECOND,
    });
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({ recorded: true, correction: 'company' });
    const f = await boss().post(`${open}/corrections/first-tier`, {
      companyId: CO.second,
      firstTierCompanyId: CO.firstB,
    });
    expect(f.status).toBe(200);
    const w = await boss().post(`${open}/corrections/worker`, {
      workerId: '42000000000002',
      memberNo: member(3),
    });
    expect(w.status).toBe(200);
    const force = await boss().post(`${open}/corrections/force-import`, {
      workerId: '42000000000001',
      identityConfirmed: true,
    });
    expect(force.status).toBe(200);
    const d = await boss().post(`${open}/corrections/double-employer`, {
      workerId: '43000000000001',
      reason: '午前と午後で別の所属',
    });
    expect(d.status).toBe(200);

    const view = await deps.registryLoader.load({
      siteId: SITE,
      workMonth: OPEN,
      contractorNos: [],
      memberNos: [],
      companyIds: [CO.second],
      workerIds: ['42000000000002'],
      primeContractorNo: PRIME,
    });
    // R-MAPPING-SCOPE: remembered as the prime's corrections, not as the registry's numbers.
    expect(view.companyCorrection(CO.second)).toBe(SECOND);
    expect(view.workerCorrection('42000000000002')).toBe(member(3));
    expect(view.companyMapping(CO.second)).toBeUndefined();
    expect(view.isForcedImport(SITE, '42000000000001')).toBe(true);
    expect(view.chosenFirstTier(SITE, CO.second)).toBe(CO.firstB);
    expect(view.isDoubleEmployerReviewed(SITE, OPEN, '43000000000001')).toBe(true);
  });

  it('refuses what the month does not contain (422) and a force import without the identity check (400)', async () => {
    expect(
      (
        await boss().post(`${open}/corrections/company`, {
          companyId: '39999999999999',
          contractorNo: SECOND,
        })
      ).status,
    ).toBe(422);
    expect(
      (await boss().post(`${open}/corrections/company`, { companyId: CO.second, contractorNo: '7777777777' }))
        .status,
    ).toBe(422);
    const tier = await boss().post(`${open}/corrections/first-tier`, {
      companyId: CO.firstA,
      firstTierCompanyId: CO.firstB,
    });
    expect(tier.status).toBe(422);
    const unknownMember = await boss().post(`${open}/corrections/worker`, {
      workerId: '42000000000002',
      memberNo: '5999999999',
    });
    expect(unknownMember.status).toBe(422);
    expect(unknownMember.raw.body).not.toContain('5999999999');
    const unchecked = await boss().post(`${open}/corrections/force-import`, {
      workerId: '42000000000001',
      identityConfirmed: false,
    });
    expect(unchecked.status).toBe(400);
  });

  it('revalidate resumes the Corrections wait (202); nothing waiting or expired → 409', async () => {
    await waitFor(deps, SITE, OPEN, 'Corrections', 'I-OPEN', 'token-corrections');
    const r = await boss().post(`${open}/revalidate`);
    expect(r.status).toBe(202);
    expect(sfn.resumed.map((x) => x.token)).toContain('token-corrections');
    const again = await boss().post(`${open}/revalidate`);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ title: '待機中ではありません', result: 'not-waiting' });
    await waitFor(deps, SITE, OPEN, 'Corrections', 'I-OPEN', 'expired-token');
    expect((await boss().post(`${open}/revalidate`)).json).toMatchObject({ status: 409, result: 'expired' });
  });
});

describe('報告, 申請, 承認 / 差戻し', () => {
  it('each 一次 reports for itself; the last report resumes the wait', async () => {
    await waitFor(deps, SITE, READY, 'FirstTierReports', 'I-READY');
    const a = await as(user(FIRST_A, '担当者')).post(`${ready}/report`, { firstTierCompanyId: CO.firstA });
    expect(a.json).toEqual({ firstTierCompanyId: CO.firstA, remaining: 1, resumed: 'waiting' });
    const forOther = await as(user(FIRST_A, '担当者')).post(`${ready}/report`, {
      firstTierCompanyId: CO.firstB,
    });
    expect(forOther.status).toBe(403);
    const b = await as(user(FIRST_B, '管理者')).post(`${ready}/report`, { firstTierCompanyId: CO.firstB });
    expect(b.json).toEqual({ firstTierCompanyId: CO.firstB, remaining: 0, resumed: 'resumed' });
  });

  it('申請 resumes the Application wait; 差戻し with a reason; 申請 again; 承認 — each decision recorded', async () => {
    await waitFor(deps, SITE, READY, 'Application', 'I-READY');
    const applied = await boss().post(`${ready}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.json.application).toMatchObject({
      status: '申請',
      points: 6_400,
      workers: 4,
      revision: 1,
    });
    // Lines are frozen by the application.
    const frozen = await boss().post(`${ready}/lines/adjust`, {
      workerId: '41000000000001',
      employerCompanyId: CO.prime,
      days: 1,
      reason: 'x',
    });
    expect(frozen.status).toBe(409);

    await waitFor(deps, SITE, READY, 'Approval', 'I-READY', 'token-approval-1');
    const rejected = await kanri().post(`${ready}/reject`, { reason: '日数を確認してください' });
    expect(rejected.json.application).toMatchObject({ status: '差戻し', reason: '日数を確認してください' });
    expect(sfn.resumed.find((x) => x.token === 'token-approval-1')?.output).toEqual({ decision: '差戻し' });

    // No wait stored yet (the cycle is between states): recorded, and the API says so.
    const reapplied = await boss().post(`${ready}/apply`);
    expect(reapplied.status).toBe(409);
    expect(reapplied.json).toMatchObject({ title: '待機中ではありません', decisionRecorded: true });
    expect(reapplied.json.application).toMatchObject({ status: '申請', revision: 2 });

    await waitFor(deps, SITE, READY, 'Approval', 'I-READY', 'token-approval-2');
    const approved = await kanri().post(`${ready}/approve`);
    expect(approved.json.application).toMatchObject({ status: '承認', decidedBy: `管理者-${PRIME}` });
    expect(sfn.resumed.find((x) => x.token === 'token-approval-2')?.output).toEqual({ decision: '承認' });
    const twice = await kanri().post(`${ready}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ title: '現在の状態では実行できません', code: 'refused-transition' });
  });
});

describe('points', () => {
  it('credits a payment once per paymentId and resumes the Purchase wait of approved months', async () => {
    // READY was approved above; the cycle would wait for a purchase if the balance were short.
    await waitFor(deps, SITE, READY, 'Purchase', 'I-READY', 'token-purchase');
    const body = {
      contractorNo: PRIME,
      paymentId: 'PE-0001',
      amount: 10_000,
      pointKind: 'regular',
      method: 'pay-easy',
    };
    const first = await as(NOTIFIER).post('/v1/payments', body);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      credited: true,
      balanceAfter: 110_000,
      resumed: [{ siteId: SITE, workMonth: READY, result: 'resumed' }],
    });
    const sameNotice = await as(NOTIFIER).post('/v1/payments', body);
    expect(sameNotice.json).toMatchObject({ credited: false, balanceAfter: 110_000 });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(110_000);
    expect((await boss().post('/v1/payments', body)).status).toBe(403);
    expect((await as(NOTIFIER).post('/v1/payments', { ...body, contractorNo: '7777777777' })).status).toBe(
      404,
    );
  });

  it('answers balances and a paged ledger, newest first', async () => {
    expect((await boss().get(`/v1/contractors/${PRIME}/balances`)).json).toEqual({
      contractorNo: PRIME,
      regular: 110_000,
      special: 0,
    });
    const p1 = await boss().get(`/v1/contractors/${PRIME}/ledger`, { limit: '1' });
    expect(p1.json.entries).toHaveLength(1);
    expect(p1.json.entries[0]).toMatchObject({ kind: 'purchase', refId: 'PE-0001', amount: 10_000 });
    const p2 = await boss().get(`/v1/contractors/${PRIME}/ledger`, {
      limit: '1',
      cursor: p1.json.nextCursor,
    });
    expect(p2.json.entries[0]).toMatchObject({ refId: 'opening-balance' });
    expect(p2.json.nextCursor).toBeNull();
    expect((await boss().get(`/v1/contractors/${OTHER}/balances`)).status).toBe(404);
  });

  it("tells an employer its member's 掛金納付状況 (第11条5), and nobody else", async () => {
    await deps.contributions.recordContributions(
      SITE,
      READY,
      [{ memberNo: member(2), employerCompanyId: CO.firstA, days: 5 }],
      '2026-11-13T00:00:00Z',
    );
    const r = await as(user(FIRST_A, '管理者')).get(`/v1/members/${member(2)}/statement`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      memberNo: member(2),
      days: 246,
      months: { whole: 11, rounded: 12 },
      eligibility: { eligible: false, requiredMonths: 12, missingDays: 6 },
      allowanceEstimate: { kind: 'none', yen: null },
      contributions: [{ workMonth: READY, siteId: SITE, days: 5 }],
    });
    expect((await as(user(FIRST_A, '担当者')).get(`/v1/members/${member(2)}/statement`)).status).toBe(403);
    expect((await as(user(FIRST_B, '管理者')).get(`/v1/members/${member(2)}/statement`)).status).toBe(404);
    expect((await as(user(FIRST_A, '管理者')).get('/v1/members/5999999999/statement')).status).toBe(404);
  });
});

describe('CCUS未登録技能者 (Excel)', () => {
  it('downloads the template as xlsx (base64 body, content type, file name)', async () => {
    const r = await boss().get(`${open}/unregistered-workers.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.headers['content-disposition']).toContain(`unregistered-workers-${SITE}-202610.xlsx`);
    expect(r.raw.isBase64Encoded).toBe(true);
    expect(Buffer.from(r.raw.body, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it("adds the sheet's workers as lines of the current import, marked 'excel'", async () => {
    const file = await unregisteredTemplate({ siteId: SITE, workMonth: OPEN }, [
      { contractorNo: SECOND, memberNo: member(7), kanaFamily: 'イトウ', kanaGiven: 'ゴロウ', days: 3 },
    ]);
    const r = await boss().post(`${open}/unregistered-workers`, { file: file.toString('base64') });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      importId: 'I-OPEN',
      added: 1,
      lines: [{ workerId: `EXCEL-${member(7)}`, employerCompanyId: CO.second, days: 3, points: 960 }],
    });
    const lines = (await boss().get(`${open}/lines`)).json.lines;
    const added = lines.find((l: { workerId: string }) => l.workerId === `EXCEL-${member(7)}`);
    expect(added).toMatchObject({ firstTierCompanyId: CO.firstA, tier: 2, dates: [], memberNo: member(7) });
    expect(added.adjustments).toEqual([expect.objectContaining({ fromDays: 0, toDays: 3, reason: 'excel' })]);
  });

  it('refuses a sheet of another contractor (422) and a file that is not a sheet (400)', async () => {
    const file = await unregisteredTemplate({ siteId: SITE, workMonth: OPEN }, [
      { contractorNo: OTHER, memberNo: member(8), kanaFamily: 'イトウ', kanaGiven: 'ゴロウ', days: 2 },
    ]);
    const r = await boss().post(`${open}/unregistered-workers`, { file: file.toString('base64') });
    expect(r.status).toBe(422);
    expect(r.json.errors[0]).toMatchObject({ row: 2, column: '雇用会社共済契約者番号' });
    const junk = await boss().post(`${open}/unregistered-workers`, {
      file: Buffer.from('not a workbook').toString('base64'),
    });
    expect(junk.status).toBe(400);
  });
});

describe('idempotency over the table', () => {
  const body = { workerId: '43000000000001', reason: '確認済み' };

  it('replays the first response for the same key and body; 422 for another body; 400 without a key', async () => {
    const key = 'idem-key-0001';
    const first = await boss().post(`${open}/corrections/double-employer`, body, key);
    const replay = await boss().post(`${open}/corrections/double-employer`, body, key);
    expect(replay.raw.body).toBe(first.raw.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await boss().post(`${open}/corrections/double-employer`, { ...body, reason: '別' }, key);
    expect(other.status).toBe(422);
    expect(other.json.title).toBe('Idempotency-Key が別の内容の要求に使われています');
    const none = await boss().post(`${open}/corrections/double-employer`, body, null);
    expect(none.status).toBe(400);
    expect(none.headers['content-type']).toBe('application/problem+json');
  });

  it('scopes keys by caller: another user with the same key is a new request', async () => {
    const key = 'idem-key-shared';
    const a = await boss().post(`${open}/corrections/double-employer`, body, key);
    const b = await kanri().post(`${open}/corrections/double-employer`, body, key);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores a 24 h TTL (expiresAt) on the record', async () => {
    await boss().post(`${open}/corrections/double-employer`, body, 'idem-key-ttl');
    const doc = documentClientOf(dynamoClient(moto.endpoint));
    const { Item } = await doc.send(
      new GetCommand({
        TableName: deps.tableName!,
        Key: keys.idempotency(`事業者責任者-${PRIME}`, 'idem-key-ttl'),
      }),
    );
    expect(Item?.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 86_400);
    expect(Item?.status).toBe('completed');
  });
});
