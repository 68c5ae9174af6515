// The cycle's outside world in memory: the file store (object versions), the executions (started by
// name once; a task token resumes or fails once), the business metrics, and memoryCycleDeps, which
// assembles every port of CycleDeps over one fixed clock.
import type { CycleDeps, Executions, FileStore } from '../../../domain/ports/cycle.js';
import type { BusinessMetric, MetricsPort } from '../../../domain/ports/registry.js';
import { MemoryAuditLog } from './audit.js';
import { MemoryClock } from './clock.js';
import { MemoryContributions } from './contributions.js';
import { MemoryImports } from './imports.js';
import { MemoryLedger } from './ledger.js';
import { MemoryOutbox } from './outbox.js';
import { MemoryRegistry } from './registry.js';
import { MemoryWaits } from './waits.js';
import { MemoryWorkflow } from './workflow.js';

export class MemoryFiles implements FileStore {
  private readonly objects = new Map<string, Uint8Array>();
  private readonly latest = new Map<string, string>();
  private versions = 0;

  /** Stores a new version of the object; returns its version id. */
  put(bucket: string, key: string, body: string | Uint8Array): string {
    const versionId = `v${++this.versions}`;
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(`${bucket}/${key}#${versionId}`, bytes);
    this.latest.set(`${bucket}/${key}`, versionId);
    return versionId;
  }

  async open(bucket: string, key: string, versionId?: string): Promise<AsyncIterable<Uint8Array>> {
    const v = versionId ?? this.latest.get(`${bucket}/${key}`);
    const bytes = this.objects.get(`${bucket}/${key}#${v}`);
    if (!bytes) throw Object.assign(new Error(`NoSuchKey: ${bucket}/${key}#${v}`), { name: 'NoSuchKey' });
    return (async function* () {
      yield bytes;
    })();
  }
}

export class MemoryExecutions implements Executions {
  readonly started = new Map<string, Record<string, unknown>>();
  readonly resumed: { taskToken: string; output: Record<string, unknown> }[] = [];
  readonly failed: { taskToken: string; error: string; cause: string }[] = [];
  /** Tokens no longer accepted (used once, or timed out by the test). */
  readonly expired = new Set<string>();

  async start(name: string, input: Record<string, unknown>): Promise<'started' | 'already-started'> {
    if (this.started.has(name)) return 'already-started';
    this.started.set(name, structuredClone(input));
    return 'started';
  }

  async resume(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'expired'> {
    if (this.expired.has(taskToken)) return 'expired';
    this.expired.add(taskToken);
    this.resumed.push({ taskToken, output: structuredClone(output) });
    return 'resumed';
  }

  async fail(taskToken: string, error: string, cause: string): Promise<'failed' | 'expired'> {
    if (this.expired.has(taskToken)) return 'expired';
    this.expired.add(taskToken);
    this.failed.push({ taskToken, error, cause });
    return 'failed';
  }
}

export class MemoryMetrics implements MetricsPort {
  readonly counts: Partial<Record<BusinessMetric, number>> = {};

  count(metric: BusinessMetric, value = 1): void {
    this.counts[metric] = (this.counts[metric] ?? 0) + value;
  }
}

/** Every port of the cycle in memory, typed as the memory adapters (tests read their state). */
export interface MemoryCycleDeps extends CycleDeps {
  clock: MemoryClock;
  registry: MemoryRegistry;
  registryLoader: MemoryRegistry;
  corrections: MemoryRegistry;
  imports: MemoryImports;
  workflow: MemoryWorkflow;
  waits: MemoryWaits;
  ledger: MemoryLedger;
  contributions: MemoryContributions;
  outbox: MemoryOutbox;
  files: MemoryFiles;
  executions: MemoryExecutions;
  metrics: MemoryMetrics;
  audit: MemoryAuditLog;
}

/**
 * The cycle's dependencies in memory over one fixed clock (DEFAULT_NOW; move it with `deps.clock`),
 * sharing state as the table does (a wait checks the imports, a report the import, the recorder the
 * members). `overrides` replace single ports (a spy, a failing adapter).
 */
export function memoryCycleDeps<O extends Partial<CycleDeps> = Record<never, never>>(
  overrides?: O,
): Omit<MemoryCycleDeps, keyof O> & O {
  const clock = new MemoryClock();
  const audit = new MemoryAuditLog(clock);
  const registry = new MemoryRegistry(clock, audit);
  const imports = new MemoryImports(clock, audit);
  const outbox = new MemoryOutbox();
  const deps: MemoryCycleDeps = {
    clock,
    registry,
    registryLoader: registry,
    corrections: registry,
    imports,
    workflow: new MemoryWorkflow(imports, audit),
    waits: new MemoryWaits(imports, outbox),
    ledger: new MemoryLedger(clock),
    contributions: new MemoryContributions(registry),
    outbox,
    files: new MemoryFiles(),
    executions: new MemoryExecutions(),
    metrics: new MemoryMetrics(),
    audit,
    now: clock.now,
    tableName: 'memory',
  };
  return { ...deps, ...overrides } as unknown as Omit<MemoryCycleDeps, keyof O> & O;
}
