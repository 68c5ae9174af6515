import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planWait } from '../../../domain/reminders.js';
import { cycleHandler, isTransient } from '../../../functions/shared/handler.js';
import { executionNameOf, importIdOf, parseInboxKey } from '../../../functions/shared/use-cases/month/ids.js';

const context = { awsRequestId: 'r1', functionName: 'test', getRemainingTimeInMillis: () => 1000 };

describe('cycle handlers: parse → use case → output', () => {
  const schema = z.object({ siteId: z.string().regex(/^\d+$/) });

  it('passes the parsed input to the use case', async () => {
    const h = cycleHandler(
      schema,
      () => ({ tag: 'deps' }),
      async (deps, input) => ({ ...deps, ...input }),
    );
    await expect(h({ siteId: '123' }, context as never)).resolves.toEqual({ tag: 'deps', siteId: '123' });
  });

  it('refuses a bad event as InvalidInput naming the field, not its value', async () => {
    const h = cycleHandler(
      schema,
      () => ({}),
      async () => 'never',
    );
    const err = await h({ siteId: 'ヤマダ' }, context as never).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('InvalidInput');
    expect((err as Error).message).toContain('siteId');
    expect((err as Error).message).not.toContain('ヤマダ');
  });

  it('renames throttling and 5xx errors TransientError so the state machine retries them', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    const h = cycleHandler(
      schema,
      () => ({}),
      async () => {
        throw throttled;
      },
    );
    await expect(h({ siteId: '1' }, context as never)).rejects.toMatchObject({ name: 'TransientError' });
    expect(isTransient({ $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
  });

  it('keeps the name of any other error (it ends in the recorded failure path)', async () => {
    const h = cycleHandler(
      schema,
      () => ({}),
      async () => {
        throw Object.assign(new Error('no approved application'), { name: 'NotApproved' });
      },
    );
    await expect(h({ siteId: '1' }, context as never)).rejects.toMatchObject({ name: 'NotApproved' });
  });
});

describe('names and ids of a site-month', () => {
  it('reads 現場ID and month from an inbox key, and nothing else', () => {
    expect(parseInboxKey('ccus/9000000001/202610/a.csv')).toEqual({
      siteId: '9000000001',
      workMonth: '2026-10',
    });
    expect(parseInboxKey('ccus/9000000001/202613/a.csv')).toBeNull();
    expect(parseInboxKey('other/9000000001/202610/a.csv')).toBeNull();
    expect(parseInboxKey('ccus/9000000001/202610/sub/a.csv')).toBeNull();
  });

  it('gives one import id and one execution name per object version (a replay finds the same)', () => {
    const a = importIdOf('ccus/1/202610/a.csv', 'v1');
    expect(importIdOf('ccus/1/202610/a.csv', 'v1')).toBe(a);
    expect(importIdOf('ccus/1/202610/a.csv', 'v2')).not.toBe(a);
    const name = executionNameOf('12345678901234567890', '2026-10', a);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

describe('R-DEADLINE reminder plan of a wait (第11条1: by the end of the month after)', () => {
  const at = (iso: string) => new Date(iso);
  it('asks first, with the timeout until 7 days before the deadline', () => {
    const p = planWait('2026-10', at('2026-11-11T09:00:00+09:00'));
    expect(p).toEqual({ notice: 'request', dueOn: '2026-11-30', timeoutSeconds: 12 * 86_400 - 9 * 3600 });
  });
  it('reminds in the last week, until the deadline day ends', () => {
    const p = planWait('2026-10', at('2026-11-28T00:00:00+09:00'));
    expect(p.notice).toBe('reminder');
    expect(p.timeoutSeconds).toBe(3 * 86_400);
  });
  it('calls overdue after the deadline, every 3 days', () => {
    const p = planWait('2026-10', at('2026-12-01T00:00:00+09:00'));
    expect(p).toMatchObject({ notice: 'overdue', timeoutSeconds: 3 * 86_400 });
  });
  it('caps the timeout when the local runtime compresses time', () => {
    expect(planWait('2026-10', at('2026-11-11T09:00:00+09:00'), 1).timeoutSeconds).toBe(1);
  });
});

describe('cycle handlers under time-outs and failures', () => {
  const schema = z.object({ siteId: z.string() });

  /** The JSON log lines the handler writes while `run` runs (Powertools: info to stdout, warn/error to stderr). */
  async function logsOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const streams = [process.stdout, process.stderr];
    const writes = streams.map((s) => s.write);
    for (const s of streams)
      s.write = ((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      }) as typeof s.write;
    try {
      await run().catch(() => undefined);
    } finally {
      streams.forEach((s, i) => {
        s.write = writes[i]!;
      });
    }
    return lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it("renames middy's own TimeoutError (the invocation ran out of time) TransientError, and logs it", async () => {
    const h = cycleHandler(
      schema,
      () => ({}),
      () => new Promise((r) => setTimeout(() => r('too late'), 2_000)),
    );
    const short = { ...context, getRemainingTimeInMillis: () => 60 };
    let err: unknown;
    const logs = await logsOf(async () => {
      err = await h({ siteId: '1' }, short as never).catch((e: Error) => e);
    });
    expect(err).toMatchObject({ name: 'TransientError' });
    expect(logs.some((l) => l.level === 'WARN' && l.error === 'TimeoutError')).toBe(true);
  });

  it('logs the failure message under `reason` (the logger keeps `message` for its own line)', async () => {
    const h = cycleHandler(
      schema,
      () => ({}),
      async () => {
        throw Object.assign(new Error('no approved application for 1 2026-10 (申請)'), {
          name: 'NotApproved',
        });
      },
    );
    const logs = await logsOf(() => h({ siteId: '1' }, context as never));
    const line = logs.find((l) => l.level === 'ERROR');
    expect(line).toMatchObject({
      message: 'use case failed',
      error: 'NotApproved',
      reason: 'no approved application for 1 2026-10 (申請)',
    });
  });

  it('counts every SDK time-out, throttle and retryable cancellation as transient, not a failed condition', () => {
    for (const name of ['TimeoutError', 'RequestTimeout', 'ThrottlingException', 'ETIMEDOUT', 'AbortError'])
      expect(isTransient({ name })).toBe(true);
    expect(
      isTransient({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    ).toBe(true);
    expect(
      isTransient({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    ).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
