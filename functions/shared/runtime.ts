// The real dependencies of the cycle's use cases, built once per Lambda container from the configuration
// (./config.ts: TABLE_NAME, STATE_MACHINE_ARN; endpoints from AWS_ENDPOINT_URL* when run locally). A cycle
// function names the repositories its use case needs (depsOf); the API, the notice dispatcher, the CLI and
// the local runtime take every one (cycleDeps), on the same store.
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

/** What every function gets besides repositories: the files, the executions, the clock, the metrics. */
export type BaseDeps = Pick<
  CycleDeps,
  'files' | 'executions' | 'now' | 'maxWaitSeconds' | 'metrics' | 'tableName'
>;

interface Container {
  tableName: string;
  store: Store;
  base: BaseDeps;
}
let built: Container | undefined;

/** The local runtime's settings; the deps are built again with them at their next use. */
export function useLocalSettings(settings: LocalSettings): void {
  local = settings;
  built = undefined;
}

/** Once per container; again when the table changes (a test, or the local runtime, may switch tables). */
function container(): Container {
  const config = readConfig();
  const tableName = required('TABLE_NAME', config);
  if (built?.tableName === tableName) return built;
  const store = createStore(createDocumentClient(), tableName);
  const base: BaseDeps = {
    files: s3FileStore(),
    executions: stepFunctionsExecutions(() => required('STATE_MACHINE_ARN')),
    now: local.now ?? (() => new Date()),
    ...(local.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: local.maxWaitSeconds }),
    // Not the handlers' logger: importing it here would build it before a quiet CLI silences it.
    metrics: metricsPort(),
    tableName,
  };
  built = { tableName, store, base };
  return built;
}

type Factories<R> = { [K in keyof R]: (store: Store) => R[K] };

/**
 * One function's deps: the base and the repositories it names (./storage/repositories.ts), built once per
 * container on its store. Naming them keeps every other adapter out of the function's bundle.
 */
export function depsOf<R extends object>(factories: Factories<R>): () => BaseDeps & R {
  let cached: { container: Container; deps: BaseDeps & R } | undefined;
  return () => {
    const c = container();
    if (cached?.container === c) return cached.deps;
    const repos = Object.fromEntries(
      Object.entries(factories).map(([name, build]) => [name, (build as (s: Store) => unknown)(c.store)]),
    ) as R;
    cached = { container: c, deps: { ...c.base, ...repos } };
    return cached.deps;
  };
}

let everything: { container: Container; repos: Repositories; deps: CycleDeps } | undefined;

/** Every repository, once per container. */
function allOf() {
  const c = container();
  if (everything?.container === c) return everything;
  const repos = createRepositories(c.store);
  everything = { container: c, repos, deps: { ...c.base, ...repos, corrections: repos.registry } };
  return everything;
}

/** Every port of the cycle (the API, the notice dispatcher, the CLI and the local runtime). */
export function cycleDeps(): CycleDeps {
  return allOf().deps;
}

/** The store the deps are built on (the API's idempotency and notices, the dispatcher's directory). */
export function cycleStore(): Store {
  return container().store;
}

/** The repositories of the deps, with their full types (the API's contribution history). */
export function cycleRepositories(): Repositories {
  return allOf().repos;
}
