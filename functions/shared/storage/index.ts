// The storage adapters, wired over one table: the client with its limits, the store, every repository.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, readConfig, required } from '../config.js';
import { createStore, type Store } from './entities.js';
import * as repositories from './repositories.js';

export { createStore, type Store } from './entities.js';
export { IDEMPOTENCY_LOCK_MS, IDEMPOTENCY_TTL_SECONDS } from './idempotency.js';
export { gsi1, keys, PREFIX, SK } from './keys.js';
export { seedFromMaster } from './seed.js';
export { applicationIdOf } from './workflow.js';

/**
 * How long one table call may take, decided rather than inherited (the SDK's default never times out a
 * stalled socket). An API request stops at its first failing call: at worst ATTEMPTS × (connect or
 * request timeout) plus a short backoff, about 10 s — well under API Gateway's 29 s, so the caller gets
 * a 503 it can retry instead of a gateway timeout. A cycle Lambda fails the same way and the state
 * machine's Retry takes over.
 */
export const STORAGE_CLIENT = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 4_500,
  maxAttempts: 2,
} as const;

/** The low-level client with those limits; the endpoint comes from AWS_ENDPOINT_URL when set (local runs). */
export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: STORAGE_CLIENT.maxAttempts,
    // The SDK's own handler built from these options: no second copy bundled beside the runtime's SDK.
    requestHandler: {
      connectionTimeout: STORAGE_CLIENT.connectionTimeoutMs,
      requestTimeout: STORAGE_CLIENT.requestTimeoutMs,
      // Without it the handler only logs a warning when the time is up and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
}

/**
 * The table could not be reached or did not answer in time (time-out, refused or reset connection,
 * throttling, a 5xx): nothing says whether a write landed, and trying later may succeed.
 */
export function isStorageUnavailable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = err.$metadata?.httpStatusCode ?? 0;
  return (
    UNAVAILABLE.has(err.name ?? '') ||
    UNAVAILABLE.has(err.code ?? '') ||
    Boolean(err.$retryable) ||
    status === 429 ||
    status >= 500
  );
}

/** The SDK's names for a call that timed out, was throttled or lost its connection (no answer to trust). */
const UNAVAILABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalServerError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** A document client as handlers use it. */
export function createDocumentClient(client: DynamoDBClient = createDynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** The store named by TABLE_NAME. */
export function storeFromEnv(config: Config = readConfig()): Store {
  return createStore(createDocumentClient(), required('TABLE_NAME', config));
}

/** Every repository on one store (the API, the CLI, the tests); a cycle function builds only its own. */
export function createRepositories(store: Store) {
  return {
    registry: repositories.registry(store),
    registryLoader: repositories.registryLoader(store),
    imports: repositories.imports(store),
    workflow: repositories.workflow(store),
    waits: repositories.waits(store),
    ledger: repositories.ledger(store),
    contributions: repositories.contributions(store),
    outbox: repositories.outbox(store),
    audit: repositories.audit(store),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
