// R-EXEMPT: the 50-day exemption of a new 被共済者, refunded as points at 手帳更新 (約款 第14条).
import { assertDays, MIN_DAYS } from './months.js';
import { dailyRateOn } from './rates.js';
import { DomainError, type IsoDate, type Member, type Yen } from './types.js';

/** 掛金の日額の50日分 (第14条1), granted on the first book only (seed 003 「初回交付の手帳の50日分」). */
export const EXEMPT_DAYS = 50;

export interface RenewalExemptionInput {
  member: Pick<Member, 'kind' | 'firstBook' | 'days'>;
  /** The day the 機構 renews the book (第13条3): the exemption is computed then (第14条3). */
  renewedOn: IsoDate;
  /** Days already exempted with stamps (消印のみ, 第14条2); they reduce the refund. */
  exemptDaysByStamps?: number;
}

export type RenewalExemption =
  | { refunded: true; days: number; dailyRate: Yen; points: Yen }
  | {
      refunded: false;
      reason: 'SPECIAL_CONTRACT' | 'NOT_FIRST_BOOK' | 'BELOW_12_MONTHS' | 'ALREADY_EXEMPTED';
      points: 0;
    };

/**
 * R-EXEMPT: points refunded to the contractor at a 手帳更新. None for 特別共済 (第41条3), none after the
 * first book, none while months < 12 (第14条4; `member.days` counts stamp and electronic days, 第14条1).
 * The rate is the daily rate in force on the renewal day (第4条).
 */
export function exemptionRefundAtRenewal(input: RenewalExemptionInput): RenewalExemption {
  const byStamps = assertDays(input.exemptDaysByStamps ?? 0, 'exemptDaysByStamps');
  if (byStamps > EXEMPT_DAYS) {
    throw new DomainError(
      'INVALID_EXEMPTION',
      `at most ${EXEMPT_DAYS} days are exempt, got ${byStamps} by stamps`,
    );
  }
  const days = assertDays(input.member.days, 'member.days');
  const dailyRate = dailyRateOn(input.renewedOn);
  if (input.member.kind === 'special') return { refunded: false, reason: 'SPECIAL_CONTRACT', points: 0 };
  if (!input.member.firstBook) return { refunded: false, reason: 'NOT_FIRST_BOOK', points: 0 };
  if (days < MIN_DAYS) return { refunded: false, reason: 'BELOW_12_MONTHS', points: 0 };
  const remaining = EXEMPT_DAYS - byStamps;
  if (remaining === 0) return { refunded: false, reason: 'ALREADY_EXEMPTED', points: 0 };
  return { refunded: true, days: remaining, dailyRate, points: remaining * dailyRate };
}
