// Task Plan…Reminder: when to remind or call overdue while the month waits for people (R-DEADLINE).
import { planWaitEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { registry } from '../shared/storage/repositories.js';
import { planReminder } from '../shared/use-cases/plan-reminder.js';

export const handler = cycleHandler(planWaitEvent, depsOf({ registry }), planReminder);
