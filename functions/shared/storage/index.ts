// The storage adapters, wired over one table. Handlers call storeFromEnv() once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContributionRecorder } from './contributions.js';
import { createStore, type Store } from './entities.js';
import { DynamoIdempotencyStore } from './idempotency.js';
import { DynamoImportRepository } from './imports.js';
import { DynamoLedger, type LedgerOptions } from './ledger.js';
import { DynamoAuditLog, DynamoOutbox } from './outbox.js';
import { DynamoRegistryLoader, DynamoRegistryRepository } from './registry.js';
import { DynamoWaitTokenStore } from './waits.js';
import { DynamoWorkflowRepository } from './workflow.js';

export { createStore, type Store } from './entities.js';
export { IDEMPOTENCY_LOCK_MS, IDEMPOTENCY_TTL_SECONDS } from './idempotency.js';
export { gsi1, keys, PREFIX, SK, type WaitKind } from './keys.js';
export { seedFromMaster } from './seed.js';
export { applicationIdOf } from './workflow.js';

/** A document client as handlers use it; the endpoint comes from AWS_ENDPOINT_URL when set (local runs). */
export function createDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({}),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** The store named by TABLE_NAME. */
export function storeFromEnv(env: NodeJS.ProcessEnv = process.env): Store {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createStore(createDocumentClient(), tableName);
}

export function createRepositories(store: Store, ledgerOptions?: LedgerOptions) {
  return {
    registry: new DynamoRegistryRepository(store),
    registryLoader: new DynamoRegistryLoader(store),
    imports: new DynamoImportRepository(store),
    workflow: new DynamoWorkflowRepository(store),
    waits: new DynamoWaitTokenStore(store),
    ledger: new DynamoLedger(store, ledgerOptions),
    contributions: new DynamoContributionRecorder(store),
    outbox: new DynamoOutbox(store),
    audit: new DynamoAuditLog(store),
    idempotency: new DynamoIdempotencyStore(store),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
