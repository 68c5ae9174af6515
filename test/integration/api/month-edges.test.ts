// The approval API on moto_server for the month's edges: the site's 賃金支払日 moving R-DEADLINE (and with
// it when the prime may report for a silent 一次), 一次 corrections limited to its own open chain
// (R-FIRST-TIER), and 取り込まない refused for what has a contract or a membership (R-EXCLUDE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient } from './http.js';
import { CO, depsOf, FIRST_A, FIRST_B, OPEN, PRIME, READY, SITE, seedWorld, user } from './world.js';

let moto: Moto;
let deps: ApiDeps;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'edges');
  deps = depsOf(store);
  await seedWorld(store, deps);
});
afterAll(() => moto?.stop());

/** deps is set in beforeAll: the clients read it lazily. */
const lazyDeps = new Proxy({} as ApiDeps, { get: (_t, k) => deps[k as keyof ApiDeps] });
const as = (contractorNo: string, role: Parameters<typeof user>[1]) =>
  apiClient(user(contractorNo, role), lazyDeps);
const boss = as(PRIME, '事業者責任者');
const open = `/v1/sites/${SITE}/months/${OPEN}`;
const ready = `/v1/sites/${SITE}/months/${READY}`;
const site = {
  name: '○○ビル新築工事',
  linkMethod: 'auto',
  outputMethod: '一次一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};

describe('R-DEADLINE the site’s 賃金支払日 moves when the prime may report for a silent 一次 (R-FIRST-TIER)', () => {
  // The world's clock is 2026-11-13; the ready month is 2026-09.
  it('翌月払い: due 2026-11-30, so on 2026-11-13 the prime may not report for 一次 B yet (409)', async () => {
    const put = await boss.send('PUT', `/v1/sites/${SITE}`, { ...site, wagePayment: 'next-month' });
    expect(put.status).toBe(200);
    expect(put.json.wagePayment).toBe('next-month');
    const listed = (await boss.get('/v1/sites', { view: 'all' })).json.sites;
    expect(listed.find((s: { siteId: string }) => s.siteId === SITE)?.wagePayment).toBe('next-month');
    const r = await boss.post(`${ready}/report`, { firstTierCompanyId: CO.firstB });
    expect(r.status).toBe(409);
    expect(r.json.detail).toContain('報告期限（2026-11-30）');
    expect((await deps.workflow.reports(SITE, READY)).length).toBe(0);
  });

  it('same-month (or no setting): due 2026-10-31, past → the prime reports for B, recorded on behalf', async () => {
    expect((await boss.send('PUT', `/v1/sites/${SITE}`, { ...site, wagePayment: 'same-month' })).status).toBe(
      200,
    );
    const r = await boss.post(`${ready}/report`, { firstTierCompanyId: CO.firstB });
    expect(r.status, JSON.stringify(r.json)).not.toBe(409);
    const stored = (await deps.workflow.reports(SITE, READY)).find((x) => x.firstTierCompanyId === CO.firstB);
    expect(stored).toMatchObject({ reportedBy: `事業者責任者-${PRIME}`, onBehalfOf: CO.firstB });
    // Once reported, not again on its behalf.
    const again = await boss.post(`${ready}/report`, { firstTierCompanyId: CO.firstB });
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('報告済み');
  });

  it('a 一次 reporting for itself is never recorded as on behalf', async () => {
    const a = as(FIRST_A, '担当者');
    await a.post(`${ready}/report`, { firstTierCompanyId: CO.firstA });
    const stored = (await deps.workflow.reports(SITE, READY)).find((x) => x.firstTierCompanyId === CO.firstA);
    expect(stored?.reportedBy).toBe(`担当者-${FIRST_A}`);
    expect(stored?.onBehalfOf).toBeUndefined();
  });
});

describe('R-FIRST-TIER a 一次 corrects its own chain only', () => {
  it('一次 B enters the missing 被共済者番号 of its own worker; 一次 A may not (another chain)', async () => {
    const body = { workerId: '42000000000002', memberNo: '5000000003' };
    const byA = await as(FIRST_A, '管理者').post(`${open}/corrections/worker`, body);
    expect(byA.status).toBe(403);
    expect(byA.json.detail).toContain('自社（一次事業者）の系列');
    const byB = await as(FIRST_B, '管理者').post(`${open}/corrections/worker`, body);
    expect(byB.status, JSON.stringify(byB.json)).toBe(200);
  });

  it('a 一次 担当者 may not correct (managers only), and a 二次 is not a 一次', async () => {
    const body = { workerId: '42000000000001', identityConfirmed: true };
    expect((await as(FIRST_A, '担当者').post(`${open}/corrections/force-import`, body)).status).toBe(403);
    const second = await as('3000000001', '事業者責任者').post(`${open}/corrections/force-import`, body);
    expect(second.status).toBe(403);
    expect((await as(FIRST_A, '管理者').post(`${open}/corrections/force-import`, body)).status).toBe(200);
  });

  it('the 同現場複数一次選択 stays the prime’s (it decides between chains)', async () => {
    const r = await as(FIRST_A, '事業者責任者').post(`${open}/corrections/first-tier`, {
      companyId: CO.second,
      firstTierCompanyId: CO.firstA,
    });
    expect(r.status).toBe(403);
  });
});

describe('R-EXCLUDE 取り込まない is only for what has no contract or membership', () => {
  it('refuses a worker whose number is on file and a company not in the month (422); takes the flagged worker', async () => {
    const member = await boss.post(`${open}/corrections/exclude`, {
      workerId: '42000000000001',
      reason: 'x',
    });
    expect(member.status).toBe(422);
    const stranger = await boss.post(`${open}/corrections/exclude`, {
      companyId: '39999999999990',
      reason: 'x',
    });
    expect(stranger.status).toBe(422);
    expect((await boss.post(`${open}/corrections/exclude`, { workerId: '42000000000002' })).status).toBe(400);
    // 42000000000002 is flagged F-WORKER-MISSING in the stored import.
    const ok = await boss.post(`${open}/corrections/exclude`, {
      workerId: '42000000000002',
      reason: '建退共に未加入',
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({
      subject: 'worker',
      subjectId: '42000000000002',
      reason: '建退共に未加入',
    });
    const view = await deps.registryLoader.load({
      siteId: SITE,
      workMonth: OPEN,
      contractorNos: [],
      memberNos: [],
      companyIds: [],
      workerIds: ['42000000000002'],
    });
    expect(view.workerExclusion(SITE, OPEN, '42000000000002')).toMatchObject({ reason: '建退共に未加入' });
    expect(view.workerExclusion(SITE, READY, '42000000000002')).toBeUndefined();
  });
});
