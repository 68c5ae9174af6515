// R-ALLOWANCE: labelled estimates read from a published 早見表, only at its listed points.
import { ALLOWANCE_TABLES, type AllowanceTable, type AllowanceTableId } from './config/allowance-tables.js';
import { type ClaimEvent, eligibility, OLD_RULE_MONTHS, roundedMonths, wholeMonths } from './months.js';
import { DomainError, type Yen } from './types.js';

/** A table by id; throws `UNKNOWN_ALLOWANCE_TABLE` for any other id. */
export function allowanceTable(id: AllowanceTableId): AllowanceTable {
  const table = ALLOWANCE_TABLES[id];
  if (!table) throw new DomainError('UNKNOWN_ALLOWANCE_TABLE', `no 早見表 with id ${String(id)}`);
  return table;
}

/** The table's value at exactly `months`, or undefined between points (never interpolated). */
export function allowanceAt(id: AllowanceTableId, months: number): Yen | undefined {
  return allowanceTable(id).points.find((p) => p.months === months)?.yen;
}

export type AllowanceEstimate =
  | {
      kind: 'none';
      /** Below the months required for this claim (R-ELIGIBLE). */
      reason: 'BELOW_MINIMUM';
      months: number;
      requiredMonths: number;
    }
  | {
      kind: 'table';
      months: number;
      yen: Yen;
      tableId: AllowanceTableId;
      label: string;
      source: string;
    }
  | {
      /** Eligible, but the table lists no value at these months; none is invented. */
      kind: 'not-listed';
      months: number;
      tableId: AllowanceTableId;
      listedMonths: number[];
    }
  | {
      /** Death with 12–23 months: the contributions the employers paid (seed 003). */
      kind: 'contributions';
      months: number;
      yen: Yen;
      source: string;
    };

export interface AllowanceQuery {
  /** All contribution days added up (stamps, electronic, 特別: 第14条1, 第42条). */
  days: number;
  claim: ClaimEvent;
  /** Which 早見表 to read; the current 320-yen table by default. */
  tableId?: AllowanceTableId;
  /** 掛金相当額: needed only for a death claim with 12–23 months. */
  contributionsPaid?: Yen;
}

/**
 * R-ALLOWANCE: an estimate of the allowance. Eligibility counts whole months (252 days = 12 months);
 * the table is read at the months rounded as seed 003 says (days / 21, 小数1位で四捨五入).
 */
export function estimateAllowance(q: AllowanceQuery): AllowanceEstimate {
  const e = eligibility(q.days, q.claim);
  if (!e.eligible) {
    return { kind: 'none', reason: 'BELOW_MINIMUM', months: e.months, requiredMonths: e.requiredMonths };
  }
  if (q.claim.death && wholeMonths(q.days) < OLD_RULE_MONTHS) {
    const paid = q.contributionsPaid;
    if (paid === undefined || !Number.isSafeInteger(paid) || paid < 0) {
      throw new DomainError(
        'CONTRIBUTIONS_REQUIRED',
        'a death claim with 12–23 months pays the contributions paid (掛金相当額): give contributionsPaid in integer yen',
      );
    }
    return {
      kind: 'contributions',
      months: e.months,
      yen: paid,
      source: 'seed 003 「12月以上24月未満で死亡したときの退職金は、事業主が納めた掛金に相当する額」',
    };
  }
  const table = allowanceTable(q.tableId ?? 'current-320');
  const months = roundedMonths(q.days);
  const yen = allowanceAt(table.id, months);
  if (yen === undefined) {
    return { kind: 'not-listed', months, tableId: table.id, listedMonths: table.points.map((p) => p.months) };
  }
  return { kind: 'table', months, yen, tableId: table.id, label: table.label, source: table.source };
}
