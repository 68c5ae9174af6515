// Traces and metrics of the handler factories: in a Lambda, a business count becomes one CloudWatch EMF
// line after the invocation (none when nothing was counted); anywhere else (CLI, local server, tests)
// counts go to the debug log and nothing reaches stdout, where a command prints its JSON.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { cycleHandler } from '../../../functions/shared/handler.js';
import { METRICS_NAMESPACE, metricsPort, SERVICE_NAME } from '../../../functions/shared/observability.js';

const context = { awsRequestId: 'r1', functionName: 'test', getRemainingTimeInMillis: () => 1000 };

let out: string[];

beforeEach(() => {
  out = [];
  const capture = (chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AWS_EXECUTION_ENV;
});

describe('metrics outside a Lambda', () => {
  it('go to the debug log, never to stdout', () => {
    const debug = vi.fn();
    const port = metricsPort({ debug }, {});
    port.count('FilesReceived');
    port.count('PointsDebited', 6_400);
    expect(debug.mock.calls).toEqual([
      ['metric', { metric: 'FilesReceived', value: 1 }],
      ['metric', { metric: 'PointsDebited', value: 6_400 }],
    ]);
    expect(out).toEqual([]);
  });

  it('leave a cycle handler silent: no EMF line, no warning', async () => {
    const h = cycleHandler(
      z.object({}),
      () => ({ metrics: metricsPort({ debug: () => {} }) }),
      async (d) => {
        d.metrics.count('FilesReceived');
        return 'ok';
      },
    );
    await expect(h({}, context as never)).resolves.toBe('ok');
    expect(out.filter((l) => l.includes('_aws') || l.includes('metrics'))).toEqual([]);
  });
});

describe('metrics in a Lambda', () => {
  const build = () =>
    cycleHandler(
      z.object({ count: z.boolean() }),
      () => ({ metrics: metricsPort({ debug: () => {} }) }),
      async (d, input) => {
        if (input.count) {
          d.metrics.count('MonthsCharged');
          d.metrics.count('PointsDebited', 6_400);
        }
        return 'ok';
      },
    );

  it('flush one EMF line per invocation that counted, under the namespace and service', async () => {
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    await build()({ count: true }, context as never);
    const emf = out.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
    expect(emf).toHaveLength(1);
    const directive = emf[0]._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive.Dimensions[0]).toContain('service');
    expect(directive.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual([
      'MonthsCharged',
      'PointsDebited',
    ]);
    expect(emf[0]).toMatchObject({ service: SERVICE_NAME, MonthsCharged: 1, PointsDebited: 6_400 });
  });

  it('write nothing for an invocation that counted nothing (no "no metrics" warning per call)', async () => {
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    await build()({ count: false }, context as never);
    expect(out.filter((l) => l.includes('_aws') || /metrics/i.test(l))).toEqual([]);
  });
});
