// What one site-month costs, counted through the real local run (synthesized definition, real
// handlers, moto): state transitions, Lambda invocations by function, DynamoDB calls and items by
// operation, S3 calls. docs/cost.md prices these counts; when a count changes, the doc must follow.
// One clean 元請一括 month (the basic-run fixture: 5 workers, 50 days): file → 予約可能 → 申請 → 承認
// → debit → contributions → charged, then the notices it queued delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../functions/shared/use-cases/apply-for-charge.js';
import { decide } from '../../functions/shared/use-cases/decide-application.js';
import type { MotoCalls } from '../../infra/local/moto.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00', noticeIntervalMs: 0 });
  // The dispatcher runs when the test says (its calls are counted apart).
  rt.notices.paused = true;
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

function diff(after: MotoCalls, before: MotoCalls): MotoCalls {
  const out: MotoCalls = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

describe('one site-month, counted (docs/cost.md)', () => {
  it('costs a fixed number of transitions, invocations and DynamoDB calls', {
    timeout: 300_000,
  }, async () => {
    const s = scenario('basic-run');
    await seed(s);
    const states = rt.stack.definition.States as Record<string, { Type: string; Resource?: string }>;
    const phases: Record<string, MotoCalls> = {};
    let mark = await rt.moto.calls();
    const phase = async (name: string) => {
      const now = await rt.moto.calls();
      phases[name] = diff(now, mark);
      mark = now;
    };

    await rt.dropFile(s.key, s.csv);
    await rt.sfn.settled();
    await phase('file to 予約可能');
    await apply(deps(), s.siteId, s.workMonth, 'prime-user');
    await rt.sfn.settled();
    await phase('apply');
    await decide(deps(), s.siteId, s.workMonth, '承認', { by: 'prime-boss' });
    await rt.sfn.settled();
    await phase('承認 to charged');
    rt.notices.paused = false;
    await rt.notices.flush();
    await phase('notices');

    const mails = rt.notices.mailbox.mails.length;
    const [exec] = executionOf(rt, s);
    expect(exec?.status).toBe('SUCCEEDED');
    const entered = exec!.states;
    const tasks = entered.filter((n) => states[n]?.Type === 'Task');
    console.info('site-month', { mails, transitions: entered.length, tasks: tasks.length, entered, phases });

    // Step Functions bills each state entered: 16 for a clean month with no reminder.
    expect(entered).toEqual([
      'ImportWorkRecords',
      'IsFileRefused',
      'IsZeroDayMonth',
      'NeedsCorrection',
      'IsAfterCharge',
      'IsFirstTierBatch',
      'PlanApplicationReminder',
      'AwaitApplication',
      'PlanApprovalReminder',
      'AwaitApproval',
      'ApprovalDecision',
      'DebitPoints',
      'IsBalanceShort',
      'RecordContributions',
      'NotifyCharged',
      'Charged',
    ]);
    // Lambda invocations by the state machine (plus start-cycle on the S3 event and the API's 申請/承認).
    expect(tasks).toHaveLength(8);

    // DynamoDB calls by phase and operation (items of batches and transactions as `:items`).
    expect(phases['file to 予約可能']).toEqual({
      BatchGetItem: 1,
      'BatchGetItem:items': 27,
      BatchWriteItem: 1,
      'BatchWriteItem:items': 5,
      GetItem: 8,
      // The file itself and its audit record (received, by the inbox).
      PutItem: 2,
      Query: 5,
      'S3:GET': 1,
      'S3:PUT': 1,
      TransactWriteItems: 2,
      'TransactWriteItems:items': 5,
    });
    expect(phases.apply).toEqual({
      DeleteItem: 1,
      GetItem: 10,
      Query: 2,
      TransactWriteItems: 2,
      'TransactWriteItems:items': 5,
    });
    // The debit takes its turn in the prime's queue (UpdateItem ×2) before its one ledger transaction.
    expect(phases['承認 to charged']).toEqual({
      DeleteItem: 1,
      GetItem: 21,
      // …with the charge's audit record; RecordContributions asks for the month's earlier charges.
      PutItem: 5,
      Query: 10,
      TransactWriteItems: 4,
      'TransactWriteItems:items': 16,
      'TransactWriteItems:ledger': 1,
      UpdateItem: 3,
    });
    // Mails sent (SES in AWS): ファイル受信, the 申請 and 承認 requests, 充当済 …, to the prime's users.
    expect(mails).toBe(7);
    // The dispatcher delivering what the month queued (ファイル受信, 申請/承認 requests, 充当済…).
    expect(phases.notices).toEqual({ GetItem: 28, PutItem: 13, Query: 9, UpdateItem: 33 });
  });
});
