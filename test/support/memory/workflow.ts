// 一次 reports and the month's application in memory, with the promises of the DynamoDB repository:
// each step checked against the status and revision it was decided on (refused otherwise), audited with
// the step; 充当済 and 取下げ final; 充当済 idempotent.
import { applicationIdOf } from '../../../domain/application.js';
import type {
  ApplicationRecord,
  ApplicationStatus,
  Decision,
  FirstTierReport,
  TransitionResult,
  WorkflowRepository,
} from '../../../domain/ports/storage.js';
import type { MemoryAuditLog } from './audit.js';
import { copy, key } from './clock.js';
import type { MemoryImports } from './imports.js';

export class MemoryWorkflow implements WorkflowRepository {
  private readonly reportsByKey = new Map<string, FirstTierReport>();
  private readonly applications = new Map<string, ApplicationRecord>();

  constructor(
    private readonly imports: MemoryImports,
    private readonly audit: MemoryAuditLog,
  ) {}

  /** A later report replaces the earlier one while the import is open (not charged). */
  async reportFirstTier(report: FirstTierReport): Promise<void> {
    const { siteId, workMonth, importId } = report;
    const imp = await this.imports.getImport(siteId, workMonth, importId);
    if (!imp || imp.chargedAt !== undefined) throw new Error(`import ${importId} is not open for reports`);
    this.reportsByKey.set(key(siteId, workMonth, report.firstTierCompanyId), copy(report));
    await this.audit.append({
      actor: report.reportedBy,
      action: 'report-first-tier',
      siteId,
      workMonth,
      subject: {
        importId,
        firstTierCompanyId: report.firstTierCompanyId,
        ...(report.onBehalfOf ? { onBehalfOf: report.onBehalfOf } : {}),
      },
      at: report.reportedAt,
    });
  }

  async reports(siteId: string, workMonth: string): Promise<FirstTierReport[]> {
    return [...this.reportsByKey.values()]
      .filter((r) => r.siteId === siteId && r.workMonth === workMonth)
      .map(copy);
  }

  async getApplication(siteId: string, workMonth: string): Promise<ApplicationRecord | undefined> {
    const a = this.applications.get(key(siteId, workMonth));
    return a && copy(a);
  }

  async applicationsOfContractor(
    primeContractorNo: string,
    status?: ApplicationStatus,
  ): Promise<ApplicationRecord[]> {
    return [...this.applications.values()]
      .filter(
        (a) => a.primeContractorNo === primeContractorNo && (status === undefined || a.status === status),
      )
      .map(copy);
  }

  private refused(siteId: string, workMonth: string): TransitionResult<ApplicationRecord> {
    const current = this.applications.get(key(siteId, workMonth));
    return current ? { status: 'refused', current: copy(current) } : { status: 'refused' };
  }

  private store(record: ApplicationRecord): TransitionResult<ApplicationRecord> {
    this.applications.set(key(record.siteId, record.workMonth), copy(record));
    return { status: 'ok', record: copy(record) };
  }

  async apply(
    app: Omit<ApplicationRecord, 'applicationId' | 'status' | 'revision' | 'appliedAt'> & {
      applicationId?: string;
    },
    at: string,
    seenRevision?: number,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const { siteId, workMonth } = app;
    const current = this.applications.get(key(siteId, workMonth));
    if (current?.revision !== seenRevision) return this.refused(siteId, workMonth);
    const record: ApplicationRecord = {
      ...copy(app),
      applicationId: app.applicationId ?? applicationIdOf(siteId, workMonth, app.no ?? 1),
      status: '申請',
      revision: (seenRevision ?? 0) + 1,
      appliedAt: at,
    };
    await this.audit.append({
      actor: app.appliedBy,
      action: app.follows !== undefined ? 'apply-additional' : 'apply',
      siteId,
      workMonth,
      subject: {
        importId: app.importId,
        applicationId: record.applicationId,
        revision: String(record.revision),
      },
      at,
    });
    return this.store(record);
  }

  async withdraw(
    siteId: string,
    workMonth: string,
    importId: string,
    d: Decision & { reason: string },
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const current = this.applications.get(key(siteId, workMonth));
    if (current === undefined || current.importId !== importId || current.status === '充当済')
      return this.refused(siteId, workMonth);
    if (current.status === '取下げ') return { status: 'ok', record: copy(current) };
    await this.audit.append({
      actor: d.by,
      action: 'withdraw',
      siteId,
      workMonth,
      subject: {
        importId,
        applicationId: current.applicationId,
        revision: String(current.revision),
        was: current.status,
      },
      reason: d.reason,
      at,
    });
    return this.store({ ...current, status: '取下げ', reason: d.reason });
  }

  approve(siteId: string, workMonth: string, d: Decision, at: string) {
    return this.decide(siteId, workMonth, '承認', d, at);
  }

  reject(siteId: string, workMonth: string, d: Decision & { reason: string }, at: string) {
    return this.decide(siteId, workMonth, '差戻し', d, at);
  }

  private async decide(
    siteId: string,
    workMonth: string,
    to: '承認' | '差戻し',
    d: Decision,
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const current = this.applications.get(key(siteId, workMonth));
    if (current === undefined || current.status !== '申請') return this.refused(siteId, workMonth);
    await this.audit.append({
      actor: d.by,
      action: to === '承認' ? 'approve' : 'reject',
      siteId,
      workMonth,
      subject: { importId: current.importId, revision: String(current.revision) },
      ...(d.reason === undefined ? {} : { reason: d.reason }),
      at,
    });
    return this.store({
      ...current,
      status: to,
      decidedBy: d.by,
      decidedAt: at,
      ...(d.reason === undefined ? {} : { reason: d.reason }),
    });
  }

  /** 承認 → 充当済; a replay finds it 充当済 and is answered ok. */
  async markApplicationCharged(
    siteId: string,
    workMonth: string,
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const current = this.applications.get(key(siteId, workMonth));
    if (current?.status === '充当済') return { status: 'ok', record: copy(current) };
    if (current === undefined || current.status !== '承認') return this.refused(siteId, workMonth);
    return this.store({ ...current, status: '充当済', chargedAt: at });
  }
}
