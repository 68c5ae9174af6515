// Every repository of the single table, one factory each. A function names the ones its use case needs
// (runtime.ts `depsOf`), so its bundle carries only those adapters; the API and the CLI take them all.
import { DynamoContributionRecorder } from './contributions.js';
import { DynamoUserDirectory } from './directory.js';
import type { Store } from './entities.js';
import { DynamoImportRepository } from './imports.js';
import { DynamoLedger } from './ledger.js';
import { DynamoAuditLog, DynamoNoticeStore, DynamoOutbox } from './outbox.js';
import { DynamoRegistryLoader, DynamoRegistryRepository } from './registry.js';
import { DynamoWaitTokenStore } from './waits.js';
import { DynamoWorkflowRepository } from './workflow.js';

export const registry = (store: Store) => new DynamoRegistryRepository(store);
/** The corrections (名寄せ, mappings) live with the registry. */
export const corrections = registry;
export const registryLoader = (store: Store) => new DynamoRegistryLoader(store);
export const imports = (store: Store) => new DynamoImportRepository(store);
export const workflow = (store: Store) => new DynamoWorkflowRepository(store);
export const waits = (store: Store) => new DynamoWaitTokenStore(store);
export const ledger = (store: Store) => new DynamoLedger(store);
export const contributions = (store: Store) => new DynamoContributionRecorder(store);
export const outbox = (store: Store) => new DynamoOutbox(store);
export const audit = (store: Store) => new DynamoAuditLog(store);
/** The notices as their recipients and the dispatcher see them, and where they are sent. */
export const notices = (store: Store) => new DynamoNoticeStore(store);
export const directory = (store: Store) => new DynamoUserDirectory(store);
/** The store itself, for the few writers that span entities in one transaction (the registry import). */
export const store = (s: Store) => s;
