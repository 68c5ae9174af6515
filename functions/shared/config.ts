// The functions' configuration, one place: every environment variable a function of functions/ reads is
// named and checked here (zod's mini build, as the cycle's events). The stack sets them
// (infra/stacks/stateless-stack.ts, infra/constructs/cycle-function.ts); Powertools reads its own
// POWERTOOLS_* and the SDK its AWS_* itself. Local-only settings are not here: the local runtime injects
// its clock and its cap on waits into the deps it builds (functions/shared/runtime.ts).
import * as z from 'zod/mini';

/** A value that is set; an empty string counts as unset. */
const value = z.optional(z.string().check(z.minLength(1)));

const schema = z.object({
  /** The single table (every function). */
  TABLE_NAME: value,
  /** The monthly cycle's state machine (start-cycle, the registry import, the API: start and resume). */
  STATE_MACHINE_ARN: value,
  /** The inbox bucket of CCUS files (revalidate-import re-reads them; the API signs uploads into it). */
  INBOX_BUCKET: value,
  /** The inbox's KMS key (the API's presigned PUTs name it). */
  INBOX_KEY_ARN: value,
  /** The notice dispatcher: sender address, SES configuration set, the approval site's URL, the operators. */
  SENDER_EMAIL: value,
  SES_CONFIGURATION_SET: value,
  APPROVAL_URL: value,
  OPERATORS_EMAIL: value,
  /** The stack's name: the metrics' `deployment` dimension. */
  DEPLOYMENT: value,
  /** Set by the Lambda runtime only: metrics and traces are on in a Lambda, off elsewhere. */
  AWS_EXECUTION_ENV: value,
  /** A local endpoint (moto): S3 is then addressed path-style. */
  AWS_ENDPOINT_URL: value,
});

export type Config = z.output<typeof schema>;
export type ConfigName = keyof Config;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The configuration in `env` (the process's by default); empty values are unset. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const set = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (env[k] ? [[k, env[k]]] : [])));
  const r = z.safeParse(schema, set);
  if (!r.success)
    throw new ConfigError(`invalid configuration: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return r.data;
}

/** The value a function cannot run without; its absence names the variable. */
export function required<K extends ConfigName>(name: K, config: Config = readConfig()): string {
  const v = config[name];
  if (v === undefined) throw new ConfigError(`${name} is not set (the function's environment)`);
  return v;
}

/** Set by the Lambda runtime only (the local server refuses to start when it is set). */
export const inLambda = (config: Config = readConfig()) => config.AWS_EXECUTION_ENV !== undefined;
