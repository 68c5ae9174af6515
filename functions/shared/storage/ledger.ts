// The points ledger (R-POINT, R-CHARGE): one balance item per contractor × point kind and one entry per
// business event, keyed by its id. Every movement is ONE TransactWriteItems of two items:
//   Put entry   — condition attribute_not_exists: the key (contractor × kind × entry kind × id) makes it idempotent
//   Update balance — condition seq = :seq (unchanged since read) [AND balance >= :amount for a debit]
// so a replay writes nothing and a short balance writes nothing. A purchase adds a third item, its payment
// id (PAYMENT#, attribute_not_exists), so one payment is never credited to a second contractor or kind.
// The entry records seq, before and after, which chains the history and lets reconcile() prove
// balance = Σ entries.
// Cost of a debit: 1 consistent read (1 RCU) + a 2-item transaction, each item ≤ 1 KB → 2 × 2 = 4 WCU
// (transactional writes take two write units per KB: prepare and commit).

import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Condition } from 'dynamodb-toolbox/entity/actions/parseCondition';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { StampHandIn } from '../../../domain/evidence.js';
import {
  applyEntry,
  assertAmount,
  assertEntryAllowed,
  type EntryKind,
  type LedgerEntry,
  type PointKind,
  paymentIdReused,
  type Reconciliation,
  reconcile,
} from '../../../domain/ledger.js';
import type { CreditKind, CreditResult, DebitResult, LedgerPort } from '../../../domain/ports/storage.js';
import type { Yen } from '../../../domain/types.js';
import type { AccessPatterns } from './access-patterns.js';
import { backoff, cancellationReasons, fieldsOf, nowIso, pick } from './common.js';
import { DebitQueue } from './debit-queue.js';
import type { Entities, Store, StoredItem } from './entities.js';

export interface LedgerOptions {
  /** Attempts when the balance moved between read and write (concurrent movements of one balance). */
  maxAttempts?: number;
  /** Debits of one balance take turns (debit-queue.ts); false: they race on the balance's seq. */
  queue?: boolean;
  now?: () => string;
}

interface BalanceState {
  balance: Yen;
  seq: number;
  exists: boolean;
}

const ENTRY_FIELDS = fieldsOf<LedgerEntry>()(
  'contractorNo',
  'pointKind',
  'kind',
  'refId',
  'amount',
  'balanceBefore',
  'balanceAfter',
  'seq',
  'at',
  'siteId',
  'method',
  'stamps',
  'days',
);

const toEntry = (i: StoredItem<'ledgerEntry'>): LedgerEntry => pick(i, ENTRY_FIELDS);

export class LedgerConflictError extends Error {
  constructor(attempts: number) {
    super(`ledger balance kept moving: gave up after ${attempts} attempts`);
    this.name = 'LedgerConflictError';
  }
}

/**
 * The purchase id of an opening balance (seeding): one per contractor and kind, not a payment, so it is
 * not held across contractors as payment ids are.
 */
export const OPENING_BALANCE_REF = 'opening-balance';

export class DynamoLedger implements LedgerPort {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;
  private readonly maxAttempts: number;
  private readonly now: () => string;
  private readonly queue: DebitQueue | undefined;

  constructor(store: Store, options: LedgerOptions = {}) {
    this.e = store.entities;
    this.queue = options.queue === false ? undefined : new DebitQueue(store.documentClient, store.tableName);
    this.ap = store.patterns;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.now = options.now ?? nowIso;
  }

  /** AP-20 */
  private async readBalance(contractorNo: string, pointKind: PointKind): Promise<BalanceState> {
    const { Item } = await this.e.balance
      .build(GetItemCommand)
      .key({ contractorNo, pointKind })
      .options({ consistent: true })
      .send();
    return Item
      ? { balance: Item.balance, seq: Item.seq, exists: true }
      : { balance: 0, seq: 0, exists: false };
  }

  /** AP-22 */
  async entry(
    contractorNo: string,
    pointKind: PointKind,
    kind: EntryKind,
    refId: string,
  ): Promise<LedgerEntry | undefined> {
    const { Item } = await this.e.ledgerEntry
      .build(GetItemCommand)
      .key({ contractorNo, pointKind, kind, refId })
      .options({ consistent: true })
      .send();
    return Item && toEntry(Item);
  }

  /** AP-20 */
  async balance(contractorNo: string, pointKind: PointKind): Promise<Yen> {
    return (await this.readBalance(contractorNo, pointKind)).balance;
  }

