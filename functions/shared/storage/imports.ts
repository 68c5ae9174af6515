// Imports (site × month × import id) and their work lines. Lines are keyed by import, so replacing an
// import writes new lines and never deletes the old ones (R-RETAIN; "nothing is deleted on error").
// A month-state item points at the current import and, once charged, pins it.

import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { $append, $get, $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
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
import type { AccessPatterns } from './access-patterns.js';
import {
  auditPut,
  batchWriteAll,
  cancellationReasons,
  fieldsOf,
  isConditionFailure,
  nowIso,
  pick,
} from './common.js';
import type { Entities, ItemInput, Store, StoredItem } from './entities.js';

/** At most this many structural errors are kept on a refused import (the item stays well under 400 KB). */
export const MAX_STORED_ERRORS = 200;

type LineKey = {
  siteId: string;
  workMonth: string;
  importId: string;
  workerId: string;
  employerCompanyId: string;
};

const IMPORT_FIELDS = fieldsOf<ImportRecord>()(
  'siteId',
  'workMonth',
  'importId',
  'fileKey',
  'versionId',
  'status',
  'flags',
  'totals',
  'siteName',
  'outputMethod',
  'primeCompanyId',
  'companies',
  'errors',
  'receivedAt',
  'supersededAt',
  'supersededBy',
  'chargedAt',
  'afterChargeOf',
  'noWorkAt',
);

// memberNo and firstTierCompanyId are stored absent and read back as null (below).
const LINE_FIELDS = fieldsOf<Omit<StoredWorkLine, 'memberNo' | 'firstTierCompanyId'>>()(
  'siteId',
  'workMonth',
  'importId',
  'workerId',
  'employerCompanyId',
  'memberNoSource',
  'tier',
  'dates',
  'days',
  'points',
  'rates',
  'adjustments',
  'excluded',
);

const toImport = (i: StoredItem<'importRecord'>): ImportRecord => pick(i, IMPORT_FIELDS);

function toLine(i: StoredItem<'workLine'>): StoredWorkLine {
  return {
    ...pick(i, LINE_FIELDS),
    memberNo: i.memberNo ?? null,
    firstTierCompanyId: i.firstTierCompanyId ?? null,
  };
}

function lineItem(siteId: string, workMonth: string, importId: string, l: WorkLine): ItemInput<'workLine'> {
  return {
    siteId,
    workMonth,
    importId,
    workerId: l.workerId,
    employerCompanyId: l.employerCompanyId,
    memberNo: l.memberNo ?? undefined,
    memberNoSource: l.memberNoSource,
    firstTierCompanyId: l.firstTierCompanyId ?? undefined,
    tier: l.tier,
    dates: l.dates,
    days: l.days,
    points: l.points,
    rates: l.rates,
    adjustments: [],
    excluded: l.excluded,
  };
}

export class DynamoImportRepository implements ImportRepository {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(private readonly store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  private async monthState(siteId: string, workMonth: string) {
    const { Item } = await this.e.monthState
      .build(GetItemCommand)
      .key({ siteId, workMonth })
      .options({ consistent: true })
      .send();
    return Item;
  }

  /**
   * AP-13 + AP-14 (write). Lines first (BatchWriteItem, 25 per call), then one transaction publishes the
   * import: Put the import (must be new), point the month state at it (still on the expected import and,
   * for a file after the charge, still charged on the import it was compared with), mark the previous
   * import superseded unless it is the charged one. Orphan lines of a failed publish are inert.
   */
  async saveImport(
    record: NewImport,
    lines: readonly WorkLine[],
    expectedCurrentImportId?: string,
  ): Promise<SaveImportResult> {
    const { siteId, workMonth, importId } = record;
    const state = await this.monthState(siteId, workMonth);
    const charged = state?.chargedImportId;
    if (charged !== undefined && record.afterChargeOf !== charged)
      return { status: 'charged', chargedImportId: charged };
    const previous = state?.currentImportId;
    if (previous === importId) return { status: 'exists' };
    if (
      (record.afterChargeOf !== undefined && charged === undefined) ||
      (expectedCurrentImportId !== undefined && previous !== expectedCurrentImportId)
    ) {
      return { status: 'conflict', currentImportId: previous };
    }

    await batchWriteAll(
      this.store,
      lines.map((l) => this.e.workLine.build(BatchPutRequest).item(lineItem(siteId, workMonth, importId, l))),
    );

    const at = nowIso();
    const publish = [
      this.e.importRecord
        .build(PutTransaction)
        .item({ ...record, errors: [] })
        .options({ condition: { attr: 'importId', exists: false } }),
      this.e.monthState
        .build(PutTransaction)
        .item({ siteId, workMonth, currentImportId: importId, chargedImportId: charged })
        .options({
          condition:
            previous === undefined
              ? { attr: 'currentImportId', exists: false }
              : {
                  and: [
                    { attr: 'currentImportId', eq: previous },
                    charged === undefined
                      ? { attr: 'chargedImportId', exists: false }
                      : { attr: 'chargedImportId', eq: charged },
                  ],
                },
        }),
      ...(previous === undefined || previous === charged
        ? []
        : [
            this.e.importRecord
              .build(UpdateTransaction)
              .item({ siteId, workMonth, importId: previous, supersededAt: at, supersededBy: importId })
              .options({ condition: { attr: 'chargedAt', exists: false } }),
          ]),
    ] as const;
    try {
      await executeTransactWrite(...publish);
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons === undefined) throw err;
      if (reasons[0] === 'ConditionalCheckFailed') return { status: 'exists' };
      const now = await this.monthState(siteId, workMonth);
      if (now?.chargedImportId !== undefined && now.chargedImportId !== record.afterChargeOf)
        return { status: 'charged', chargedImportId: now.chargedImportId };
      return { status: 'conflict', currentImportId: now?.currentImportId };
    }
    return previous === undefined ? { status: 'saved' } : { status: 'saved', replacedImportId: previous };
  }

  /** AP-13 (write): a refused file, recorded with its first errors; it never becomes current. */
  async saveRefusal(record: Omit<ImportRecord, 'status' | 'supersededAt' | 'supersededBy' | 'chargedAt'>) {
    try {
      await this.e.importRecord
        .build(PutItemCommand)
        .item({ ...record, status: 'refused', errors: record.errors.slice(0, MAX_STORED_ERRORS) })
        .options({ condition: { attr: 'importId', exists: false } })
        .send();
    } catch (err) {
      // A replayed refusal of the same file is already recorded.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** AP-13 (one import) */
  async getImport(siteId: string, workMonth: string, importId: string): Promise<ImportRecord | undefined> {
    const { Item } = await this.e.importRecord
      .build(GetItemCommand)
      .key({ siteId, workMonth, importId })
      .options({ consistent: true })
      .send();
    return Item && toImport(Item);
  }

  /** AP-13 (current import: month state, then the import) */
  async currentImport(siteId: string, workMonth: string): Promise<ImportRecord | undefined> {
    const state = await this.monthState(siteId, workMonth);
    return state && this.getImport(siteId, workMonth, state.currentImportId);
  }

  /** AP-13 */
  async importsOfMonth(siteId: string, workMonth: string): Promise<ImportRecord[]> {
    const { Items = [] } = await this.ap.importsOfMonth.query({ siteId, workMonth }).send();
    return Items.map(toImport).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  /** AP-14 */
  async lines(siteId: string, workMonth: string, importId: string): Promise<StoredWorkLine[]> {
    const { Items = [] } = await this.ap.linesOfImport.query({ siteId, workMonth, importId }).send();
    return Items.map(toLine);
  }

  /**
   * AP-13 + AP-14 (write): the result of a revalidation after corrections; refused once charged or
   * superseded. Re-resolved lines (memberNo, 一次) are rewritten in place (same keys: same file); a
   * line a person adjusted keeps its adjusted days, dates, points and adjustment history.
   */
  async updateValidation(
    siteId: string,
    workMonth: string,
    importId: string,
    status: ImportStatus,
    flags: Flag[],
    lines?: readonly WorkLine[],
    companies?: ChainCompany[],
    totals?: ImportTotals,
  ) {
    if (lines !== undefined) {
      // Checked first so a closed import's lines are never touched.
      const current = await this.getImport(siteId, workMonth, importId);
      if (current === undefined || current.chargedAt !== undefined || current.supersededAt !== undefined) {
        throw new Error('import is not open for revalidation');
      }
      const stored = new Map(
        (await this.lines(siteId, workMonth, importId)).map((l) => [
          `${l.workerId}\u0000${l.employerCompanyId}`,
          l,
        ]),
      );
      await batchWriteAll(
        this.store,
        lines.map((l) => {
          const was = stored.get(`${l.workerId}\u0000${l.employerCompanyId}`);
          const item = lineItem(siteId, workMonth, importId, l);
          // A line left out (R-EXCLUDE) takes the new result: it carries no day whatever was adjusted.
          if (was !== undefined && was.adjustments.length > 0 && l.excluded === undefined) {
            Object.assign(item, {
              days: was.days,
              dates: was.dates,
              points: was.points,
              rates: was.rates,
              adjustments: was.adjustments,
            });
          }
          return this.e.workLine.build(BatchPutRequest).item(item);
        }),
      );
    }
    await this.e.importRecord
      .build(UpdateItemCommand)
      .item({
        siteId,
        workMonth,
        importId,
        status,
        flags: $set(flags),
        ...(companies === undefined ? {} : { companies: $set(companies) }),
        ...(totals === undefined ? {} : { totals: $set(totals) }),
      })
      .options({
        condition: {
          and: [
            { attr: 'importId', exists: true },
            { attr: 'chargedAt', exists: false },
            { attr: 'supersededAt', exists: false },
          ],
        },
      })
      .send();
  }

  /**
   * AP-15: 就労実績 adjusted by a person. One transaction: the import is still open (not charged, not
   * superseded), the line still has the days the person saw, the audit record is written with it.
   */
  async adjustLine(
    key: LineKey,
    next: Pick<WorkLine, 'days' | 'dates' | 'points' | 'rates'>,
    d: Decision & { reason: string },
  ): Promise<StoredWorkLine> {
    const { Item } = await this.e.workLine
      .build(GetItemCommand)
      .key(key)
      .options({ consistent: true })
      .send();
    if (Item === undefined) throw new Error('work line not found');
    const at = nowIso();
    const adjustment = { fromDays: Item.days, toDays: next.days, reason: d.reason, by: d.by, at };
    await executeTransactWrite(
      this.e.importRecord
        .build(ConditionCheck)
        .key(key)
        .condition({
          and: [
            { attr: 'importId', exists: true },
            { attr: 'chargedAt', exists: false },
            { attr: 'supersededAt', exists: false },
          ],
        }),
      this.e.workLine
        .build(UpdateTransaction)
        .item({
          ...key,
          // $set: a list given plainly would be merged element by element, not replaced.
          days: next.days,
          dates: $set(next.dates),
          points: next.points,
          rates: $set(next.rates),
          adjustments: $append([adjustment]),
        })
        .options({
          condition: {
            and: [
              { attr: 'workerId', exists: true },
              { attr: 'days', eq: Item.days },
            ],
          },
        }),
      auditPut(this.store, {
        actor: d.by,
        action: 'adjust-line',
        siteId: key.siteId,
        workMonth: key.workMonth,
        subject: { importId: key.importId, workerId: key.workerId, employerCompanyId: key.employerCompanyId },
        reason: d.reason,
        at,
      }),
    );
    return toLine({ ...Item, ...next, adjustments: [...Item.adjustments, adjustment] });
  }

  /**
   * AP-14 (write): lines people add to an open import (CCUS未登録技能者 sheet), each with its adjustment
   * 0 → days; then one transaction re-checks the import is still open and writes the audit record.
   */
  async addLines(
    siteId: string,
    workMonth: string,
    importId: string,
    lines: readonly WorkLine[],
    d: Decision & { reason: string },
  ): Promise<void> {
    const current = await this.getImport(siteId, workMonth, importId);
    if (current === undefined || current.chargedAt !== undefined || current.supersededAt !== undefined)
      throw new Error('import is not open for added lines');
    const at = nowIso();
    await batchWriteAll(
      this.store,
      lines.map((l) =>
        this.e.workLine.build(BatchPutRequest).item({
          ...lineItem(siteId, workMonth, importId, l),
          adjustments: [{ fromDays: 0, toDays: l.days, reason: d.reason, by: d.by, at }],
        }),
      ),
    );
    await executeTransactWrite(
      this.e.importRecord
        .build(ConditionCheck)
        .key({ siteId, workMonth, importId })
        .condition({
          and: [
            { attr: 'importId', exists: true },
            { attr: 'chargedAt', exists: false },
            { attr: 'supersededAt', exists: false },
          ],
        }),
      auditPut(this.store, {
        actor: d.by,
        action: 'add-lines',
        siteId,
        workMonth,
        subject: { importId, lines: String(lines.length) },
        reason: d.reason,
        at,
      }),
    );
  }

  /**
   * Pins the month on this import once points moved: later files of the month no longer replace it,
   * they are compared with it (R-LATE-DAYS). A charged 追加申請 moves the pin to its import (what stands
   * charged). Idempotent; keeps the first chargedAt.
   */
  async markCharged(siteId: string, workMonth: string, importId: string, at: string): Promise<void> {
    await executeTransactWrite(
      this.e.importRecord
        .build(UpdateTransaction)
        .item({ siteId, workMonth, importId, chargedAt: $get('chargedAt', at) })
        .options({
          condition: {
            and: [
              { attr: 'importId', exists: true },
              { attr: 'supersededAt', exists: false },
            ],
          },
        }),
      this.e.monthState
        .build(UpdateTransaction)
        .item({ siteId, workMonth, chargedImportId: importId })
        .options({ condition: { attr: 'currentImportId', eq: importId } }),
    );
  }

  /** R-ZERO-MONTH (write): 実績なし on an import still current (not superseded); the first time is kept. */
  async markNoWork(siteId: string, workMonth: string, importId: string, at: string): Promise<boolean> {
    try {
      await this.e.importRecord
        .build(UpdateItemCommand)
        .item({ siteId, workMonth, importId, noWorkAt: $get('noWorkAt', at) })
        .options({
          condition: {
            and: [
              { attr: 'importId', exists: true },
              { attr: 'supersededAt', exists: false },
              { attr: 'chargedAt', exists: false },
            ],
          },
        })
        .send();
    } catch (err) {
      // A newer file took the month over meanwhile: its own cycle decides; nothing to record here.
      if (!isConditionFailure(err)) throw err;
      return false;
    }
    return true;
  }
}
