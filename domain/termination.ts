// 第24条1一: the 機構 terminates a contract when, over the most recent 1..6 years, the contractor failed
// to pay at least 1/1, 1/2, …, 1/6 of the contributions due. Unpaid amounts excused under 第24条2
// (and applied for under 第24条3) are left out of the ratio: out of the unpaid and out of the due.
import { DomainError, type Yen } from './types.js';

export const MAX_WINDOW_YEARS = 6;

export interface ContributionYear {
  /** 納付すべき掛金 for the year. */
  due: Yen;
  /** Paid towards it. */
  paid: Yen;
  /** Unpaid amount excused under 第24条2 (no fault of the contractor, or under half the 所定労働時間). */
  excused?: Yen;
}

export interface TerminationWindow {
  years: number;
  /** Due, excused amounts left out. */
  due: Yen;
  unpaid: Yen;
  /** unpaid / due ≥ 1 / years. */
  reached: boolean;
}

export interface TerminationCheck {
  terminated: boolean;
  /** The shortest window that reached its share, if any. */
  window?: number;
  windows: TerminationWindow[];
}

function assertYen(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new DomainError('INVALID_AMOUNT', `${what} must be a non-negative integer yen, got ${v}`);
  }
  return v;
}

/**
 * 第24条1一 over yearly totals, most recent year first. A window of n years is judged only when n years
 * are given (a younger contract has no 「直近の過去n年」 to fail). Integer arithmetic: n × unpaid ≥ due.
 */
export function checkTermination(yearsMostRecentFirst: readonly ContributionYear[]): TerminationCheck {
  const windows: TerminationWindow[] = [];
  let due = 0;
  let unpaid = 0;
  for (const [i, y] of yearsMostRecentFirst.slice(0, MAX_WINDOW_YEARS).entries()) {
    const yDue = assertYen(y.due, `years[${i}].due`);
    const yPaid = assertYen(y.paid, `years[${i}].paid`);
    const excused = assertYen(y.excused ?? 0, `years[${i}].excused`);
    // Overpaying one year does not make up for another: only each year's shortfall counts.
    const shortfall = Math.max(0, yDue - yPaid);
    if (excused > shortfall) {
      throw new DomainError(
        'INVALID_AMOUNT',
        `years[${i}]: excused ${excused} exceeds the unpaid ${shortfall}`,
      );
    }
    due += yDue - excused;
    unpaid += shortfall - excused;
    const years = i + 1;
    windows.push({ years, due, unpaid, reached: due > 0 && years * unpaid >= due });
  }
  const hit = windows.find((w) => w.reached);
  return hit ? { terminated: true, window: hit.years, windows } : { terminated: false, windows };
}
