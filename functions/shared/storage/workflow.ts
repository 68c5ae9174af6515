// 一次 reports and the 掛金充当 application of a site × month (申請 → 承認 / 差戻し → 充当済, 取下げ), each
// human step written with its audit record in one transaction. Which step may happen is decided by the
// lifecycle model (domain/application.ts); here only revision- and status-checked writes.

import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { applicationIdOf } from '../../../domain/application.js';
import type {
  ApplicationRecord,
  ApplicationStatus,
  Decision,
  FirstTierReport,
  TransitionResult,
  WorkflowRepository,
} from '../../../domain/ports/storage.js';
import type { AccessPatterns } from './access-patterns.js';
import { auditPut, cancellationReasons, fieldsOf, isConditionFailure, pick } from './common.js';
import type { Entities, Store, StoredItem } from './entities.js';
import { gsi1 } from './keys.js';

/** The ledger debit of an application is keyed by its id: one debit per application, ever. */
export { applicationIdOf };

const APPLICATION_FIELDS = fieldsOf<ApplicationRecord>()(
  'siteId',
  'workMonth',
  'applicationId',
  'importId',
  'primeContractorNo',
  'pointKind',
  'status',
  'points',
  'workers',
  'days',
  'revision',
  'appliedBy',
  'appliedAt',
  'decidedBy',
  'decidedAt',
  'reason',
  'chargedAt',
  'no',
  'returnPoints',
  'follows',
);

const REPORT_FIELDS = fieldsOf<FirstTierReport>()(
  'siteId',
  'workMonth',
  'firstTierCompanyId',
  'importId',
  'workers',
  'days',
  'points',
  'reportedBy',
  'reportedAt',
  'onBehalfOf',
);

const toApplication = (i: StoredItem<'application'>): ApplicationRecord => pick(i, APPLICATION_FIELDS);
const toReport = (i: StoredItem<'firstTierReport'>): FirstTierReport => pick(i, REPORT_FIELDS);

