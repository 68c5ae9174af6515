// The month that always ends, with the real handlers in the local runner: months without any worked
// day (R-ZERO-MONTH), companies and workers left out of the month (R-EXCLUDE), 一次一括 done by each
// 一次 and by the prime for a silent one (R-FIRST-TIER), and the charged notice per chain.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterData } from '../../domain/storage-ports.js';
import { apply, decide } from '../../functions/shared/cycle/actions.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../integration/api/http.js';
import { deps, executionOf, FIXTURES, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;
const CLOCK = '2026-11-13T09:00:00+09:00';

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: CLOCK });
}, 120_000);
afterAll(async () => {
  process.env.LOCAL_CLOCK = CLOCK;
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
