// The month that always ends, with the real handlers in the local runner: months without any worked
// day (R-ZERO-MONTH), companies and workers left out of the month (R-EXCLUDE), 一次一括 done by each
// 一次 and by the prime for a silent one (R-FIRST-TIER), and the charged notice per chain.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterData } from '../../domain/ports/storage.js';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../integration/api/http.js';
import { deps, executionOf, FIXTURES, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;
const CLOCK = '2026-11-13T09:00:00+09:00';

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: CLOCK });
}, 120_000);
afterAll(async () => {
  rt?.setClock(CLOCK);
  await rt?.close();
});

/** A file of ../shared/fixtures/month-edges as a scenario of its own (fresh 現場ID and prime). */
function edge(file: string, edit: Parameters<typeof scenario>[1] = {}): Scenario {
  const base = scenario('basic-run', edit);
  const dir = resolve(FIXTURES, 'month-edges');
  const text = readFileSync(resolve(dir, file), 'utf8')
    .split('9000000001')
    .join(base.siteId)
    .split(',1000000001,')
    .join(`,${base.prime},`);
  const master = JSON.parse(
    readFileSync(resolve(dir, 'master.json'), 'utf8')
      .split('9000000001')
      .join(base.siteId)
      .split('1000000001')
      .join(base.prime),
  ) as MasterData;
  edit.master?.(master);
  return { ...base, csv: Buffer.from(edit.csv ? edit.csv(text) : text), master };
}

async function drop(s: Scenario) {
  await seed(s);
  await rt.dropFile(s.key, s.csv);
  await rt.sfn.settled();
}

function only(s: Scenario) {
  const execs = executionOf(rt, s);
  expect(execs).toHaveLength(1);
  return execs[0]!;
}

async function debits(s: Scenario) {
  return (await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit');
}

describe('R-ZERO-MONTH a month without any worked day closes as 実績なし', () => {
  it('header-only file: 実績なし recorded, the prime told, no debit, no failure, nothing RUNNING', async () => {
    const s = edge('zero-header-only.csv');
    await drop(s);
    const exec = only(s);
    expect(exec.status).toBe('SUCCEEDED');
    expect(exec.states.at(-1)).toBe('NoWorkRecorded');
    expect(exec.states).not.toContain('AwaitApplication');
    expect(exec.states).not.toContain('CycleFailed');
    const imp = await deps().imports.currentImport(s.siteId, s.workMonth);
    expect(imp).toMatchObject({ status: '予約可能', totals: { rows: 0, workers: 0, days: 0, points: 0 } });
    expect(imp?.noWorkAt).toBeDefined();
    const notices = await outboxOf(s);
    expect(notices.filter((m) => m.notice === 'no-work').map((m) => [m.to, m.payload.outcome])).toEqual([
      [s.prime, '実績なし'],
    ]);
    expect(notices.some((m) => m.notice.startsWith('await-'))).toBe(false);
    expect(await debits(s)).toHaveLength(0);
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000);
    expect(await deps().workflow.getApplication(s.siteId, s.workMonth)).toBeUndefined();
    // Nothing to apply for: the API says so instead of recording an application of 0 points.
    const { prime, month } = callers(s);
    const view = (await prime.get(month)).json;
    expect(view.import.noWorkAt).toBeDefined();
    expect(view.wait).toBeNull();
    const applied = await prime.post(`${month}/apply`);
    expect(applied.status).toBe(409);
    expect(applied.json.detail).toContain('実績なし');
  });

  it('all-zero file (every row without a 就業日): 実績なし, no debit, nothing RUNNING', async () => {
    const s = edge('v1.csv', { csv: (t) => t.replace(/,2026-10-\d\d,/g, ',,') });
    await drop(s);
    const exec = only(s);
    expect(exec.status).toBe('SUCCEEDED');
    expect(exec.states.at(-1)).toBe('NoWorkRecorded');
    const imp = await deps().imports.currentImport(s.siteId, s.workMonth);
    const rows = s.csv.toString('utf8').trim().split('\n').length - 1;
    expect(imp?.totals).toEqual({ rows, workers: 0, days: 0, points: 0 });
    expect(imp?.noWorkAt).toBeDefined();
    expect(await debits(s)).toHaveLength(0);
    expect(executionOf(rt, s).filter((e) => e.status === 'RUNNING')).toHaveLength(0);
  });

  it('a month with worked days still waits for 申請 (the zero-day branch is not taken)', async () => {
    const s = edge('v1.csv');
    await drop(s);
    const exec = only(s);
    expect(exec.states).toContain('IsZeroDayMonth');
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    expect((await deps().imports.currentImport(s.siteId, s.workMonth))?.noWorkAt).toBeUndefined();
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await rt.sfn.settled();
    await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
    await rt.sfn.settled();
    expect(exec.status).toBe('SUCCEEDED');
  });
});

