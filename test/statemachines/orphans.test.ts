// One CCUS file dropped many times in quick succession (CCUS re-sends, an operator double-drops): each
// drop is a new object version and starts its own execution; whatever the interleaving, exactly one
// execution stays alive for the site-month, no wait points at a replaced import, no notice is queued
// about an import once it is replaced, and the runner keeps serving.
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT_KINDS } from '../../domain/ports/storage.js';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, outboxOf, type Scenario, scenario, seed } from './support.js';

let rt: LocalRuntime;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
  process.off('unhandledRejection', onUnhandled);
});

async function checkMonth(s: Scenario) {
  const d = deps();
  await rt.sfn.settled(120_000);
  const execs = executionOf(rt, s);
  const live = execs.filter((e) => e.status === 'RUNNING');
  expect(live).toHaveLength(1);
  const current = await d.imports.currentImport(s.siteId, s.workMonth);
  expect((live[0]!.input as { importId: string }).importId).toBe(current?.importId);
  // Every other run ended quietly: superseded while it waited, or stale on arrival.
  for (const e of execs.filter((x) => x !== live[0])) {
    expect({ status: e.status, end: e.states.at(-1) }).toEqual({ status: 'SUCCEEDED', end: 'Superseded' });
  }
  for (const kind of WAIT_KINDS) {
    const w = await d.waits.get(s.siteId, s.workMonth, kind);
    if (w) expect(w.importId, kind).toBe(current?.importId);
  }
  // A notice about a replaced import comes only from its own run, which stored its wait (and the
  // notice, in the same write) while the import was current, and then ended Superseded.
  const byImport = new Map(execs.map((e) => [(e.input as { importId: string }).importId, e]));
  for (const m of await outboxOf(s)) {
    const about = String(m.payload.importId ?? '');
    if (about === current?.importId || !m.notice.startsWith('await-')) continue;
    const run = byImport.get(about);
    expect(run?.states, `${m.notice} about a replaced import`).toContain(m.notice.replace('await-', 'Await'));
    expect(run?.states.at(-1)).toBe('Superseded');
  }
  return live[0]!;
}

async function chargeAndCheck(s: Scenario) {
  const live = await checkMonth(s);
  // By id, not by position: the functions' clock is fixed, so messages share one createdAt.
  const before = new Set((await outboxOf(s)).map((m) => m.messageId));
  await apply(deps(), s.siteId, s.workMonth, 'prime-user');
  await rt.sfn.settled();
  await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
  await rt.sfn.settled();
  expect(live.status).toBe('SUCCEEDED');
  expect(live.states.at(-1)).toBe('Charged');
  expect(executionOf(rt, s).filter((e) => e.status === 'RUNNING')).toEqual([]);
  expect((await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit')).toHaveLength(1);
  // After the charge, nothing more about any import but the charged one.
  const current = (await deps().imports.currentImport(s.siteId, s.workMonth))?.importId;
  const after = (await outboxOf(s)).filter((m) => !before.has(m.messageId));
  expect(after.filter((m) => m.payload.importId !== undefined && m.payload.importId !== current)).toEqual([]);
}

describe('one file dropped many times in quick succession', () => {
  it('six drops 200 ms apart: one live execution, no wait or notice for a replaced import', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    for (let i = 0; i < 6; i++) {
      await rt.dropFile(s.key, s.csv);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(executionOf(rt, s)).toHaveLength(6);
    await chargeAndCheck(s);
  }, 180_000);

  it('ten drops at once: one live execution, no wait or notice for a replaced import', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    await Promise.all(Array.from({ length: 10 }, () => rt.dropFile(s.key, s.csv)));
    expect(executionOf(rt, s)).toHaveLength(10);
    await chargeAndCheck(s);
  }, 180_000);

  it('the runner still serves, and no execution left an unhandled rejection behind', async () => {
    const sfn = new SFNClient({});
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: rt.stack.stateMachineArn }));
    expect(listed.executions?.length).toBeGreaterThanOrEqual(16);
    sfn.destroy();
    expect(unhandled).toEqual([]);
  });
});
