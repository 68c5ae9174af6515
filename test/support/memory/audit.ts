// AuditLog in memory: records kept in order; a subject naming a person is refused, as storage refuses it.
import { type AuditLog, type AuditRecord, PERSONAL_SUBJECT_KEYS } from '../../../domain/ports/storage.js';
import { copy, type MemoryClock } from './clock.js';

export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];

  constructor(private readonly clock: MemoryClock) {}

  async append(record: Omit<AuditRecord, 'auditId' | 'at'> & { at?: string }): Promise<void> {
    const personal = Object.keys(record.subject).filter((k) => PERSONAL_SUBJECT_KEYS.includes(k));
    if (personal.length > 0) throw new Error(`audit subject may not carry ${personal.join(', ')}`);
    const r: AuditRecord = {
      ...copy(record),
      auditId: `audit-${this.records.length + 1}`,
      at: record.at ?? this.clock.iso(),
    };
    for (const k of ['siteId', 'workMonth', 'reason'] as const) if (r[k] === undefined) delete r[k];
    this.records.push(r);
  }

  async bySite(siteId: string): Promise<AuditRecord[]> {
    return copy(this.records.filter((r) => r.siteId === siteId));
  }

  async byActor(actor: string): Promise<AuditRecord[]> {
    return copy(this.records.filter((r) => r.actor === actor));
  }

  async global(): Promise<AuditRecord[]> {
    return copy(this.records.filter((r) => r.siteId === undefined));
  }

  /** The actions recorded, in order (what a test usually asserts). */
  actions(): string[] {
    return this.records.map((r) => r.action);
  }
}