/** The month's callers through the approval API (the deployed handler, real deps). */
function callers(s: Scenario) {
  return {
    prime: apiClient({ sub: `boss-${s.prime}`, contractorNo: s.prime, role: '事業者責任者' }),
    firstA: apiClient({ sub: 'sato-kanri', contractorNo: '2000000001', role: '管理者' }),
    firstB: apiClient({ sub: 'suzuki-kanri', contractorNo: '2000000002', role: '管理者' }),
    month: `/v1/sites/${s.siteId}/months/${s.workMonth}`,
  };
}

async function applyAndApprove(s: Scenario) {
  const { prime, month } = callers(s);
  expect((await prime.post(`${month}/apply`)).status).toBe(200);
  await rt.sfn.settled();
  expect((await prime.post(`${month}/approve`)).status).toBe(200);
  await rt.sfn.settled();
}

describe('R-EXCLUDE 取り込まない: the month charges without a non-member company and worker', () => {
  it('excluded company and worker (with reasons) → 予約可能 → charged 16,000; the lines show as excluded', async () => {
    const s = edge('non-member-subcontractor.csv');
    await drop(s);
    const exec = only(s);
    expect(exec.states.at(-1)).toBe('AwaitCorrections');
    const { prime, firstB, month } = callers(s);
    const before = await prime.get(month);
    expect(before.json.import.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'F-COMPANY',
      'F-WORKER-MISSING',
    ]);

    // Only what has no contract / no membership may be left out; the 一次 cannot decide it.
    const member = await prime.post(`${month}/corrections/exclude`, {
      workerId: '41000000000001',
      reason: '誤り',
    });
    expect(member.status).toBe(422);
    expect(member.json.detail).toMatch(/取り込まないにはできません/);
    const byFirstTier = await firstB.post(`${month}/corrections/exclude`, {
      companyId: '39999999999999',
      reason: '非加入',
    });
    expect(byFirstTier.status).toBe(403);
    const both = await prime.post(`${month}/corrections/exclude`, {
      companyId: '39999999999999',
      workerId: '49999999999999',
      reason: 'x',
    });
    expect(both.status).toBe(400);

    const company = await prime.post(`${month}/corrections/exclude`, {
      companyId: '39999999999999',
      reason: '共済契約者でない下請負人（約款 第32条2）',
    });
    expect(company.status, JSON.stringify(company.json)).toBe(200);
    expect(company.json).toMatchObject({ correction: 'exclude', subject: 'company', by: `boss-${s.prime}` });
    const worker = await prime.post(`${month}/corrections/exclude`, {
      workerId: '49999999999999',
      reason: '建退共に未加入の技能者',
    });
    expect(worker.status).toBe(200);
    expect((await prime.post(`${month}/revalidate`)).status).toBe(202);
    await rt.sfn.settled();

    const after = await prime.get(month);
    expect(after.json.import).toMatchObject({ status: '予約可能', flags: [] });
    expect(after.json.import.totals).toMatchObject({ workers: 5, days: 50, points: 16_000 });
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    const lines = (await prime.get(`${month}/lines`)).json.lines;
    const out = lines.find((l: { workerId: string }) => l.workerId === '49999999999999');
    expect(out).toMatchObject({
      days: 0,
      points: 0,
      excluded: {
        subject: 'worker',
        reason: '建退共に未加入の技能者',
        by: `boss-${s.prime}`,
        days: 3,
        points: 960,
      },
    });
    expect(out.excluded.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    await applyAndApprove(s);
    expect(exec.status).toBe('SUCCEEDED');
    expect(exec.states.at(-1)).toBe('Charged');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000);
    expect(executionOf(rt, s).filter((e) => e.status === 'RUNNING')).toHaveLength(0);
    // Still visible as excluded after the charge.
    const charged = (await prime.get(`${month}/lines`)).json.lines;
    expect(charged.filter((l: { excluded?: unknown }) => l.excluded)).toHaveLength(1);
  });
});

