// The real dependencies of the cycle's use cases, built once per Lambda container from the configuration
// (./config.ts: TABLE_NAME, STATE_MACHINE_ARN; endpoints from AWS_ENDPOINT_URL* when run locally). The
// API and the notice dispatcher build on the same store and repositories.
import type { CycleDeps } from '../../domain/ports/cycle.js';
import { stepFunctionsExecutions } from './aws/executions.js';
import { s3FileStore } from './aws/files.js';
import { readConfig, required } from './config.js';
import { metricsPort } from './observability.js';
import {
  createDocumentClient,
  createRepositories,
  createStore,
  type Repositories,
  type Store,
} from './storage/index.js';

/**
 * What the local runtime (infra/local/runtime.ts) gives the functions it runs in its process instead of
 * environment variables: a clock it may fix or move, and a cap on every wait for people. On AWS neither
 * is set: real time, and the deadline decides.
 */
export interface LocalSettings {
  now?: () => Date;
  maxWaitSeconds?: number;
}

let local: LocalSettings = {};
let built: { tableName: string; store: Store; repos: Repositories; deps: CycleDeps } | undefined;

/** The local runtime's settings; the deps are built again with them at their next use. */
export function useLocalSettings(settings: LocalSettings): void {
  local = settings;
  built = undefined;
}

/** Once per container; again when the table changes (a test, or the local runtime, may switch tables). */
function container() {
  const config = readConfig();
  const tableName = required('TABLE_NAME', config);
  if (built?.tableName === tableName) return built;
  const store = createStore(createDocumentClient(), tableName);
  const repos = createRepositories(store);
  const deps: CycleDeps = {
    ...repos,
    corrections: repos.registry,
    files: s3FileStore(),
    executions: stepFunctionsExecutions(() => required('STATE_MACHINE_ARN')),
    now: local.now ?? (() => new Date()),
    ...(local.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: local.maxWaitSeconds }),
    // Not the handlers' logger: importing it here would build it before a quiet CLI silences it.
    metrics: metricsPort(),
    tableName,
  };
  built = { tableName, store, repos, deps };
  return built;
}

export function cycleDeps(): CycleDeps {
  return container().deps;
}

/** The store the deps are built on (the API's idempotency and notices, the dispatcher's directory). */
export function cycleStore(): Store {
  return container().store;
}

/** The repositories of the deps, with their full types (the API's contribution history). */
export function cycleRepositories(): Repositories {
  return container().repos;
}
