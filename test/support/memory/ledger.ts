// The points ledger in memory, with the promises of the DynamoDB ledger: an entry per (kind, refId), so a
// replay moves nothing; a debit once per application and never below zero; a payment id credited to one
// contractor and kind only; entries chained by seq so reconcile() proves balance = Σ entries.
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
import { OPENING_BALANCE_REF } from '../../../functions/shared/storage/ledger.js';
import { copy, key, type MemoryClock } from './clock.js';

export class MemoryLedger implements LedgerPort {
  private readonly balances = new Map<string, { balance: Yen; seq: number }>();
  private readonly byRef = new Map<string, LedgerEntry>();
  /** Payment id → the balance it was credited to. */
  private readonly payments = new Map<string, string>();

  constructor(private readonly clock: MemoryClock) {}

  private write(entry: LedgerEntry): void {
    this.balances.set(key(entry.contractorNo, entry.pointKind), {
      balance: entry.balanceAfter,
      seq: entry.seq,
    });
    this.byRef.set(key(entry.contractorNo, entry.pointKind, entry.kind, entry.refId), copy(entry));
  }

  private state(contractorNo: string, pointKind: PointKind) {
    return this.balances.get(key(contractorNo, pointKind)) ?? { balance: 0, seq: 0 };
  }

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
    assertEntryAllowed(kind, pointKind, amount);
    const payment = kind === 'purchase' && refId !== OPENING_BALANCE_REF;
    const existing = await this.entry(contractorNo, pointKind, kind, refId);
    if (existing) {
      if (payment && existing.amount !== amount) throw paymentIdReused();
      return { status: 'already-credited', entry: existing };
    }
    if (payment && this.payments.has(refId)) throw paymentIdReused();
    const s = this.state(contractorNo, pointKind);
    const applied = applyEntry(s.balance, kind, amount);
    if (applied.status !== 'applied') throw new Error('unreachable: a credit cannot be short');
    const entry: LedgerEntry = {
      contractorNo,
      pointKind,
      kind,
      refId,
      amount,
      balanceBefore: applied.balanceBefore,
      balanceAfter: applied.balanceAfter,
      seq: s.seq + 1,
      at: this.clock.iso(),
      ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
      ...(input.method === undefined ? {} : { method: input.method }),
      ...(input.stamps === undefined ? {} : { stamps: input.stamps }),
    };
    this.write(entry);
    if (payment) this.payments.set(refId, key(contractorNo, pointKind));
    return { status: 'credited', entry: copy(entry) };
  }

  async debit(input: {
    contractorNo: string;
    pointKind: PointKind;
    applicationId: string;
    amount: Yen;
    days?: number;
  }): Promise<DebitResult> {
    const { contractorNo, pointKind, applicationId, amount } = input;
    assertAmount(amount);
    const done = await this.entry(contractorNo, pointKind, 'debit', applicationId);
    if (done)
      return {
        status: 'already-debited',
        balanceBefore: done.balanceBefore,
        balanceAfter: done.balanceAfter,
      };
    const s = this.state(contractorNo, pointKind);
    const applied = applyEntry(s.balance, 'debit', amount);
    if (applied.status === 'insufficient') return { status: 'insufficient', balance: s.balance };
    this.write({
      contractorNo,
      pointKind,
      kind: 'debit',
      refId: applicationId,
      amount,
      balanceBefore: applied.balanceBefore,
      balanceAfter: applied.balanceAfter,
      seq: s.seq + 1,
      at: this.clock.iso(),
      ...(input.days === undefined ? {} : { days: input.days }),
    });
    return { status: 'debited', balanceBefore: applied.balanceBefore, balanceAfter: applied.balanceAfter };
  }

  async balance(contractorNo: string, pointKind: PointKind): Promise<Yen> {
    return this.state(contractorNo, pointKind).balance;
  }

  async entry(
    contractorNo: string,
    pointKind: PointKind,
    kind: EntryKind,
    refId: string,
  ): Promise<LedgerEntry | undefined> {
    const e = this.byRef.get(key(contractorNo, pointKind, kind, refId));
    return e && copy(e);
  }

  /** In the order they were written (seq). */
  async entries(contractorNo: string, pointKind: PointKind): Promise<LedgerEntry[]> {
    return [...this.byRef.values()]
      .filter((e) => e.contractorNo === contractorNo && e.pointKind === pointKind)
      .sort((a, b) => a.seq - b.seq)
      .map(copy);
  }

  async reconcile(contractorNo: string, pointKind: PointKind): Promise<Reconciliation> {
    return reconcile(
      await this.balance(contractorNo, pointKind),
      await this.entries(contractorNo, pointKind),
    );
  }
}
