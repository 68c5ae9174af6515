// Waiting for people: the reminder plan (R-DEADLINE), storing the token, and resuming.
import { addDays, workMonthDeadline } from '../../../domain/calendar.js';
import type { WaitKind } from '../../../domain/storage-ports.js';
import type { WagePayment } from '../../../domain/types.js';
import type { CycleDeps } from './deps.js';

export const WAIT_KINDS: readonly WaitKind[] = [
  'Corrections',
  'FirstTierReports',
  'Application',
  'Approval',
  'Purchase',
];

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

/** This run's import is no longer the month's current one: the run ends in Superseded, quietly. */
export class SupersededError extends Error {
  override name = 'Superseded';
  constructor(siteId: string, workMonth: string, importId: string) {
    super(`import ${importId} of ${siteId} ${workMonth} is no longer the month's current import`);
  }
}

/** A replacement file took over: end the waits of the import it replaced (their executions end cleanly). */
export async function supersedeWaits(
  deps: CycleDeps,
  siteId: string,
  workMonth: string,
  replacedImportId: string,
  byImportId: string,
): Promise<number> {
  let ended = 0;
  for (const kind of WAIT_KINDS) {
    const info = await deps.waits.get(siteId, workMonth, kind);
    if (!info || info.importId !== replacedImportId) continue;
    const token = await deps.waits.token(siteId, workMonth, kind);
    if (!token) continue;
    await deps.executions.fail(token, 'Superseded', `import ${replacedImportId} replaced by ${byImportId}`);
    await deps.waits.clear(siteId, workMonth, kind, token);
    ended++;
  }
  return ended;
}

export type ResumeResult = 'resumed' | 'not-waiting' | 'expired';

/** Resume the execution waiting for `kind` (the caller never sees the token). */
export async function resumeWait(
  deps: CycleDeps,
  siteId: string,
  workMonth: string,
  kind: WaitKind,
  output: Record<string, unknown> = {},
): Promise<ResumeResult> {
  const token = await deps.waits.token(siteId, workMonth, kind);
  if (!token) return 'not-waiting';
  const r = await deps.executions.resume(token, output);
  // Only this token: the execution may already be waiting again under the same kind (a new token).
  await deps.waits.clear(siteId, workMonth, kind, token);
  return r;
}