  /** AP-21, in seq order. */
  async entries(contractorNo: string, pointKind: PointKind): Promise<LedgerEntry[]> {
    const { Items = [] } = await this.ap.ledgerEntries.query({ contractorNo, pointKind }).send();
    return Items.map(toEntry).sort((a, b) => a.seq - b.seq);
  }

  /**
   * The two-item transaction (three with a purchase: its payment id's claim). Returns the entry written,
   * 'exists' when the entry key is taken (replay), 'payment-taken' when the payment id was credited to
   * another contractor or point kind, 'moved' when the balance changed since it was read: read again.
   */
  private async write(
    state: BalanceState,
    entry: LedgerEntry,
    payment?: { paymentId: string },
  ): Promise<
    { status: 'written' } | { status: 'exists' } | { status: 'payment-taken' } | { status: 'moved' }
  > {
    const { contractorNo, pointKind } = entry;
    const balanceCondition: Condition<Entities['balance']> = state.exists
      ? entry.kind === 'debit'
        ? {
            and: [
              { attr: 'seq', eq: state.seq },
              { attr: 'balance', gte: entry.amount },
            ],
          }
        : { attr: 'seq', eq: state.seq }
      : { attr: 'seq', exists: false };
    const writes = [
      this.e.ledgerEntry
        .build(PutTransaction)
        .item(entry)
        .options({ condition: { attr: 'refId', exists: false } }),
      this.e.balance
        .build(UpdateTransaction)
        .item({ contractorNo, pointKind, balance: entry.balanceAfter, seq: entry.seq })
        .options({ condition: balanceCondition }),
    ] as const;
    try {
      if (payment)
        await executeTransactWrite(
          ...writes,
          this.e.paymentClaim
            .build(PutTransaction)
            .item({ paymentId: payment.paymentId, contractorNo, pointKind, amount: entry.amount })
            .options({ condition: { attr: 'paymentId', exists: false } }),
        );
      else await executeTransactWrite(...writes);
      return { status: 'written' };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons === undefined) throw err;
      // Item 0 is the entry: its condition fails only when that entry already exists.
      if (reasons[0] === 'ConditionalCheckFailed') return { status: 'exists' };
      // Item 2 is the payment id: held by a credit of another contractor or point kind.
      if (reasons[2] === 'ConditionalCheckFailed') return { status: 'payment-taken' };
      return { status: 'moved' };
    }
  }

  /** AP-20 + AP-22 (write). Credits: purchase (Pay-easy / 口座振替 notice, by payment id), exemption-refund, mispaid-return, rebate. */
  async credit(input: {
    contractorNo: string;
    pointKind: PointKind;
    kind: CreditKind;
    refId: string;
    amount: Yen;
    siteId?: string;
    method?: string;
    stamps?: StampHandIn;
  }): Promise<CreditResult> {
    const { contractorNo, pointKind, kind, refId, amount } = input;
    // What the 収納書 and the reports show besides the movement itself.
    const facts = {
      ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
      ...(input.method === undefined ? {} : { method: input.method }),
      ...(input.stamps === undefined ? {} : { stamps: input.stamps }),
    };
    assertEntryAllowed(kind, pointKind, amount);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      if (attempt > 0) await backoff(attempt, 10, 200);
      const state = await this.readBalance(contractorNo, pointKind);
      const applied = applyEntry(state.balance, kind, amount);
      if (applied.status !== 'applied') throw new Error('unreachable: a credit cannot be short');
      const entry: LedgerEntry = {
        contractorNo,
        pointKind,
        kind,
        refId,
        amount,
        balanceBefore: applied.balanceBefore,
        balanceAfter: applied.balanceAfter,
        seq: state.seq + 1,
        at: this.now(),
        ...facts,
      };
      const payment = kind === 'purchase' && refId !== OPENING_BALANCE_REF;
      const r = await this.write(state, entry, payment ? { paymentId: refId } : undefined);
      if (r.status === 'written') return { status: 'credited', entry };
      if (r.status === 'payment-taken') throw paymentIdReused();
      if (r.status === 'exists') {
        const existing = await this.entry(contractorNo, pointKind, kind, refId);
        // A replay answers the first credit; a payment id with another amount is another payment.
        if (existing && payment && existing.amount !== amount) throw paymentIdReused();
        if (existing) return { status: 'already-credited', entry: existing };
      }
    }
    throw new LedgerConflictError(this.maxAttempts);
  }

  /** AP-20 + AP-22 (write). Pay-easy 納付情報 / 口座振替 notice: points bought, idempotent by the payment id. */
  purchase(
    contractorNo: string,
    pointKind: PointKind,
    paymentId: string,
    amount: Yen,
  ): Promise<CreditResult> {
    return this.credit({ contractorNo, pointKind, kind: 'purchase', refId: paymentId, amount });
  }

  /** AP-20 + AP-22 (write). R-EXEMPT: 50-day exemption refunded as points at 手帳更新 (never 特別). */
  exemptionRefund(contractorNo: string, pointKind: PointKind, refundId: string, amount: Yen) {
    return this.credit({ contractorNo, pointKind, kind: 'exemption-refund', refId: refundId, amount });
  }

  /** AP-20 + AP-22 (write). R-MISPAID: 誤納掛金 returned as points. */
  mispaidReturn(contractorNo: string, pointKind: PointKind, returnId: string, amount: Yen) {
    return this.credit({ contractorNo, pointKind, kind: 'mispaid-return', refId: returnId, amount });
  }

  /** AP-20 + AP-22 (write). */
  rebate(contractorNo: string, pointKind: PointKind, rebateId: string, amount: Yen) {
    return this.credit({ contractorNo, pointKind, kind: 'rebate', refId: rebateId, amount });
  }

  /**
   * AP-20 + AP-22 (write). 掛金充当 of an application: debited once, never below zero. Short → 'insufficient', nothing
   * written. A replay (same application) → 'already-debited' with the numbers of the first debit.
   * Debits of one balance take turns (DebitQueue), so a burst of approvals of one prime costs about one
   * transaction a debit instead of a storm of retries on the balance's seq.
   */
  async debit(input: {
    contractorNo: string;
    pointKind: PointKind;
    applicationId: string;
    amount: Yen;
    days?: number;
  }): Promise<DebitResult> {
    if (!this.queue) return this.debitNow(input);
    const turn = await this.queue.enter(input.contractorNo, input.pointKind);
    try {
      return await this.debitNow(input);
    } finally {
      // A turn that cannot be handed on is skipped by the next in line after HOLD_MS: the debit's own
      // outcome stands.
      await turn.leave().catch(() => undefined);
    }
  }

  private async debitNow(input: {
    contractorNo: string;
    pointKind: PointKind;
    applicationId: string;
    amount: Yen;
    days?: number;
  }): Promise<DebitResult> {
    const { contractorNo, pointKind, applicationId, amount } = input;
    assertAmount(amount);
    const replay = async (): Promise<DebitResult | undefined> => {
      const e = await this.entry(contractorNo, pointKind, 'debit', applicationId);
      return e && { status: 'already-debited', balanceBefore: e.balanceBefore, balanceAfter: e.balanceAfter };
    };
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      if (attempt > 0) await backoff(attempt, 10, 200);
      const state = await this.readBalance(contractorNo, pointKind);
      const applied = applyEntry(state.balance, 'debit', amount);
      if (applied.status === 'insufficient') {
        // Short now, but it may be a replay of a debit that already took the points.
        return (await replay()) ?? { status: 'insufficient', balance: state.balance };
      }
      const entry: LedgerEntry = {
        contractorNo,
        pointKind,
        kind: 'debit',
        refId: applicationId,
        amount,
        balanceBefore: applied.balanceBefore,
        balanceAfter: applied.balanceAfter,
        seq: state.seq + 1,
        at: this.now(),
        ...(input.days === undefined ? {} : { days: input.days }),
      };
      const r = await this.write(state, entry);
      if (r.status === 'written') {
        return { status: 'debited', balanceBefore: entry.balanceBefore, balanceAfter: entry.balanceAfter };
      }
      if (r.status === 'exists') {
        const done = await replay();
        if (done) return done;
      }
    }
    throw new LedgerConflictError(this.maxAttempts);
  }

  /**
   * AP-20 + AP-21. Reads every entry and proves balance = Σ entries (and the seq/before/after chain). The balance is
   * read before and after the entries; if it moved meanwhile the snapshot is retaken.
   */
  async reconcile(contractorNo: string, pointKind: PointKind): Promise<Reconciliation> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const before = await this.readBalance(contractorNo, pointKind);
      const entries = await this.entries(contractorNo, pointKind);
      const after = await this.readBalance(contractorNo, pointKind);
      if (before.seq === after.seq) return reconcile(after.balance, entries);
    }
    throw new LedgerConflictError(this.maxAttempts);
  }
}
