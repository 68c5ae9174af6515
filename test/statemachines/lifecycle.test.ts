// A month that always ends: a newer file at each state of the month (R-REPLACE) and after the charge
// (R-LATE-DAYS, R-MISPAID), run on the embedded local stack (the synthesized definition, the real
// handlers, moto_server), driven through the cycle's actions and the approval API. Each scenario ends
// with every execution of its site-month in a final state, none RUNNING, and the ledger equal to what
// the lifecycle model decided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedAmount } from '../../domain/ledger.js';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { creditPurchase } from '../../functions/shared/use-cases/credit-payment.js';
import { debitPoints } from '../../functions/shared/use-cases/debit-points.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { loadMonth } from '../../functions/shared/use-cases/month/lifecycle.js';
import { recordContributions } from '../../functions/shared/use-cases/record-contributions.js';
import { reportFirstTier } from '../../functions/shared/use-cases/report-first-tier.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../integration/api/http.js';
import { deps, executionOf, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function drop(s: Scenario, csv: Buffer = s.csv) {
  const r = await rt.dropFile(s.key, csv);
  await rt.sfn.settled();
  return r;
}

function latest(s: Scenario) {
  return executionOf(rt, s).at(-1)!;
}

async function settle() {
  await rt.sfn.settled();
}

async function applyAndApprove(s: Scenario) {
  await apply(deps(), s.siteId, s.workMonth, 'prime-user');
  await settle();
  await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
  await settle();
}

/** The month's ledger movements (its applications' refIds), signed. */
async function movements(s: Scenario) {
  const id = `${s.siteId}:${s.workMonth}`;
  return (await deps().ledger.entries(s.prime, 'regular')).filter(
    (e) => e.kind !== 'purchase' && (e.refId === id || e.refId.startsWith(`${id}:`)),
  );
}

/**
 * Every execution of the site-month ended (none RUNNING), the latest in `last`; the ledger moved what
 * the model says stands charged (Σ movements = −chargedPoints) and reconciles.
 */
async function endedWith(s: Scenario, last: string, chargedPoints: number) {
  const execs = executionOf(rt, s);
  expect(execs.filter((e) => e.status === 'RUNNING')).toEqual([]);
  expect(execs.every((e) => e.status === 'SUCCEEDED')).toBe(true);
  expect(execs.at(-1)?.states.at(-1)).toBe(last);
  for (const e of execs.slice(0, -1))
    expect(['Superseded', 'Charged', 'NoDifference']).toContain(e.states.at(-1));
  const { month } = await loadMonth(deps(), s.siteId, s.workMonth);
  expect(month.state).toBe('充当済');
  expect(month.chargedPoints).toBe(chargedPoints);
  const sum = (await movements(s)).reduce((n, e) => n + signedAmount(e), 0);
  expect(sum).toBe(-chargedPoints);
  expect((await deps().ledger.reconcile(s.prime, 'regular')).ok).toBe(true);
  // One debit per application: no refId twice.
  const refs = (await movements(s)).map((e) => `${e.kind}:${e.refId}`);
  expect(new Set(refs).size).toBe(refs.length);
}

/** A worker's member days (第14条1) and the days recorded for this site-month. */
async function daysOfWorker(s: Scenario, workerId: string) {
  const imp = await deps().imports.currentImport(s.siteId, s.workMonth);
  const line = (await deps().imports.lines(s.siteId, s.workMonth, imp!.importId)).find(
    (l) => l.workerId === workerId && l.memberNo,
  );
  const memberNo = line!.memberNo!;
  const member = (await deps().registry.getMember(memberNo))!.days;
  const month = (await deps().contributions.contributionsOf(memberNo))
    .filter((c) => c.siteId === s.siteId && c.workMonth === s.workMonth)
    .reduce((n, c) => n + c.days, 0);
  return { member, month };
}

const EOL = /\r?\n/;
function rowOf(csv: string, workerId: string, date: string): string {
  const row = csv.split(EOL).find((l) => l.includes(`,${workerId},`) && l.includes(`,${date},`));
  if (!row) throw new Error(`no row ${workerId} ${date}`);
  return row;
}
/** The same file with one more work date for a worker (a day found late). */
function withExtraDay(s: Scenario, workerId: string, from: string, to: string): Buffer {
  const text = s.csv.toString('utf8');
  const row = rowOf(text, workerId, from);
  return Buffer.from(text.replace(row, `${row}\r\n${row.replace(`,${from},`, `,${to},`)}`));
}
/** The same file without one work date of a worker (a day charged in error). */
function withoutDay(s: Scenario, workerId: string, date: string): Buffer {
  const text = s.csv.toString('utf8');
  const row = rowOf(text, workerId, date);
  return Buffer.from(
    text
      .split(EOL)
      .filter((l) => l !== row)
      .join('\r\n'),
  );
}

describe('R-REPLACE: a newer file before the charge, at each state of the month', () => {
  it('R-REPLACE at 要修正: the old execution ends Superseded, the month starts over and is charged once', async () => {
    const s = scenario('corrections');
    await seed(s);
    await drop(s);
    const first = latest(s);
    expect(first.states.at(-1)).toBe('AwaitCorrections');
    await drop(s);
    expect(first.status).toBe('SUCCEEDED');
    expect(first.states.at(-1)).toBe('Superseded');
    expect(latest(s).states.at(-1)).toBe('AwaitCorrections');
    const d = deps();
    await d.corrections.mapCompany('30000000000001', '3000000001', {
      by: 'prime-user',
      siteId: s.siteId,
      primeContractorNo: s.prime,
    });
    await d.corrections.chooseFirstTier(s.siteId, '30000000000001', '20000000000001', { by: 'prime-user' });
    await d.corrections.mapWorker('42000000000002', '5000000003', {
      by: 'prime-user',
      siteId: s.siteId,
      primeContractorNo: s.prime,
    });
    await d.corrections.forceImport(s.siteId, '42000000000001', { by: 'prime-user', reason: '本人確認済み' });
    const prime = apiClient({ sub: `boss-${s.prime}`, contractorNo: s.prime, role: '事業者責任者' });
    const month = `/v1/sites/${s.siteId}/months/${s.workMonth}`;
    expect((await prime.post(`${month}/revalidate`, {})).status).toBeLessThan(300);
    await settle();
    expect(latest(s).states.at(-1)).toBe('AwaitApplication');
    const lines = await d.imports.lines(
      s.siteId,
      s.workMonth,
      (await d.imports.currentImport(s.siteId, s.workMonth))!.importId,
    );
    const points = lines.reduce((n, l) => n + l.points, 0);
    await applyAndApprove(s);
    await endedWith(s, 'Charged', points);
  });

  it('R-REPLACE awaiting 一次 reports: reports of the old file do not count for the new one', async () => {
    const s = scenario('basic-utf8', {
      csv: (t) => t.split('元請一括').join('一次一括'),
      master: (m) => {
        for (const site of m.sites) site.outputMethod = '一次一括';
      },
    });
    await seed(s);
    // Sato works for the 一次 20000000000001 (共済契約者 2000000001).
    await deps().registry.putUser({ userId: 'sato-user', contractorNo: '2000000001', role: '担当者' });
    await drop(s);
    await reportFirstTier(deps(), s.siteId, s.workMonth, '20000000000001', 'sato-user');
    const first = latest(s);
    await drop(s);
    expect(first.states.at(-1)).toBe('Superseded');
    expect(latest(s).states.at(-1)).toBe('AwaitFirstTierReports');
    // Sato had reported the replaced file: Sato's company is told why it starts over, and the prime.
    const withdrawn = (await outboxOf(s)).filter((m) => m.notice === 'withdrawn').map((m) => m.to);
    expect(withdrawn.sort()).toEqual(['2000000001', s.prime].sort());
    expect(await reportFirstTier(deps(), s.siteId, s.workMonth, '20000000000001', 'sato-user')).toMatchObject(
      {
        remaining: 1,
      },
    );
    await reportFirstTier(deps(), s.siteId, s.workMonth, '20000000000002', 'suzuki-user');
    await settle();
    await applyAndApprove(s);
    await endedWith(s, 'Charged', 16_000);
  });

  it('R-REPLACE at 申請: the application is withdrawn (取下げ), the applicant told, a new 申請 is accepted', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await settle();
    const first = latest(s);
    expect(first.states.at(-1)).toBe('AwaitApproval');
    await drop(s);
    expect(first.states.at(-1)).toBe('Superseded');
    const app = await deps().workflow.getApplication(s.siteId, s.workMonth);
    expect(app).toMatchObject({ status: '取下げ', importId: (first.input as { importId: string }).importId });
    expect(app?.reason).toContain('新しい就業履歴ファイル');
    const notices = (await outboxOf(s)).filter((m) => m.notice === 'withdrawn');
    // Addressed to the applicant's company (the prime), once; the mail reaches the applicant by appliedBy.
    expect(notices.map((m) => m.to)).toEqual([s.prime]);
    expect(latest(s).states.at(-1)).toBe('AwaitApplication');
    await applyAndApprove(s);
    await endedWith(s, 'Charged', 16_000);
  });

  it('R-REPLACE at 承認 (recorded, not yet debited): no debit for the old file; the new one is charged once', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await settle();
    // The 承認 is recorded while the execution has not taken it yet.
    await deps().workflow.approve(s.siteId, s.workMonth, { by: 'prime-boss' }, new Date().toISOString());
    expect((await loadMonth(deps(), s.siteId, s.workMonth)).month.state).toBe('承認');
    const first = latest(s);
    await drop(s);
    expect(first.states.at(-1)).toBe('Superseded');
    expect(await movements(s)).toEqual([]);
    const told = (await outboxOf(s)).filter((m) => m.notice === 'withdrawn').map((m) => m.to);
    expect(told).toEqual([s.prime]);
    await applyAndApprove(s);
    await endedWith(s, 'Charged', 16_000);
  });

  it('R-REPLACE a debit that crossed the withdrawal goes back as a rebate; the new file is debited under a new application id', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await settle();
    await deps().workflow.approve(s.siteId, s.workMonth, { by: 'prime-boss' }, new Date().toISOString());
    const old = (await deps().workflow.getApplication(s.siteId, s.workMonth))!;
    const oldIds = { siteId: s.siteId, workMonth: s.workMonth, importId: old.importId };
    // The old execution's debit lands just before the newer file withdraws its application.
    await deps().ledger.debit({
      contractorNo: s.prime,
      pointKind: 'regular',
      applicationId: old.applicationId,
      amount: old.points,
    });
    await drop(s);
    expect(await debitPoints(deps(), oldIds)).toEqual({ status: 'superseded' });
    expect(await debitPoints(deps(), oldIds)).toEqual({ status: 'superseded' });
    const rebates = (await movements(s)).filter((e) => e.kind === 'rebate');
    expect(rebates.map((e) => [e.refId, e.amount])).toEqual([[old.applicationId, 16_000]]);
    const { application } = await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    expect(application.applicationId).toBe(`${s.siteId}:${s.workMonth}:2`);
    await settle();
    await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
    await settle();
    await endedWith(s, 'Charged', 16_000);
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000);
  });

  it('R-REPLACE awaiting a purchase: the Purchase wait ends too; the new file is charged after the purchase', async () => {
    const s = scenario('basic-utf8', {
      master: (m) => {
        m.contractors[0]!.points = 10_000;
      },
    });
    await seed(s);
    await drop(s);
    await applyAndApprove(s);
    const first = latest(s);
    expect(first.states.at(-1)).toBe('AwaitPurchase');
    await drop(s);
    expect(first.status).toBe('SUCCEEDED');
    expect(first.states.at(-1)).toBe('Superseded');
    expect(await deps().waits.get(s.siteId, s.workMonth, 'Purchase')).toBeUndefined();
    expect(latest(s).states.at(-1)).toBe('AwaitApplication');
    await applyAndApprove(s);
    expect(latest(s).states.at(-1)).toBe('AwaitPurchase');
    await creditPurchase(deps(), { contractorNo: s.prime, paymentId: `pe-${s.siteId}`, amount: 10_000 }, [
      { siteId: s.siteId, workMonth: s.workMonth },
    ]);
    await settle();
    await endedWith(s, 'Charged', 16_000);
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(4_000);
  });
});

