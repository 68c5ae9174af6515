// What the monthly-cycle use cases need, as ports: storage (./storage.ts), the file store,
// the execution callbacks and a clock. Handlers build the real ones; tests may pass fakes.
import type { MetricsPort, RegistryLoader } from './registry.js';
import type {
  AuditLog,
  ContributionRecorder,
  CorrectionRepository,
  ImportRepository,
  LedgerPort,
  Outbox,
  RegistryRepository,
  WaitTokenStore,
  WorkflowRepository,
} from './storage.js';

export interface FileStore {
  /** The bytes of one object version, as a stream. */
  open(bucket: string, key: string, versionId?: string): Promise<AsyncIterable<Uint8Array>>;
}

export interface Executions {
  /** Starts the month's execution; `already-started` when the deterministic name exists. */
  start(name: string, input: Record<string, unknown>): Promise<'started' | 'already-started'>;
  resume(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'expired'>;
  fail(taskToken: string, error: string, cause: string): Promise<'failed' | 'expired'>;
}

export interface CycleDeps {
  registry: RegistryRepository;
  registryLoader: RegistryLoader;
  corrections: CorrectionRepository;
  imports: ImportRepository;
  workflow: WorkflowRepository;
  waits: WaitTokenStore;
  ledger: LedgerPort;
  contributions: ContributionRecorder;
  outbox: Outbox;
  files: FileStore;
  executions: Executions;
  now: () => Date;
  /**
   * The longest a wait's callback task sleeps before it plans again. Unset on AWS (the deadline decides);
   * the local runtime compresses time with it.
   */
  maxWaitSeconds?: number;
  /** Business metrics (CloudWatch in AWS); absent in stand-in deps, which count nothing. */
  metrics?: MetricsPort;
  /** The audit trail: the cycle's own writes (files, charges) are recorded with a system actor. */
  audit?: AuditLog;
  /** The table the deps were built for (a container, or a test, may switch tables). */
  tableName?: string | undefined;
}

/** The keys of one run of the month: the site, the work month and the import it charges. */
export interface MonthIds {
  siteId: string;
  workMonth: string;
  importId: string;
}
