// The real dependencies of the cycle's use cases, built once per Lambda container from the environment
// (TABLE_NAME, STATE_MACHINE_ARN; endpoints from AWS_ENDPOINT_URL* when run locally).
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { CycleDeps } from '../../domain/ports/cycle.js';
import { stepFunctionsExecutions } from './aws/executions.js';
import { s3FileStore } from './aws/files.js';
import { metricsPort } from './observability.js';
import { createRepositories, storeFromEnv } from './storage/index.js';

let deps: CycleDeps | undefined;

/** The clock: real time on AWS; the local runtime may fix it (LOCAL_CLOCK) to replay a date. */
function clock(): Date {
  const fixed = process.env.LOCAL_CLOCK;
  return fixed ? new Date(fixed) : new Date();
}

export function cycleDeps(): CycleDeps {
  if (deps && deps.tableName === process.env.TABLE_NAME) return deps;
  const repos = createRepositories(storeFromEnv());
  deps = {
    ...repos,
    corrections: repos.registry,
    // Path-style works with S3 and with a local endpoint alike.
    files: s3FileStore(new S3Client({ forcePathStyle: true })),
    executions: stepFunctionsExecutions(new SFNClient({}), () => {
      const arn = process.env.STATE_MACHINE_ARN;
      if (!arn) throw new Error('STATE_MACHINE_ARN is not set');
      return arn;
    }),
    now: clock,
    // The local runtime compresses time with LOCAL_MAX_WAIT_SECONDS; it is never set on AWS.
    ...(process.env.LOCAL_MAX_WAIT_SECONDS
      ? { maxWaitSeconds: Number(process.env.LOCAL_MAX_WAIT_SECONDS) }
      : {}),
    // Not the handlers' logger: importing it here would build it before a quiet CLI silences it.
    metrics: metricsPort(),
    tableName: process.env.TABLE_NAME,
  };
  return deps;
}
