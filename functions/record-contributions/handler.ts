// Task RecordContributions: members' days (第14条1) and the 第15条 notices.
import { recordContributions } from '../shared/cycle/charge.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { monthIds } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(monthIds, cycleDeps, recordContributions);
