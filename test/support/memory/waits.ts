// Task tokens of the waits for people in memory: a wait (and the notices it sends) is stored only while
// its import is the month's current one; the token is told only by token(); clear(onlyToken) leaves a
// newer wait of the same kind alone.
import type { OutboxMessage, WaitInfo, WaitKind, WaitTokenStore } from '../../../domain/ports/storage.js';
import { copy, key } from './clock.js';
import type { MemoryImports } from './imports.js';
import type { MemoryOutbox } from './outbox.js';

export class MemoryWaits implements WaitTokenStore {
  private readonly waits = new Map<string, WaitInfo & { taskToken: string }>();

  constructor(
    private readonly imports: MemoryImports,
    private readonly outbox: MemoryOutbox,
  ) {}

  async put(
    wait: WaitInfo,
    taskToken: string,
    notices: readonly Omit<OutboxMessage, 'sentAt'>[] = [],
  ): Promise<'stored' | 'not-current'> {
    if (this.imports.currentImportId(wait.siteId, wait.workMonth) !== wait.importId) return 'not-current';
    this.waits.set(key(wait.siteId, wait.workMonth, wait.waitKind), { ...copy(wait), taskToken });
    // Queued once per message id: a retried task queues nothing twice.
    for (const m of notices) await this.outbox.enqueue(m);
    return 'stored';
  }

  async token(siteId: string, workMonth: string, waitKind: WaitKind): Promise<string | undefined> {
    return this.waits.get(key(siteId, workMonth, waitKind))?.taskToken;
  }

  async get(siteId: string, workMonth: string, waitKind: WaitKind): Promise<WaitInfo | undefined> {
    const w = this.waits.get(key(siteId, workMonth, waitKind));
    if (!w) return undefined;
    const { taskToken: _t, ...info } = w;
    return copy(info);
  }

  /** Earliest deadline first. */
  async open(): Promise<WaitInfo[]> {
    return [...this.waits.values()]
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map(({ taskToken: _t, ...info }) => copy(info));
  }

  async clear(siteId: string, workMonth: string, waitKind: WaitKind, onlyToken?: string): Promise<void> {
    const k = key(siteId, workMonth, waitKind);
    if (onlyToken !== undefined && this.waits.get(k)?.taskToken !== onlyToken) return;
    this.waits.delete(k);
  }
}
