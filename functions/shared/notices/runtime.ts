// The dispatcher's dependencies from the environment (the Lambda's; the local stack passes its own mailer).
import type { Mailer } from '../../../domain/ports/notices.js';
import { type Config, readConfig, required } from '../config.js';
import { depsOf } from '../runtime.js';
import { directory, imports, notices, outbox, registry, workflow } from '../storage/repositories.js';
import { DEFAULT_DISPATCH, type DispatchConfig, type DispatchDeps, type ParkedAlarm } from './dispatch.js';

export const PARKED_METRIC = { namespace: 'Kentaikyo/Notices', name: 'ParkedNotices' } as const;

/** The parked-notice metric as a CloudWatch embedded-metric log line (no SDK call, no extra permission). */
export function emfAlarm(parked: ParkedAlarm, log: (line: string) => void = console.log): void {
  log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: PARKED_METRIC.namespace,
            Dimensions: [[]],
            Metrics: [{ Name: PARKED_METRIC.name, Unit: 'Count' }],
          },
        ],
      },
      [PARKED_METRIC.name]: 1,
      // Ids and the notice's name only: never an address or a name.
      messageId: parked.messageId,
      notice: parked.notice,
      reason: parked.reason,
    }),
  );
}

export function dispatchConfigFromEnv(
  config: Config = readConfig(),
  overrides: Partial<DispatchConfig> = {},
): DispatchConfig {
  const baseUrl = overrides.baseUrl ?? required('APPROVAL_URL', config);
  const operatorsEmail = overrides.operatorsEmail ?? required('OPERATORS_EMAIL', config);
  return { ...DEFAULT_DISPATCH, ...overrides, baseUrl, operatorsEmail };
}

/** The dispatcher's repositories, once per container. */
export const dispatchRepositories = depsOf({ outbox, notices, directory, registry, imports, workflow });

export function dispatchDeps(
  mailer: Mailer,
  config: DispatchConfig,
  alarm: DispatchDeps['alarm'] = (p) => emfAlarm(p),
): DispatchDeps {
  const r = dispatchRepositories();
  return {
    outbox: r.outbox,
    notices: r.notices,
    directory: r.directory,
    registry: r.registry,
    imports: r.imports,
    workflow: r.workflow,
    mailer,
    alarm,
    now: r.now,
    config,
    ...(r.metrics ? { metrics: r.metrics } : {}),
  };
}