describe('R-REPLACE through the approval API', () => {
  it('R-REPLACE 申請 through the API, a newer file, 申請 again: the month view starts over and the history shows the 取下げ', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    const prime = apiClient({ sub: `boss-${s.prime}`, contractorNo: s.prime, role: '事業者責任者' });
    const month = `/v1/sites/${s.siteId}/months/${s.workMonth}`;
    expect((await prime.post(`${month}/apply`, {})).status).toBe(200);
    await settle();
    // 申請 twice is refused by the lifecycle, with the state and what to do next.
    const twice = await prime.post(`${month}/apply`, {});
    expect(twice.status).toBe(409);
    expect(twice.json.detail).toContain('申請できません（現在: 申請）');
    await drop(s);
    const view = await prime.get(month);
    expect(view.json.application).toBeNull();
    expect(view.json.lifecycle).toBe('申請待ち');
    expect(view.json.wait).toMatchObject({ kind: 'Application' });
    const again = await prime.post(`${month}/apply`, {});
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    await settle();
    expect((await prime.post(`${month}/approve`, {})).status).toBe(200);
    await settle();
    await endedWith(s, 'Charged', 16_000);
    const history = (await prime.get(`${month}/history`)).json;
    const whats = history.events.map((e: { what: string }) => e.what);
    expect(whats.filter((w: string) => w === '申請')).toHaveLength(2);
    expect(whats).toContain('取下げ（新しいファイルに差替え）');
    expect(whats).toContain('差替え済み');
    expect(whats.filter((w: string) => w === '掛金充当（引落し）')).toHaveLength(1);
    // In time order (the local clock is fixed, so only the order of the timestamps is checked).
    const ats = history.events.map((e: { at: string }) => e.at);
    expect(ats).toEqual([...ats].sort());
  });
});

