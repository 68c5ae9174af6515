// The points ledger rules (R-POINT, R-CHARGE, R-EXEMPT, R-MISPAID): what an entry is, its sign,
// the balance as the sum of entries, and the reconciliation that proves it. Pure; storage applies it.
import type { StampHandIn } from './evidence.js';
import { type ContractorKind, DomainError, type Yen } from './types.js';

/** 退職金ポイント (regular) or 特別退職金ポイント (約款 第41条): two balances that never mix. */
export type PointKind = 'regular' | 'special';

/**
 * - purchase: points bought (Pay-easy 納付情報 or 口座振替, 第12条1,3), also the opening balance
 * - debit: 掛金充当 of an approved application (manual 000, 手順4)
 * - exemption-refund: 50-day exemption refunded as points at 手帳更新 (第14条3,4)
 * - mispaid-return: 誤納掛金 returned as points (第40条)
 * - rebate: any other return of points to the contractor (e.g. a cancelled application's adjustment)
 * - stamps: 共済証紙 handed in and converted to points at their face value (第12条4, R-STAMPS)
 */
export type EntryKind = 'purchase' | 'debit' | 'exemption-refund' | 'mispaid-return' | 'rebate' | 'stamps';

export const ENTRY_KINDS: readonly EntryKind[] = [
  'purchase',
  'debit',
  'exemption-refund',
  'mispaid-return',
  'rebate',
  'stamps',
];

export interface LedgerEntry {
  contractorNo: string;
  pointKind: PointKind;
  kind: EntryKind;
  /** The business id that makes the entry idempotent: payment id, application id, refund id… */
  refId: string;
  /** Always positive; the kind gives the sign. */
  amount: Yen;
  balanceBefore: Yen;
  balanceAfter: Yen;
  /** Position in the balance's history (1, 2, 3…): the balance item carries the last one. */
  seq: number;
  /** ISO timestamp. */
  at: string;
  /** A purchase (or stamps) named for a 工事: the 現場ID the 収納書 carries. */
  siteId?: string;
  /** How a purchase was paid (Pay-easy / 口座振替), for its 収納書. */
  method?: string;
  /** The stamps a 'stamps' entry converted. */
  stamps?: StampHandIn;
  /** A debit: the worker-days its application charged (the 受払簿's 日数; a 追加申請 only its added days). */
  days?: number;
}

/** Only debits take points away; every other kind adds them. */
export function isCredit(kind: EntryKind): boolean {
  return kind !== 'debit';
}

/** The entry's effect on the balance. */
export function signedAmount(entry: Pick<LedgerEntry, 'kind' | 'amount'>): Yen {
  return isCredit(entry.kind) ? entry.amount : -entry.amount;
}

/** R-POINT: amounts are positive whole yen within the safe-integer range. */
export function assertAmount(amount: Yen): Yen {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError('INVALID_AMOUNT', `amount must be a positive integer number of yen, got ${amount}`);
  }
  return amount;
}

/** The point kind a contractor's 掛金 is paid in: 特別共済契約者 use 特別退職金ポイント (第41条). */
export function pointKindOf(kind: ContractorKind): PointKind {
  return kind === 'special' ? 'special' : 'regular';
}

/** Refuses entries the rules forbid, before anything is written. */
export function assertEntryAllowed(kind: EntryKind, pointKind: PointKind, amount: Yen): void {
  assertAmount(amount);
  // R-EXEMPT: no 50-day exemption refund for 特別共済 (第41条3).
  if (kind === 'exemption-refund' && pointKind === 'special') {
    throw new DomainError(
      'EXEMPTION_NOT_FOR_SPECIAL',
      '特別共済には掛金の免除（50日分）の還付はありません（約款 第41条3）。',
    );
  }
}

export type Application =
  | { status: 'insufficient'; balance: Yen }
  | { status: 'applied'; balanceBefore: Yen; balanceAfter: Yen };

/** Applies an entry to a balance: credits add; a debit needs the balance to cover it (never negative). */
export function applyEntry(balance: Yen, kind: EntryKind, amount: Yen): Application {
  assertAmount(amount);
  const after = balance + (isCredit(kind) ? amount : -amount);
  if (after < 0) return { status: 'insufficient', balance };
  return { status: 'applied', balanceBefore: balance, balanceAfter: after };
}

/** Σ of the signed entries. */
export function sumEntries(entries: readonly Pick<LedgerEntry, 'kind' | 'amount'>[]): Yen {
  return entries.reduce((s, e) => s + signedAmount(e), 0);
}

export interface Reconciliation {
  ok: boolean;
  balance: Yen;
  sum: Yen;
  difference: Yen;
  entries: number;
  /** Entries whose before/after do not chain (time order) or do not match their own amount. */
  brokenEntries: string[];
  /** More than one debit recorded for one application (must never happen). */
  duplicateRefs: string[];
}

/**
 * Proves balance = Σ entries, and that the entries form an unbroken chain: in seq order (1, 2, 3…)
 * each entry's balanceBefore is the previous balanceAfter, starting from 0, and after − before is
 * its signed amount.
 */
export function reconcile(balance: Yen, entries: readonly LedgerEntry[]): Reconciliation {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  const brokenEntries: string[] = [];
  const seen = new Set<string>();
  const duplicateRefs: string[] = [];
  let running = { seq: 0, balance: 0 };
  for (const e of ordered) {
    const id = `${e.kind}:${e.refId}`;
    if (seen.has(id)) duplicateRefs.push(id);
    seen.add(id);
    const expectedSeq = running.seq + 1;
    if (
      e.seq !== expectedSeq ||
      e.balanceBefore !== running.balance ||
      e.balanceAfter - e.balanceBefore !== signedAmount(e)
    ) {
      brokenEntries.push(id);
    }
    running = { seq: e.seq, balance: e.balanceAfter };
  }
  const sum = sumEntries(entries);
  return {
    ok: sum === balance && brokenEntries.length === 0 && duplicateRefs.length === 0,
    balance,
    sum,
    difference: balance - sum,
    entries: entries.length,
    brokenEntries,
    duplicateRefs,
  };
}

/** A credit id (payment id…) already used by a credit with other content: refused, nothing written. */
export const PAYMENT_ID_REUSED = 'payment-id-reused';

export function paymentIdReused(): DomainError {
  return new DomainError(
    PAYMENT_ID_REUSED,
    'この paymentId は別の内容（共済契約者・ポイント種別・金額）の入金ですでに使われています。納付の識別子を確かめてください',
  );
}
