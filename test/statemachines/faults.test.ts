// Storage faults at every state of the cycle (R-CHARGE: no debit without its record). One month goes
// through every task of the definition — 要修正 → corrections → revalidation → 一次 reports → 申請 →
// 差戻し → 申請 → 承認 → short of points → purchase → debit → contributions → charged — with the real
// handlers on the local runner. A clean run counts the storage calls of each state; then, for each
// state, a fault is injected once before a call, after a write landed, or as a freeze longer than the
// task's timeout, and the month is driven to its end. The end is always "not charged" or "charged and
// recorded", never in between, and no execution is left running.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { creditPurchase } from '../../functions/shared/use-cases/credit-payment.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { resumeWait } from '../../functions/shared/use-cases/month/waits.js';
import { reconcileCharges } from '../../functions/shared/use-cases/reconcile-charges.js';
import { reportFirstTier } from '../../functions/shared/use-cases/report-first-tier.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { arm, type CallCounts, type Fault, installFaults, probe } from './faults.js';
import { deps, executionOf, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;
let uninstall: () => void;

beforeAll(async () => {
  uninstall = installFaults();
  rt = await startLocalRuntime({
    quiet: !process.env.FAULT_LOGS,
    clock: '2026-11-13T09:00:00+09:00',
    retryIntervalMs: 20,
  });
}, 120_000);
afterAll(async () => {
  await rt?.close();
  uninstall?.();
});

type Exec = ReturnType<typeof executionOf>[number];

/** The month of the corrections fixture, 一次一括, with too few points for its 6,400. */
function fullMonth(): Scenario {
  return scenario('corrections', {
    csv: (t) => t.split('元請一括').join('一次一括'),
    master: (m) => {
      for (const site of m.sites) site.outputMethod = '一次一括';
      m.contractors[0]!.points = 1_000;
    },
  });
}

async function until(what: string, exec: () => Exec | undefined, ok: (e: Exec) => boolean) {
  const started = Date.now();
  for (;;) {
    const e = exec();
    if (e && ok(e)) return e;
    if (Date.now() - started > 90_000)
      throw new Error(`${what}: still ${e?.status} at ${e?.states.slice(-4).join(' → ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once the month's execution waits for people at `state` (or has ended). */
function waitingAt(s: Scenario, state: string) {
  return until(
    `waiting at ${state}`,
    () => executionOf(rt, s)[0],
    (e) =>
      e.status !== 'RUNNING'
        ? true
        : e.states.at(-1) === state && e.busy === 0 && e.waiting > 0 && e.lingering === 0,
  );
}

const running = (e: Exec) => e.status === 'RUNNING';

/** Plays the month as its people would, each action once its wait is stored. */
async function playMonth(s: Scenario): Promise<Exec> {
  const d = deps();
  const exec = () => executionOf(rt, s)[0];
  await seed(s);
  await rt.dropFile(s.key, s.csv);
  if (!running(await waitingAt(s, 'AwaitCorrections'))) return exec()!;
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
  await resumeWait(d, s.siteId, s.workMonth, 'Corrections');
  if (!running(await waitingAt(s, 'AwaitFirstTierReports'))) return exec()!;
  await reportFirstTier(d, s.siteId, s.workMonth, '20000000000001', 'sato-user');
  await reportFirstTier(d, s.siteId, s.workMonth, '20000000000002', 'suzuki-user');
  if (!running(await waitingAt(s, 'AwaitApplication'))) return exec()!;
  await apply(d, s.siteId, s.workMonth, 'prime-user');
  if (!running(await waitingAt(s, 'AwaitApproval'))) return exec()!;
  await decide(d, s.siteId, s.workMonth, '差戻し', { by: 'prime-boss', reason: '日数を確認してください' });
  if (!running(await waitingAt(s, 'AwaitApplication'))) return exec()!;
  await apply(d, s.siteId, s.workMonth, 'prime-user');
  if (!running(await waitingAt(s, 'AwaitApproval'))) return exec()!;
  await decide(d, s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
  if (!running(await waitingAt(s, 'AwaitPurchase'))) return exec()!;
  await creditPurchase(d, { contractorNo: s.prime, paymentId: `pay-${s.siteId}`, amount: 10_000 }, [
    { siteId: s.siteId, workMonth: s.workMonth },
  ]);
  return until('the end of the month', exec, (e) => !running(e) && e.lingering === 0);
}

type EndState = 'not charged' | 'charged and recorded' | string;

/**
 * Where the month ended, read from storage (and the execution, when given): one of the two allowed
 * ends, or what is wrong.
 */
async function endState(s: Scenario, exec?: Exec): Promise<EndState> {
  const d = deps();
  const app = await d.workflow.getApplication(s.siteId, s.workMonth);
  const debits = (await d.ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit');
  if (debits.length === 0 && app?.status !== '充当済') return 'not charged';
  const wrong: string[] = [];
  if (!app) return 'debited without an application';
  if (debits.length !== 1) wrong.push(`${debits.length} debits`);
  if (debits[0]?.amount !== app.points) wrong.push(`debit ${debits[0]?.amount} ≠ ${app.points} applied`);
  if (app.status !== '充当済') wrong.push(`application ${app.status}`);
  const lines = await d.imports.lines(s.siteId, s.workMonth, app.importId);
  for (const l of lines) {
    if (!l.memberNo || l.days <= 0 || !(await d.registry.getMember(l.memberNo))) continue;
    const recorded = (await d.contributions.contributionsOf(l.memberNo)).filter(
      (c) =>
        c.siteId === s.siteId && c.workMonth === s.workMonth && c.employerCompanyId === l.employerCompanyId,
    );
    if (recorded.length !== 1 || recorded[0]!.days !== l.days)
      wrong.push(`line of ${l.workerId} not recorded`);
  }
  if (exec && (exec.status !== 'SUCCEEDED' || exec.states.at(-1) !== 'Charged'))
    wrong.push(`execution ${exec.status} at ${exec.states.at(-1)} (${exec.error ?? ''})`);
  return wrong.length === 0 ? 'charged and recorded' : `in between: ${wrong.join('; ')}`;
}

/**
 * The faults of one state: before its first call (throttled, or a read timing out when it writes
 * nothing), its first write frozen past the task timeout after it landed (its sandbox ends there), its last
 * write's answer lost. The charge's own steps get every write's answer lost.
 */
function faultsOf(state: string, c: { reads: number; writes: number }): Omit<Fault, 'siteId'>[] {
  const out: Omit<Fault, 'siteId'>[] = [];
  if (c.writes === 0) {
    if (c.reads > 0) out.push({ state, kind: 'read', index: 1, mode: 'timeout-before' });
    return out;
  }
  out.push({ state, kind: 'write', index: 1, mode: 'throttle-before' });
  out.push({ state, kind: 'write', index: 1, mode: 'freeze-after' });
  const every = state === 'DebitPoints' || state === 'RecordContributions';
  for (let i = every ? 1 : c.writes; i <= c.writes; i++)
    out.push({ state, kind: 'write', index: i, mode: 'timeout-after' });
  return out;
}

/** A clean month (basic fixture, 元請一括): 申請 → 承認 → charged. */
async function simpleMonth(s: Scenario): Promise<Exec> {
  const d = deps();
  await seed(s);
  await rt.dropFile(s.key, s.csv);
  if (!running(await waitingAt(s, 'AwaitApplication'))) return executionOf(rt, s)[0]!;
  await apply(d, s.siteId, s.workMonth, 'prime-user');
  if (!running(await waitingAt(s, 'AwaitApproval'))) return executionOf(rt, s)[0]!;
  await decide(d, s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
  return until(
    'the end of the month',
    () => executionOf(rt, s)[0],
    (e) => !running(e) && e.lingering === 0,
  );
}

describe('no debit without its record (R-CHARGE)', () => {
  it('storage frozen past the time-out of DebitPoints right after the debit was written: the month is still charged and recorded', async () => {
    const s = scenario('basic-utf8');
    const fired = arm({
      siteId: s.siteId,
      state: 'DebitPoints',
      kind: 'write',
      index: 1,
      mode: 'freeze-after',
    });
    const exec = await simpleMonth(s);
    expect(fired()).toBe(1);
    expect(exec.states.filter((st) => st === 'DebitPoints').length).toBe(1);
    expect(await endState(s, exec)).toBe('charged and recorded');
  }, 180_000);

  it('RecordContributions failing for good: the daily reconciliation records the days once and tells the operators', async () => {
    const s = scenario('basic-utf8');
    arm({
      siteId: s.siteId,
      state: 'RecordContributions',
      kind: 'write',
      index: 1,
      mode: 'throttle-before',
      times: Number.POSITIVE_INFINITY,
    });
    const exec = await simpleMonth(s);
    expect(exec.status).toBe('FAILED');
    expect(await endState(s, exec)).toMatch(/^in between: .*not recorded/);

    const first = await reconcileCharges(deps(), { graceMs: 0, siteIds: [s.siteId] });
    expect(first.repaired).toEqual([
      expect.objectContaining({
        siteId: s.siteId,
        workMonth: s.workMonth,
        marked: false,
        recorded: expect.any(Number),
      }),
    ]);
    expect(first.repaired[0]!.membersMissing).toBeGreaterThan(0);
    // Recorded now; the execution's own failure stays what it was (it is the operators' record).
    expect(await endState(s)).toBe('charged and recorded');
    const alarms = (await outboxOf(s)).filter((m) => m.notice === 'charge-reconciled');
    expect(alarms.map((m) => m.to)).toEqual(['operators']);
    // A replay repairs nothing and adds no day.
    const member = (await deps().imports.lines(s.siteId, s.workMonth, first.repaired[0]!.importId)).find(
      (l) => l.memberNo,
    )!;
    const days = (await deps().registry.getMember(member.memberNo!))?.days;
    expect((await reconcileCharges(deps(), { graceMs: 0, siteIds: [s.siteId] })).repaired).toEqual([]);
    expect((await deps().registry.getMember(member.memberNo!))?.days).toBe(days);
  }, 180_000);

  it('DebitPoints dying for good after the debit landed: the reconciliation marks the application 充当済 and records the days', async () => {
    const s = scenario('basic-utf8');
    arm({
      siteId: s.siteId,
      state: 'DebitPoints',
      kind: 'write',
      index: 4,
      mode: 'timeout-before',
      times: Number.POSITIVE_INFINITY,
    });
    const exec = await simpleMonth(s);
    expect(exec.status).toBe('FAILED');
    const d = deps();
    expect((await d.workflow.getApplication(s.siteId, s.workMonth))?.status).toBe('承認');
    expect((await d.ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit')).toHaveLength(1);
    const r = await reconcileCharges(d, { graceMs: 0, siteIds: [s.siteId] });
    expect(r.repaired).toEqual([expect.objectContaining({ marked: true })]);
    expect(await endState(s)).toBe('charged and recorded');
  }, 180_000);
});

/** The task states of the definition; which month reaches each (the short one when it can). */
const DEFINITION = JSON.parse(
  readFileSync(new URL('../../statemachines/monthly-cycle.asl.json', import.meta.url), 'utf8'),
) as { States: Record<string, { Type: string }> };
const TASKS = Object.entries(DEFINITION.States)
  .filter(([, st]) => st.Type === 'Task')
  .map(([name]) => name);
const SHORT = new Set([
  'ImportWorkRecords',
  'AwaitApplication',
  'AwaitApproval',
  'DebitPoints',
  'RecordContributions',
  'NotifyCharged',
]);

describe('storage faults at every state of the cycle', () => {
  const counts = { short: new Map() as CallCounts, full: new Map() as CallCounts };

  it('a clean month goes through every task of the definition, and a short one through the charge', async () => {
    const full = fullMonth();
    counts.full = probe(full.siteId);
    const short = scenario('basic-utf8');
    counts.short = probe(short.siteId);
    const [execFull, execShort] = await Promise.all([playMonth(full), simpleMonth(short)]);
    expect(await endState(full, execFull)).toBe('charged and recorded');
    expect(await endState(short, execShort)).toBe('charged and recorded');
    // Every task but 実績なし and the refusal and failure notices (other paths, covered elsewhere).
    const visited = new Set(execFull.states);
    expect(TASKS.filter((t) => !visited.has(t))).toEqual(['NotifyNoWork', 'NotifyRefusal', 'RecordFailure']);
    for (const t of SHORT) expect(execShort.states).toContain(t);
    expect(counts.short.get('DebitPoints')?.writes).toBeGreaterThan(0);
    expect(counts.short.get('RecordContributions')?.writes).toBeGreaterThan(0);
  }, 240_000);

  // Plan…Reminder states compute a date and touch no storage: a fault there is a Lambda failure, and
  // those are retried like any other (the definition test pins the Retry of every task).
  const withStorage = TASKS.filter(
    // 実績なし (NotifyNoWork) charges nothing: its idempotent record is proved in month-edges.test.ts.
    (t) => !t.startsWith('Plan') && t !== 'NotifyRefusal' && t !== 'RecordFailure' && t !== 'NotifyNoWork',
  );

  it.each(withStorage)(
    '%s: one storage fault, the month still ends charged and recorded, never in between',
    async (state) => {
      const flow = SHORT.has(state) ? 'short' : 'full';
      const c = counts[flow].get(state);
      expect(c, `the clean ${flow} month reached ${state}`).toBeDefined();
      const faults = faultsOf(state, c!);
      expect(faults.length).toBeGreaterThan(0);
      const results = await Promise.all(
        faults.map(async (f) => {
          const s = flow === 'short' ? scenario('basic-utf8') : fullMonth();
          const fired = arm({ ...f, siteId: s.siteId });
          const exec = await (flow === 'short' ? simpleMonth(s) : playMonth(s));
          return { fault: `${f.kind}#${f.index} ${f.mode}`, fired: fired(), end: await endState(s, exec) };
        }),
      );
      expect(results.filter((r) => r.fired !== 1)).toEqual([]);
      // One fault is always recovered by a retry: never in between, and here never "not charged" either.
      expect(results.filter((r) => r.end !== 'charged and recorded')).toEqual([]);
      expect([...rt.sfn.executions.values()].filter((e) => e.status === 'RUNNING')).toEqual([]);
    },
    300_000,
  );
});
