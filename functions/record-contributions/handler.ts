// Task RecordContributions: members' days (第14条1) and the 第15条 notices.

import { monthIds } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { recordContributions } from '../shared/use-cases/record-contributions.js';

export const handler = cycleHandler(monthIds, cycleDeps, recordContributions);
