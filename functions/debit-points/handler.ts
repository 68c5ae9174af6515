// Task DebitPoints: 掛金充当 of the approved application, one transaction keyed by the application.
import { debitPoints } from '../shared/cycle/charge.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { monthIds } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(monthIds, cycleDeps, debitPoints);
