// When a waiting month's people are reminded (R-DEADLINE): the request, the reminder a week before the
// 第11条1 deadline, then an overdue notice every few days.
import { addDays, workMonthDeadline } from './calendar.js';
import type { WagePayment } from './types.js';

/** Days before the deadline when the reminder goes out, and the interval of overdue notices. */
export const REMIND_DAYS_BEFORE = 7;
export const OVERDUE_EVERY_DAYS = 3;

export type Notice = 'request' | 'reminder' | 'overdue';

export interface WaitPlan {
  notice: Notice;
  /** Seconds until the next notice (the callback task's timeout). */
  timeoutSeconds: number;
  /** The 第11条1 deadline of the month (report and 掛金充当). */
  dueOn: string;
}

const JST = '+09:00';
const startOfDayJst = (isoDate: string) => new Date(`${isoDate}T00:00:00${JST}`).getTime();

/**
 * R-DEADLINE: a wage paid in month M is reported and paid by the end of M+1 (第11条1). The wage date is
 * not in the CCUS file: it is the site's 賃金支払日 setting (`wagePayment`), else the earliest case
 * (wages paid within the work month), so reminders are never late.
 */
export function planWait(
  workMonth: string,
  now: Date,
  maxSeconds = Number.POSITIVE_INFINITY,
  wagePayment?: WagePayment,
): WaitPlan {
  const dueOn = workMonthDeadline(workMonth, wagePayment);
  const remindAt = startOfDayJst(addDays(dueOn, -REMIND_DAYS_BEFORE));
  const overdueAt = startOfDayJst(addDays(dueOn, 1));
  const t = now.getTime();
  let notice: Notice;
  let next: number;
  if (t < remindAt) {
    notice = 'request';
    next = remindAt;
  } else if (t < overdueAt) {
    notice = 'reminder';
    next = overdueAt;
  } else {
    notice = 'overdue';
    next = t + OVERDUE_EVERY_DAYS * 86_400_000;
  }
  const seconds = Math.max(1, Math.ceil((next - t) / 1000));
  return { notice, timeoutSeconds: Math.min(seconds, maxSeconds), dueOn };
}