describe('R-LATE-DAYS: a newer file after the charge', () => {
  it('R-LATE-DAYS charged with more days: a 追加申請 (application 2) through the API, its own 承認 and debit', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await applyAndApprove(s);
    expect(latest(s).states.at(-1)).toBe('Charged');
    const charged = await daysOfWorker(s, '41000000000001');
    await drop(s, withExtraDay(s, '41000000000001', '2026-10-10', '2026-10-11'));
    expect(latest(s).states.at(-1)).toBe('AwaitApplication');
    expect((await outboxOf(s)).map((m) => m.notice)).toContain('late-days');

    const prime = apiClient({ sub: `boss-${s.prime}`, contractorNo: s.prime, role: '事業者責任者' });
    const month = `/v1/sites/${s.siteId}/months/${s.workMonth}`;
    const applied = await prime.post(`${month}/apply`, {});
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect(applied.json.application).toMatchObject({ status: '申請', points: 320, days: 1 });
    const app = await deps().workflow.getApplication(s.siteId, s.workMonth);
    expect(app).toMatchObject({
      applicationId: `${s.siteId}:${s.workMonth}:2`,
      no: 2,
      follows: `${s.siteId}:${s.workMonth}`,
    });
    await settle();
    expect((await prime.post(`${month}/approve`, {})).status).toBe(200);
    await settle();
    await endedWith(s, 'Charged', 16_320);
    // The member's contribution days follow the points (第14条1): one more, recorded once.
    expect(await daysOfWorker(s, '41000000000001')).toEqual({
      member: charged.member + 1,
      month: charged.month + 1,
    });
    const app2 = await deps().workflow.getApplication(s.siteId, s.workMonth);
    await recordContributions(deps(), { siteId: s.siteId, workMonth: s.workMonth, importId: app2!.importId });
    expect((await daysOfWorker(s, '41000000000001')).member).toBe(charged.member + 1);
    const debits = (await movements(s)).filter((e) => e.kind === 'debit');
    expect(debits.map((e) => [e.refId, e.amount])).toEqual([
      [`${s.siteId}:${s.workMonth}`, 16_000],
      [`${s.siteId}:${s.workMonth}:2`, 320],
    ]);

    const history = await prime.get(`${month}/history`);
    expect(history.status, JSON.stringify(history.json)).toBe(200);
    expect(history.json.lifecycle).toBe('充当済');
    const whats = history.json.events.map((e: { what: string }) => e.what);
    expect(whats).toEqual(
      expect.arrayContaining([
        '取込（予約可能）',
        '申請',
        '承認',
        '掛金充当（引落し）',
        '充当後のファイル（予約可能）',
        '追加申請',
      ]),
    );
    expect(whats.indexOf('追加申請')).toBeGreaterThan(whats.indexOf('充当後のファイル（予約可能）'));
    // A 一次 does not see the prime's points.
    const ichiji = apiClient({ sub: 'sato-user', contractorNo: '2000000001', role: '事業者責任者' });
    expect([403, 404]).toContain((await ichiji.get(`${month}/history`)).status);
  });

  it('R-LATE-DAYS R-MISPAID charged with fewer days: the removed day is returned as points on approval (第40条)', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await applyAndApprove(s);
    const charged = await daysOfWorker(s, '41000000000001');
    await drop(s, withoutDay(s, '41000000000001', '2026-10-10'));
    expect(latest(s).states.at(-1)).toBe('AwaitApplication');
    const { application } = await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    expect(application).toMatchObject({ points: 0, returnPoints: 320, no: 2 });
    await settle();
    await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
    await settle();
    await endedWith(s, 'Charged', 15_680);
    const returned = (await movements(s)).filter((e) => e.kind === 'mispaid-return');
    expect(returned.map((e) => [e.refId, e.amount])).toEqual([[`${s.siteId}:${s.workMonth}:2`, 320]]);
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000 + 320);
    // The day charged in error leaves the member's contribution days too.
    expect(await daysOfWorker(s, '41000000000001')).toEqual({
      member: charged.member - 1,
      month: charged.month - 1,
    });
  });

  it('R-LATE-DAYS R-REPLACE a newer file while a 追加申請 waits withdraws it; the same days as charged end the month as it was', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await drop(s);
    await applyAndApprove(s);
    await drop(s, withExtraDay(s, '41000000000001', '2026-10-10', '2026-10-11'));
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await settle();
    const waiting = latest(s);
    expect(waiting.states.at(-1)).toBe('AwaitApproval');
    await drop(s);
    expect(waiting.states.at(-1)).toBe('Superseded');
    expect(latest(s).states.at(-1)).toBe('NoDifference');
    expect(await deps().workflow.getApplication(s.siteId, s.workMonth)).toMatchObject({
      status: '取下げ',
      no: 2,
    });
    await endedWith(s, 'NoDifference', 16_000);
  });
});