describe('R-EXCLUDE a worker without a membership under a contracted company', () => {
  it('the worker left out (取り込まない) → 予約可能 → charged without its 8 days; the line shows as excluded', async () => {
    const s = edge('v1.csv', {
      csv: (t) =>
        t.split(',42000000000002,スズキ,サブロウ,5000000003,').join(',42000000000002,スズキ,サブロウ,,'),
    });
    await drop(s);
    const exec = only(s);
    expect(exec.states.at(-1)).toBe('AwaitCorrections');
    const { prime, month } = callers(s);
    const r = await prime.post(`${month}/corrections/exclude`, {
      workerId: '42000000000002',
      reason: '被共済者でない（建退共に未加入）',
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((await prime.post(`${month}/revalidate`)).status).toBe(202);
    await rt.sfn.settled();
    // Revalidation does not raise the flag again.
    expect((await prime.get(month)).json.import).toMatchObject({ status: '予約可能', flags: [] });
    await applyAndApprove(s);
    expect(exec.states.at(-1)).toBe('Charged');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000 + 8 * 320);
    const line = (await prime.get(`${month}/lines`)).json.lines.find(
      (l: { workerId: string }) => l.workerId === '42000000000002',
    );
    expect(line).toMatchObject({ days: 0, excluded: { subject: 'worker', days: 8, by: `boss-${s.prime}` } });
    // Nothing recorded for the excluded worker's membership (there is none to record).
    expect(executionOf(rt, s).filter((e) => e.status === 'RUNNING')).toHaveLength(0);
  });
});

describe('R-FIRST-TIER 一次一括 done by each 一次; the prime reports for a silent one after the deadline', () => {
  it('一次 A adjusts its chain, not B’s; frozen after its report; the prime reports for B only after the deadline; each 一次 gets its chain’s charged totals', async () => {
    const s = edge('v1.csv', {
      csv: (t) => t.split('元請一括').join('一次一括'),
      master: (m) => {
        for (const site of m.sites) site.outputMethod = '一次一括';
      },
    });
    await drop(s);
    const exec = only(s);
    expect(exec.states.at(-1)).toBe('AwaitFirstTierReports');
    const { prime, firstA, firstB, month } = callers(s);

    // 一次 A saves its own chain's days, with a reason (保存する).
    const adjust = { workerId: '42000000000003', employerCompanyId: '20000000000001', reason: '一日休工' };
    const lineBefore = (await firstA.get(`${month}/lines`)).json.lines.find(
      (l: { workerId: string }) => l.workerId === '42000000000003',
    );
    const saved = await firstA.post(`${month}/lines/adjust`, { ...adjust, days: lineBefore.days - 1 });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.line.adjustments).toEqual([
      expect.objectContaining({ reason: '一日休工', by: 'sato-kanri', toDays: lineBefore.days - 1 }),
    ]);
    // Not another chain's line.
    const other = await firstA.post(`${month}/lines/adjust`, {
      workerId: '42000000000002',
      employerCompanyId: '20000000000002',
      days: 1,
      reason: '他系列',
    });
    expect(other.status).toBe(403);

    // 報告する, then the chain is frozen for it.
    const reported = await firstA.post(`${month}/report`, { firstTierCompanyId: '20000000000001' });
    expect(reported.json).toMatchObject({ remaining: 1, resumed: 'waiting' });
    const frozen = await firstA.post(`${month}/lines/adjust`, { ...adjust, days: 1 });
    expect(frozen.status).toBe(409);
    expect(frozen.json.detail).toMatch(/報告済みのため/);

    // B stays silent. Before the deadline (2026-11-30) the prime may not report for it.
    const early = await prime.post(`${month}/report`, { firstTierCompanyId: '20000000000002' });
    expect(early.status).toBe(409);
    expect(early.json.detail).toMatch(/報告期限（2026-11-30）まで/);
    expect(exec.states.at(-1)).toBe('AwaitFirstTierReports');

    // After the deadline it may, recorded as such.
    rt.setClock('2026-12-01T09:00:00+09:00');
    try {
      const late = await prime.post(`${month}/report`, { firstTierCompanyId: '20000000000002' });
      expect(late.status, JSON.stringify(late.json)).toBe(200);
      expect(late.json).toMatchObject({ remaining: 0, resumed: 'resumed' });
      await rt.sfn.settled();
      const view = (await prime.get(month)).json;
      expect(view.reports).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ firstTierCompanyId: '20000000000001', reportedBy: 'sato-kanri' }),
          expect.objectContaining({
            firstTierCompanyId: '20000000000002',
            reportedBy: `boss-${s.prime}`,
            onBehalfOf: '20000000000002',
          }),
        ]),
      );
      // B's own view shows who reported for it.
      const bView = (await firstB.get(month)).json;
      expect(bView.reports).toEqual([expect.objectContaining({ onBehalfOf: '20000000000002' })]);
      expect(exec.states.at(-1)).toBe('AwaitApplication');
      await applyAndApprove(s);
    } finally {
      rt.setClock(CLOCK);
    }
    expect(exec.status).toBe('SUCCEEDED');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000 + 320);

    // The charged notice: the prime with the month's totals, each 一次 with its own chain's only.
    const charged = (await outboxOf(s)).filter((m) => m.notice === 'charged');
    const to = Object.fromEntries(charged.map((m) => [m.to, m.payload]));
    expect(Object.keys(to).sort()).toEqual(['2000000001', '2000000002', s.prime].sort());
    expect(to[s.prime]).toMatchObject({ recipient: 'prime', workers: 5, days: 49, points: 15_680 });
    expect(to['2000000002']).toMatchObject({
      recipient: 'first-tier',
      firstTier: '20000000000002',
      workers: 1,
      days: 8,
      points: 2_560,
    });
    expect(to['2000000001']).toMatchObject({ firstTier: '20000000000001', workers: 3, days: 31 });
    expect(Number(to['2000000001']!.points) + Number(to['2000000002']!.points) + 10 * 320).toBe(15_680);
  });
});

describe('R-DEADLINE follows the site’s 賃金支払日 in the running cycle', () => {
  it('翌月払い: the month of 2026-10 waits with the deadline 2026-12-31 (without the setting: 2026-11-30)', async () => {
    const late = edge('v1.csv', {
      master: (m) => {
        for (const site of m.sites) site.wagePayment = 'next-month';
      },
    });
    const plain = edge('v1.csv');
    await drop(late);
    await drop(plain);
    const wait = async (s: Scenario) => (await callers(s).prime.get(callers(s).month)).json.wait;
    expect(await wait(late)).toMatchObject({ kind: 'Application', deadline: '2026-12-31' });
    expect(await wait(plain)).toMatchObject({ kind: 'Application', deadline: '2026-11-30' });
    const asked = (await outboxOf(late)).find((m) => m.notice === 'await-Application');
    expect(asked?.payload).toMatchObject({ stage: 'request', dueOn: '2026-12-31' });
  });
});
