// Task Plan…Reminder (PlanCorrectionsReminder, PlanFirstTierReportsReminder, PlanApplicationReminder, …)
// In: the site-month and the wait's kind. Out: which notice to send now and when to look again.
// Course: the site's 賃金支払日 moves the 第11条1 deadline (R-DEADLINE); without it the work month is the wage month.

import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { WaitKind } from '../../../domain/ports/storage.js';
import { planWait, type WaitPlan } from '../../../domain/reminders.js';

export interface PlanReminderInput {
  siteId: string;
  workMonth: string;
  waitKind: WaitKind;
}

export async function planReminder(
  deps: Pick<CycleDeps, 'registry' | 'now' | 'maxWaitSeconds'>,
  input: PlanReminderInput,
): Promise<WaitPlan> {
  const site = await deps.registry.getSite(input.siteId);
  return planWait(input.workMonth, deps.now(), deps.maxWaitSeconds, site?.wagePayment);
}
