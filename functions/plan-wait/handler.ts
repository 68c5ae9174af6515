// Task Plan…Reminder: when to remind or call overdue while the month waits for people (R-DEADLINE).
import { cycleDeps } from '../shared/cycle/runtime.js';
import { planWaitEvent } from '../shared/cycle/schemas.js';
import { planWait } from '../shared/cycle/waits.js';
import { cycleHandler } from '../shared/handler.js';

// The local runtime compresses time with LOCAL_MAX_WAIT_SECONDS; it is never set on AWS.
const cap = Number(process.env.LOCAL_MAX_WAIT_SECONDS ?? Number.POSITIVE_INFINITY);

export const handler = cycleHandler(planWaitEvent, cycleDeps, async (deps, input) => {
  // The site's 賃金支払日 moves the deadline (第11条1); without it the work month is the wage month.
  const site = await deps.registry.getSite(input.siteId);
  return planWait(input.workMonth, deps.now(), cap, site?.wagePayment);
});
