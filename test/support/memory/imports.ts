// Imports and their lines in memory, with the promises of the DynamoDB repository: one current import per
// month (optimistic check on the one the caller saw), a replaced import marked superseded, a charged month
// pinned (later files are compared with it, R-LATE-DAYS), lines of a closed import never touched, nothing
// deleted (R-RETAIN).
import type {
  ChainCompany,
  Flag,
  ImportStatus,
  ImportTotals,
  WorkLine,
} from '../../../domain/import/types.js';
import type {
  Decision,
  ImportRecord,
  ImportRepository,
  NewImport,
  SaveImportResult,
  StoredWorkLine,
} from '../../../domain/ports/storage.js';
import { MAX_STORED_ERRORS } from '../../../functions/shared/storage/imports.js';
import type { MemoryAuditLog } from './audit.js';
import { copy, key, type MemoryClock } from './clock.js';

type LineKey = {
  siteId: string;
  workMonth: string;
  importId: string;
  workerId: string;
  employerCompanyId: string;
};

const stored = (siteId: string, workMonth: string, importId: string, l: WorkLine): StoredWorkLine => ({
  ...copy(l),
  siteId,
  workMonth,
  importId,
  adjustments: [],
});

const isOpen = (imp: ImportRecord | undefined): imp is ImportRecord =>
  imp !== undefined && imp.chargedAt === undefined && imp.supersededAt === undefined;

export class MemoryImports implements ImportRepository {
  private readonly imports = new Map<string, ImportRecord>();
  /** Lines by import, then by worker × employer. */
  private readonly lineSets = new Map<string, Map<string, StoredWorkLine>>();
  /** The month's current import and, once charged, the one that stands charged. */
  private readonly months = new Map<string, { currentImportId: string; chargedImportId?: string }>();

  constructor(
    private readonly clock: MemoryClock,
    private readonly audit: MemoryAuditLog,
  ) {}

  /** The month's current import id (the wait store checks it, as its transaction does). */
  currentImportId(siteId: string, workMonth: string): string | undefined {
    return this.months.get(key(siteId, workMonth))?.currentImportId;
  }

  private putLines(siteId: string, workMonth: string, importId: string, lines: readonly StoredWorkLine[]) {
    const k = key(siteId, workMonth, importId);
    const set = this.lineSets.get(k) ?? new Map<string, StoredWorkLine>();
    for (const l of lines) set.set(key(l.workerId, l.employerCompanyId), copy(l));
    this.lineSets.set(k, set);
  }

  async saveImport(
    record: NewImport,
    lines: readonly WorkLine[],
    expectedCurrentImportId?: string,
  ): Promise<SaveImportResult> {
    const { siteId, workMonth, importId } = record;
    const state = this.months.get(key(siteId, workMonth));
    const charged = state?.chargedImportId;
    if (charged !== undefined && record.afterChargeOf !== charged)
      return { status: 'charged', chargedImportId: charged };
    const previous = state?.currentImportId;
    if (previous === importId) return { status: 'exists' };
    if (
      (record.afterChargeOf !== undefined && charged === undefined) ||
      (expectedCurrentImportId !== undefined && previous !== expectedCurrentImportId)
    )
      return { status: 'conflict', currentImportId: previous };
    // The import must be new (a refused or replaced one of the same id is a replay).
    if (this.imports.has(key(siteId, workMonth, importId))) return { status: 'exists' };
    this.putLines(
      siteId,
      workMonth,
      importId,
      lines.map((l) => stored(siteId, workMonth, importId, l)),
    );
    this.imports.set(key(siteId, workMonth, importId), { ...copy(record), errors: [] });
    this.months.set(key(siteId, workMonth), {
      currentImportId: importId,
      ...(charged === undefined ? {} : { chargedImportId: charged }),
    });
    if (previous !== undefined && previous !== charged) {
      const old = this.imports.get(key(siteId, workMonth, previous));
      if (old && old.chargedAt === undefined) {
        old.supersededAt = this.clock.iso();
        old.supersededBy = importId;
      }
    }
    return previous === undefined ? { status: 'saved' } : { status: 'saved', replacedImportId: previous };
  }

  async saveRefusal(
    record: Omit<ImportRecord, 'status' | 'supersededAt' | 'supersededBy' | 'chargedAt'>,
  ): Promise<void> {
    const k = key(record.siteId, record.workMonth, record.importId);
    // A replayed refusal of the same file is already recorded.
    if (this.imports.has(k)) return;
    this.imports.set(k, {
      ...copy(record),
      status: 'refused',
      errors: record.errors.slice(0, MAX_STORED_ERRORS),
    });
  }

  async getImport(siteId: string, workMonth: string, importId: string): Promise<ImportRecord | undefined> {
    const imp = this.imports.get(key(siteId, workMonth, importId));
    return imp && copy(imp);
  }

