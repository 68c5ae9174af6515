// The synthesized monthly-cycle definition run locally along each path of the month, with the real
// handlers on moto_server. Each scenario has its own site and prime.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { creditPurchase } from '../../functions/shared/use-cases/credit-payment.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { resumeWait } from '../../functions/shared/use-cases/month/waits.js';
import { reportFirstTier } from '../../functions/shared/use-cases/report-first-tier.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function drop(s: Scenario) {
  await seed(s);
  const r = await rt.dropFile(s.key, s.csv);
  await rt.sfn.settled();
  return r;
}

function only(s: Scenario) {
  const execs = executionOf(rt, s);
  expect(execs).toHaveLength(1);
  return execs[0]!;
}

async function approveMonth(s: Scenario) {
  await apply(deps(), s.siteId, s.workMonth, 'prime-user');
  await rt.sfn.settled();
  await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
  await rt.sfn.settled();
}

describe('monthly cycle, synthesized definition run locally', () => {
  it('clean month → waits for 申請 → 承認 → charged, 16,000 points debited once', async () => {
    const s = scenario('basic-utf8');
    await drop(s);
    const exec = only(s);
    expect(exec.status).toBe('RUNNING');
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    await approveMonth(s);
    expect(exec.status).toBe('SUCCEEDED');
    expect(exec.states).toEqual(
      expect.arrayContaining([
        'ImportWorkRecords',
        'AwaitApproval',
        'DebitPoints',
        'RecordContributions',
        'Charged',
      ]),
    );
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000 - 16_000);
    const entries = await deps().ledger.entries(s.prime, 'regular');
    expect(entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
    expect((await deps().registry.getMember('5000000004'))?.days).toBeGreaterThanOrEqual(805);
    const notices = (await outboxOf(s)).map((m) => m.notice);
    expect(notices).toContain('charged');
  });

  it('要修正 → the four corrections of the manual → 予約可能 → charged', async () => {
    const s = scenario('corrections');
    await drop(s);
    const exec = only(s);
    expect(exec.states.at(-1)).toBe('AwaitCorrections');
    const imp = await deps().imports.currentImport(s.siteId, s.workMonth);
    expect(imp?.status).toBe('要修正');
    expect(imp?.flags.map((f) => f.code).sort()).toEqual([
      'F-COMPANY',
      'F-MULTI-PRIME',
      'F-WORKER-MISSING',
      'F-WORKER-NAME',
    ]);
    const d = deps();
    const scope = { by: 'prime-user', siteId: s.siteId, primeContractorNo: s.prime };
    await d.corrections.mapCompany('30000000000001', '3000000001', scope);
    await d.corrections.chooseFirstTier(s.siteId, '30000000000001', '20000000000001', { by: 'prime-user' });
    await d.corrections.mapWorker('42000000000002', '5000000003', scope);
    await d.corrections.forceImport(s.siteId, '42000000000001', { by: 'prime-user', reason: '本人確認済み' });
    expect(await resumeWait(d, s.siteId, s.workMonth, 'Corrections')).toBe('resumed');
    await rt.sfn.settled();
    expect((await d.imports.currentImport(s.siteId, s.workMonth))?.status).toBe('予約可能');
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    await approveMonth(s);
    expect(exec.status).toBe('SUCCEEDED');
    const lines = await d.imports.lines(s.siteId, s.workMonth, imp!.importId);
    expect(lines.find((l) => l.workerId === '42000000000002')?.memberNo).toBe('5000000003');
  });

  it('一次一括: waits until both 一次 have reported, then 申請 → 承認 → charged', async () => {
    const s = scenario('basic-utf8', {
      csv: (t) => t.split('元請一括').join('一次一括'),
      master: (m) => {
        for (const site of m.sites) site.outputMethod = '一次一括';
      },
    });
    await drop(s);
    const exec = only(s);
    expect(exec.states.at(-1)).toBe('AwaitFirstTierReports');
    const toFirstTiers = (await outboxOf(s))
      .filter((m) => m.notice === 'await-FirstTierReports')
      .map((m) => m.to);
    expect(toFirstTiers.sort()).toEqual(['2000000001', '2000000002']);
    const first = await reportFirstTier(deps(), s.siteId, s.workMonth, '20000000000001', 'sato-user');
    expect(first).toEqual({ remaining: 1, resumed: 'waiting' });
    await rt.sfn.settled();
    expect(exec.states.at(-1)).toBe('AwaitFirstTierReports');
    const second = await reportFirstTier(deps(), s.siteId, s.workMonth, '20000000000002', 'suzuki-user');
    expect(second).toEqual({ remaining: 0, resumed: 'resumed' });
    await rt.sfn.settled();
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    await approveMonth(s);
    expect(exec.status).toBe('SUCCEEDED');
  });

  it('差戻し goes back to confirmation; the second 申請 is approved and debited once', async () => {
    const s = scenario('basic-utf8');
    await drop(s);
    const exec = only(s);
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await rt.sfn.settled();
    await decide(deps(), s.siteId, s.workMonth, '差戻し', {
      by: 'prime-boss',
      reason: '日数を確認してください',
    });
    await rt.sfn.settled();
    expect(exec.status).toBe('RUNNING');
    expect(exec.states.at(-1)).toBe('AwaitApplication');
    expect((await outboxOf(s)).map((m) => m.notice)).toContain('rejected');
    await approveMonth(s);
    expect(exec.status).toBe('SUCCEEDED');
    const debits = (await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit');
    expect(debits).toHaveLength(1);
    expect(debits[0]?.amount).toBe(16_000);
  });

  it('short of points → waits for a purchase → the purchase is credited → charged', async () => {
    const s = scenario('basic-utf8', {
      master: (m) => {
        m.contractors[0]!.points = 10_000;
      },
    });
    await drop(s);
    const exec = only(s);
    await approveMonth(s);
    expect(exec.status).toBe('RUNNING');
    expect(exec.states.at(-1)).toBe('AwaitPurchase');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(10_000);
    await creditPurchase(deps(), { contractorNo: s.prime, paymentId: 'payeasy-1', amount: 10_000 }, [
      { siteId: s.siteId, workMonth: s.workMonth },
    ]);
    await rt.sfn.settled();
    expect(exec.status).toBe('SUCCEEDED');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(4_000);
  });

  it('a replayed S3 event starts nothing new and the month is debited once', async () => {
    const s = scenario('basic-utf8');
    const { event } = await drop(s);
    const replay = (await rt.deliver(event)) as { status: string };
    expect(replay.status).toBe('already-started');
    await rt.sfn.settled();
    expect(executionOf(rt, s)).toHaveLength(1);
    await approveMonth(s);
    expect((await rt.deliver(event)) as { status: string }).toMatchObject({ status: 'already-started' });
    const debits = (await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit');
    expect(debits).toHaveLength(1);
  });

  it('a refused file is recorded with its lines and notified; nothing is charged', async () => {
    const s = scenario('bad-date');
    await drop(s);
    const exec = only(s);
    expect(exec.status).toBe('SUCCEEDED');
    expect(exec.states.at(-1)).toBe('FileRefused');
    const imports = await deps().imports.importsOfMonth(s.siteId, s.workMonth);
    expect(imports).toHaveLength(1);
    expect(imports[0]?.status).toBe('refused');
    expect(imports[0]?.errors.map((e) => e.line)).toContain(4);
    expect((await outboxOf(s)).map((m) => m.notice)).toContain('file-refused');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(1_000_000);
  });

  it('R-REPLACE R-LATE-DAYS: a replacement before any charge supersedes the waiting execution; after the charge the same days change nothing', async () => {
    const s = scenario('basic-utf8');
    await drop(s);
    const [first] = executionOf(rt, s);
    const second = await rt.dropFile(s.key, s.csv);
    expect(second.result).toMatchObject({ status: 'started' });
    await rt.sfn.settled();
    expect(first?.status).toBe('SUCCEEDED');
    expect(first?.states.at(-1)).toBe('Superseded');
    await approveMonth(s);
    const third = await rt.dropFile(s.key, s.csv);
    expect(third.result).toMatchObject({ status: 'started' });
    await rt.sfn.settled();
    const last = executionOf(rt, s).at(-1)!;
    expect(last.states.at(-1)).toBe('NoDifference');
    expect((await outboxOf(s)).map((m) => m.notice)).toContain('no-difference');
    expect((await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit')).toHaveLength(
      1,
    );
  });
});

describe('the daily sweep (R-10TH)', () => {
  it('on the business day after the 10th, tells the prime of an auto-linked site whose file has not come', async () => {
    // What the sweep queues, before the background dispatcher delivers (or, without a contact, parks) it.
    rt.notices.paused = true;
    onTestFinished(() => {
      rt.notices.paused = false;
    });
    const waiting = scenario('basic-utf8');
    await seed(waiting);
    const arrived = scenario('basic-utf8');
    await drop(arrived);
    const { handler } = await import('../../functions/monthly-sweep/handler.js');
    const ctx = {
      awsRequestId: 'sweep',
      functionName: 'MonthlySweep',
      getRemainingTimeInMillis: () => 30_000,
    };
    // 2026-11-10 is a Tuesday: the October files show on Wednesday 11-11.
    const early = (await handler({ date: '2026-11-10' }, ctx as never)) as { dueToday: boolean };
    expect(early.dueToday).toBe(false);
    const due = (await handler({ date: '2026-11-11' }, ctx as never)) as {
      dueToday: boolean;
      missing: number;
    };
    expect(due.dueToday).toBe(true);
    expect((await outboxOf(waiting)).map((m) => m.notice)).toEqual(['file-missing']);
    expect((await outboxOf(arrived)).map((m) => m.notice)).not.toContain('file-missing');
  });
});
