// The local Step Functions runner as Lambda and Step Functions would run a task: the function's own
// timeout and remaining time, a time-out that fails the task (and is retried), and no failure of one
// execution that can take the process down.
import { SendTaskFailureCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { currentTask, type Handler, LocalStepFunctions } from '../../../infra/local/step-functions.js';
import type { LocalFunction } from '../../../infra/local/template.js';

const ARN = 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:test';
const fn = (name: string, timeoutSeconds: number): LocalFunction => ({
  logicalId: name,
  arn: `arn:aws:lambda:ap-northeast-1:000000000000:function:${name}`,
  entry: `functions/${name}/handler.ts`,
  environment: {},
  timeoutSeconds,
});

function task(f: LocalFunction, next: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: f.arn, Payload: { 'n.$': '$.n' } },
    ResultPath: '$.out',
    ...(next ? { Next: next } : { End: true }),
    ...extra,
  };
}

const running: LocalStepFunctions[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

function runner(
  definition: Record<string, unknown>,
  handlers: Record<string, Handler>,
  functions: LocalFunction[],
  opts = {},
) {
  const sfn = new LocalStepFunctions({
    definition,
    stateMachineArn: ARN,
    functions,
    loadHandler: async (f) => handlers[f.logicalId]!,
    ...opts,
  });
  running.push(sfn);
  return sfn;
}

async function ended(sfn: LocalStepFunctions, arn: string) {
  for (let i = 0; i < 400 && sfn.describe(arn).status === 'RUNNING'; i++)
    await new Promise((r) => setTimeout(r, 10));
  return sfn.describe(arn);
}

describe('local Step Functions: each task gets its deployed timeout', () => {
  it('tells the handler the time its function has (10 minutes for the import), not a fixed 30 s', async () => {
    const importer = fn('Import', 600);
    let remaining = 0;
    const sfn = runner(
      { StartAt: 'Import', States: { Import: task(importer, undefined) } },
      {
        Import: async (_e, ctx) => {
          remaining = (ctx as { getRemainingTimeInMillis: () => number }).getRemainingTimeInMillis();
          return 'ok';
        },
      },
      [importer],
    );
    const { executionArn } = sfn.startExecution('a', { n: 1 });
    expect((await ended(sfn, executionArn)).status).toBe('SUCCEEDED');
    expect(remaining).toBeGreaterThan(590_000);
    expect(remaining).toBeLessThanOrEqual(600_000);
  });

  it('fails a task that outlives its timeout with Sandbox.Timedout, which the Retry retries', async () => {
    const slow = fn('Slow', 1);
    let calls = 0;
    const sfn = runner(
      {
        StartAt: 'Slow',
        States: {
          Slow: task(slow, undefined, {
            Retry: [{ ErrorEquals: ['Sandbox.Timedout'], IntervalSeconds: 1, MaxAttempts: 2 }],
          }),
        },
      },
      {
        Slow: async () => {
          calls++;
          if (calls === 1) await new Promise((r) => setTimeout(r, 400));
          return calls;
        },
      },
      [slow],
      { maxTaskSeconds: 0.1, retryIntervalMs: 5 },
    );
    const { executionArn } = sfn.startExecution('b', { n: 1 });
    const d = await ended(sfn, executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(calls).toBe(2);
    // What the timed-out invocation still does counts until it ends: settled() waits for it.
    await sfn.settled();
  });

  it('without a retry, the time-out fails the execution under its own name', async () => {
    const slow = fn('Slow', 1);
    const sfn = runner(
      { StartAt: 'Slow', States: { Slow: task(slow, undefined) } },
      { Slow: () => new Promise((r) => setTimeout(r, 300)) },
      [slow],
      { maxTaskSeconds: 0.05 },
    );
    const { executionArn } = sfn.startExecution('c', { n: 1 });
    expect(await ended(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'Sandbox.Timedout' });
  });
  it('expire() times the invocation out at once, far before its deadline, and marks its scope ended', async () => {
    const hung = fn('Hung', 600);
    const scopes: { timedOut?: boolean }[] = [];
    let calls = 0;
    const sfn = runner(
      {
        StartAt: 'Hung',
        States: {
          Hung: task(hung, undefined, {
            Retry: [{ ErrorEquals: ['Sandbox.Timedout'], IntervalSeconds: 1, MaxAttempts: 1 }],
          }),
        },
      },
      {
        Hung: async () => {
          calls++;
          const scope = currentTask()!;
          scopes.push(scope);
          if (calls === 1) {
            scope.expire?.();
            await new Promise((r) => setTimeout(r, 50));
            return 'too late';
          }
          return 'retried';
        },
      },
      [hung],
      { retryIntervalMs: 5 },
    );
    const { executionArn } = sfn.startExecution('e', { n: 1 });
    // ended() waits 4 s at most: the 600 s deadline was not waited for, and the retry's answer won.
    expect(await ended(sfn, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: expect.stringContaining('"Payload":"retried"'),
    });
    expect(calls).toBe(2);
    expect(scopes.map((s) => s.timedOut ?? false)).toEqual([true, false]);
    await sfn.settled();
  });
});

describe('local Step Functions: one execution cannot crash the runner', () => {
  it('a wait failed (superseded) while its handler still runs, then the handler failing, leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const awaitFn = fn('Await', 30);
      let endpoint = '';
      const sfn = runner(
        {
          StartAt: 'Await',
          States: {
            Await: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: awaitFn.arn, Payload: { 'token.$': '$$.Task.Token' } },
              TimeoutSeconds: 60,
              End: true,
            },
          },
        },
        {
          Await: async (event) => {
            const { token } = event as { token: string };
            const client = new SFNClient({
              endpoint,
              region: 'ap-northeast-1',
              credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
            });
            // Another run supersedes this wait before this handler has returned…
            await client.send(
              new SendTaskFailureCommand({ taskToken: token, error: 'Superseded', cause: 'replaced' }),
            );
            client.destroy();
            await new Promise((r) => setTimeout(r, 20));
            // …and then this handler fails too.
            throw Object.assign(new Error('storage went away'), { name: 'TransientError' });
          },
        },
        [awaitFn],
      );
      endpoint = await sfn.listen();
      const { executionArn } = sfn.startExecution('d', {});
      const d = await ended(sfn, executionArn);
      await new Promise((r) => setTimeout(r, 50));
      expect(d.status).toBe('FAILED');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