  async currentImport(siteId: string, workMonth: string): Promise<ImportRecord | undefined> {
    const id = this.currentImportId(siteId, workMonth);
    return id === undefined ? undefined : this.getImport(siteId, workMonth, id);
  }

  /** Oldest first (by receivedAt). */
  async importsOfMonth(siteId: string, workMonth: string): Promise<ImportRecord[]> {
    return [...this.imports.values()]
      .filter((i) => i.siteId === siteId && i.workMonth === workMonth)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map(copy);
  }

  async lines(siteId: string, workMonth: string, importId: string): Promise<StoredWorkLine[]> {
    return [...(this.lineSets.get(key(siteId, workMonth, importId))?.values() ?? [])].map(copy);
  }

  async updateValidation(
    siteId: string,
    workMonth: string,
    importId: string,
    status: ImportStatus,
    flags: Flag[],
    lines?: readonly WorkLine[],
    companies?: ChainCompany[],
    totals?: ImportTotals,
  ): Promise<void> {
    const imp = this.imports.get(key(siteId, workMonth, importId));
    if (!isOpen(imp)) throw new Error('import is not open for revalidation');
    if (lines !== undefined) {
      const was = this.lineSets.get(key(siteId, workMonth, importId)) ?? new Map<string, StoredWorkLine>();
      this.putLines(
        siteId,
        workMonth,
        importId,
        lines.map((l) => {
          const line = stored(siteId, workMonth, importId, l);
          const before = was.get(key(l.workerId, l.employerCompanyId));
          // A line a person adjusted keeps its days; one left out (R-EXCLUDE) takes the new result.
          if (before !== undefined && before.adjustments.length > 0 && l.excluded === undefined) {
            const { days, dates, points, rates, adjustments } = before;
            Object.assign(line, { days, dates, points, rates, adjustments });
          }
          return line;
        }),
      );
    }
    imp.status = status;
    imp.flags = copy(flags);
    if (companies !== undefined) imp.companies = copy(companies);
    if (totals !== undefined) imp.totals = copy(totals);
  }

  async adjustLine(
    k: LineKey,
    next: Pick<WorkLine, 'days' | 'dates' | 'points' | 'rates'>,
    d: Decision & { reason: string },
  ): Promise<StoredWorkLine> {
    const line = this.lineSets
      .get(key(k.siteId, k.workMonth, k.importId))
      ?.get(key(k.workerId, k.employerCompanyId));
    if (line === undefined) throw new Error('work line not found');
    if (!isOpen(this.imports.get(key(k.siteId, k.workMonth, k.importId))))
      throw new Error('import is not open for adjustment');
    const at = this.clock.iso();
    line.adjustments.push({ fromDays: line.days, toDays: next.days, reason: d.reason, by: d.by, at });
    Object.assign(line, copy(next));
    await this.audit.append({
      actor: d.by,
      action: 'adjust-line',
      siteId: k.siteId,
      workMonth: k.workMonth,
      subject: { importId: k.importId, workerId: k.workerId, employerCompanyId: k.employerCompanyId },
      reason: d.reason,
      at,
    });
    return copy(line);
  }

  async addLines(
    siteId: string,
    workMonth: string,
    importId: string,
    lines: readonly WorkLine[],
    d: Decision & { reason: string },
  ): Promise<void> {
    if (!isOpen(this.imports.get(key(siteId, workMonth, importId))))
      throw new Error('import is not open for added lines');
    const at = this.clock.iso();
    this.putLines(
      siteId,
      workMonth,
      importId,
      lines.map((l) => ({
        ...stored(siteId, workMonth, importId, l),
        adjustments: [{ fromDays: 0, toDays: l.days, reason: d.reason, by: d.by, at }],
      })),
    );
    await this.audit.append({
      actor: d.by,
      action: 'add-lines',
      siteId,
      workMonth,
      subject: { importId, lines: String(lines.length) },
      reason: d.reason,
      at,
    });
  }

  /** Pins the month on this import (it must be current and not superseded); keeps the first chargedAt. */
  async markCharged(siteId: string, workMonth: string, importId: string, at: string): Promise<void> {
    const imp = this.imports.get(key(siteId, workMonth, importId));
    const month = this.months.get(key(siteId, workMonth));
    if (!imp || imp.supersededAt !== undefined || month?.currentImportId !== importId)
      throw new Error(`import ${importId} is not the month's current import`);
    imp.chargedAt ??= at;
    month.chargedImportId = importId;
  }

  async markNoWork(siteId: string, workMonth: string, importId: string, at: string): Promise<boolean> {
    const imp = this.imports.get(key(siteId, workMonth, importId));
    if (!isOpen(imp)) return false;
    imp.noWorkAt ??= at;
    return true;
  }
}
