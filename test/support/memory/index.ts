// In-memory adapters of every port (domain/ports/), for unit tests of the use cases. Each keeps the
// promises its DynamoDB adapter (functions/shared/storage/) makes: conditions, idempotency, refusals.
export { MemoryAuditLog } from './audit.js';
export { copy, DEFAULT_NOW, MemoryClock } from './clock.js';
export { MemoryContributions } from './contributions.js';
export {
  type MemoryCycleDeps,
  MemoryExecutions,
  MemoryFiles,
  MemoryMetrics,
  memoryCycleDeps,
} from './cycle.js';
export { MemoryIdempotencyStore } from './idempotency.js';
export { MemoryImports } from './imports.js';
export { MemoryLedger } from './ledger.js';
export { MemoryMailer, MemoryUserDirectory } from './notices.js';
export { MemoryNoticeStore, MemoryOutbox } from './outbox.js';
export { MemoryRegistry } from './registry.js';
export { seedMemory } from './seed.js';
export { MemoryWaits } from './waits.js';
export { MemoryWorkflow } from './workflow.js';
