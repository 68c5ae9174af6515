// 第15条: the 機構 notifies a member of the payment status 「掛金納付月数が12月に達したとき及び
// 掛金納付月数60月ごとに」. Read literally: at 12 months, and at every multiple of 60 months
// (60, 120, 180, …), months counted whole (252 days = 12 months).
import { assertDays, DAYS_PER_MONTH, MIN_MONTHS } from './months.js';

export const NOTICE_EVERY_MONTHS = 60;

export interface Milestone {
  months: number;
  /** Days at which the milestone is reached. */
  days: number;
  kind: 'reached-12' | 'every-60';
}

/** The 第15条 milestones crossed when a member's days go from `fromDays` to `toDays` (a < m ≤ b). */
export function milestonesCrossed(fromDays: number, toDays: number): Milestone[] {
  assertDays(fromDays, 'fromDays');
  assertDays(toDays, 'toDays');
  const out: Milestone[] = [];
  // A correction that lowers the days crosses nothing: notices are never withdrawn.
  if (toDays <= fromDays) return out;
  const crossed = (days: number) => fromDays < days && days <= toDays;
  const first = MIN_MONTHS * DAYS_PER_MONTH;
  if (crossed(first)) out.push({ months: MIN_MONTHS, days: first, kind: 'reached-12' });
  const step = NOTICE_EVERY_MONTHS * DAYS_PER_MONTH;
  for (let days = (Math.floor(fromDays / step) + 1) * step; days <= toDays; days += step) {
    out.push({ months: days / DAYS_PER_MONTH, days, kind: 'every-60' });
  }
  return out;
}