export class DynamoWorkflowRepository implements WorkflowRepository {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(private readonly store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  /**
   * AP-16 (write): a 一次 reports its chain to the prime (報告する). A later report replaces it
   * while the month's import is open (not charged).
   */
  async reportFirstTier(report: FirstTierReport): Promise<void> {
    const { siteId, workMonth, importId } = report;
    await executeTransactWrite(
      this.e.importRecord
        .build(ConditionCheck)
        .key({ siteId, workMonth, importId })
        .condition({
          and: [
            { attr: 'importId', exists: true },
            { attr: 'chargedAt', exists: false },
          ],
        }),
      this.e.firstTierReport.build(PutTransaction).item(report),
      auditPut(this.store, {
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
      }),
    );
  }

  /** AP-16 */
  async reports(siteId: string, workMonth: string): Promise<FirstTierReport[]> {
    const { Items = [] } = await this.ap.reportsOfMonth.query({ siteId, workMonth }).send();
    return Items.map(toReport);
  }

  /** AP-17 */
  async getApplication(siteId: string, workMonth: string): Promise<ApplicationRecord | undefined> {
    const { Item } = await this.e.application
      .build(GetItemCommand)
      .key({ siteId, workMonth })
      .options({ consistent: true })
      .send();
    return Item && toApplication(Item);
  }

  /** AP-18 */
  async applicationsOfContractor(
    primeContractorNo: string,
    status?: ApplicationStatus,
  ): Promise<ApplicationRecord[]> {
    const { Items = [] } = await this.ap.applicationsOfContractor
      .query({ contractorNo: primeContractorNo, status })
      .send();
    return Items.map(toApplication);
  }

  /**
   * AP-17 (write): 申請する (or a 追加申請), as the lifecycle model allowed it. Written only if the
   * month's application is still at the revision the model saw, so a concurrent 申請 or 取下げ wins once.
   */
  async apply(
    app: Omit<ApplicationRecord, 'applicationId' | 'status' | 'revision' | 'appliedAt'> & {
      applicationId?: string;
    },
    at: string,
    seenRevision?: number,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const { siteId, workMonth } = app;
    const record: ApplicationRecord = {
      ...app,
      applicationId: app.applicationId ?? applicationIdOf(siteId, workMonth, app.no ?? 1),
      status: '申請',
      revision: (seenRevision ?? 0) + 1,
      appliedAt: at,
    };
    try {
      await executeTransactWrite(
        this.e.application
          .build(PutTransaction)
          .item({
            ...record,
            ...gsi1.applicationOfContractor(record.primeContractorNo, '申請', workMonth, siteId),
          })
          .options({
            condition:
              seenRevision === undefined
                ? { attr: 'status', exists: false }
                : { attr: 'revision', eq: seenRevision },
          }),
        auditPut(this.store, {
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
        }),
      );
    } catch (err) {
      if (cancellationReasons(err) === undefined) throw err;
      return { status: 'refused', current: await this.getApplication(siteId, workMonth) };
    }
    return { status: 'ok', record };
  }

  /** AP-17 (write): 取下げ of the application over a replaced import (R-REPLACE), with why. */
  async withdraw(
    siteId: string,
    workMonth: string,
    importId: string,
    d: Decision & { reason: string },
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const current = await this.getApplication(siteId, workMonth);
    if (current === undefined || current.importId !== importId || current.status === '充当済')
      return { status: 'refused', current };
    if (current.status === '取下げ') return { status: 'ok', record: current };
    const record: ApplicationRecord = { ...current, status: '取下げ', reason: d.reason };
    try {
      await executeTransactWrite(
        this.e.application
          .build(UpdateTransaction)
          .item({
            siteId,
            workMonth,
            status: '取下げ',
            reason: d.reason,
            ...gsi1.applicationOfContractor(current.primeContractorNo, '取下げ', workMonth, siteId),
          })
          .options({
            condition: {
              and: [
                { attr: 'importId', eq: importId },
                { attr: 'revision', eq: current.revision },
                { attr: 'status', ne: '充当済' },
              ],
            },
          }),
        auditPut(this.store, {
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
        }),
      );
    } catch (err) {
      if (cancellationReasons(err) === undefined) throw err;
      return { status: 'refused', current: await this.getApplication(siteId, workMonth) };
    }
    return { status: 'ok', record };
  }

  /** AP-17 (write): 承認する (then the debit). */
  approve(siteId: string, workMonth: string, d: Decision, at: string) {
    return this.decide(siteId, workMonth, '承認', d, at);
  }

  /** AP-17 (write): 差戻し, with a reason; the prime may apply again. */
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
    const current = await this.getApplication(siteId, workMonth);
    if (current === undefined || current.status !== '申請') return { status: 'refused', current };
    const record: ApplicationRecord = { ...current, status: to, decidedBy: d.by, decidedAt: at };
    if (d.reason !== undefined) record.reason = d.reason;
    try {
      await executeTransactWrite(
        this.e.application
          .build(UpdateTransaction)
          .item({
            siteId,
            workMonth,
            status: to,
            decidedBy: d.by,
            decidedAt: at,
            reason: d.reason,
            ...gsi1.applicationOfContractor(current.primeContractorNo, to, workMonth, siteId),
          })
          .options({
            condition: {
              and: [
                { attr: 'status', eq: '申請' },
                { attr: 'revision', eq: current.revision },
              ],
            },
          }),
        auditPut(this.store, {
          actor: d.by,
          action: to === '承認' ? 'approve' : 'reject',
          siteId,
          workMonth,
          subject: { importId: current.importId, revision: String(current.revision) },
          reason: d.reason,
          at,
        }),
      );
    } catch (err) {
      if (cancellationReasons(err) === undefined) throw err;
      return { status: 'refused', current: await this.getApplication(siteId, workMonth) };
    }
    return { status: 'ok', record };
  }

  /** AP-17 (write): 承認 → 充当済 after the debit; idempotent (a replay finds it 充当済). */
  async markApplicationCharged(
    siteId: string,
    workMonth: string,
    at: string,
  ): Promise<TransitionResult<ApplicationRecord>> {
    const current = await this.getApplication(siteId, workMonth);
    if (current?.status === '充当済') return { status: 'ok', record: current };
    if (current === undefined || current.status !== '承認') return { status: 'refused', current };
    try {
      await this.e.application
        .build(UpdateItemCommand)
        .item({
          siteId,
          workMonth,
          status: '充当済',
          chargedAt: at,
          ...gsi1.applicationOfContractor(current.primeContractorNo, '充当済', workMonth, siteId),
        })
        .options({ condition: { attr: 'status', eq: '承認' } })
        .send();
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const now = await this.getApplication(siteId, workMonth);
      return now?.status === '充当済' ? { status: 'ok', record: now } : { status: 'refused', current: now };
    }
    return { status: 'ok', record: { ...current, status: '充当済', chargedAt: at } };
  }
}
