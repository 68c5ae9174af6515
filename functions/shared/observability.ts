// Business metrics of every Lambda, set up once for the handler factories (cycleHandler and the API's
// handler): Powertools Metrics (CloudWatch embedded metric format on stdout, flushed after each
// invocation). Anywhere else (the CLI, `npm start`, tests) counts are dropped (or given to a debug log),
// so nothing is added to a command's JSON output. No function loads the X-Ray SDK (docs/lambdas.md).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { MetricsPort } from '../../domain/ports/registry.js';
import { type Config, inLambda, readConfig } from './config.js';

export { inLambda };

/** The same in every stage: a stage is told apart by the `deployment` dimension (the stack's name). */
export const METRICS_NAMESPACE = 'Kentaikyo';
/** The logger's service too (POWERTOOLS_SERVICE_NAME of every function). */
export const SERVICE_NAME = 'kentaikyo-cycle';

const { DEPLOYMENT } = readConfig();
const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: SERVICE_NAME,
  // DEPLOYMENT is the stack's name (infra/constructs/cycle-function.ts): dev and prod stay apart.
  ...(DEPLOYMENT ? { defaultDimensions: { deployment: DEPLOYMENT } } : {}),
});

/** Powertools Metrics (buffered; the middleware flushes them after the invocation). */
const emf: MetricsPort = {
  // Every figure is a count (PointsDebited counts points).
  count: (metric, value = 1) => metrics.addMetric(metric, MetricUnit.Count, value),
};

interface DebugLog {
  debug(message: string, extra: Record<string, unknown>): void;
}

/**
 * The metrics port of this process. Outside a Lambda, counts go to `log` at debug level when one is
 * given, else nowhere: never to stdout, where a command prints its JSON.
 */
export function metricsPort(log?: DebugLog, config: Config = readConfig()): MetricsPort {
  if (inLambda(config)) return emf;
  return { count: (metric, value = 1) => log?.debug('metric', { metric, value }) };
}

/**
 * Flushes what the invocation counted, and only that: Powertools' own middleware warns on every invocation
 * that counted nothing (most of them), which would fill the logs.
 */
const flushMetrics: MiddlewareObj = {
  after: async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/** The middleware every handler gets: the invocation's metrics flushed. */
export function observed(): MiddlewareObj[] {
  if (!inLambda()) return [];
  return [flushMetrics];
}
