// Daily 09:00 Asia/Tokyo: on the day a month's files become visible (R-10TH), notify missing files.

import { sweepEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { monthlySweep } from '../shared/use-cases/monthly-sweep.js';

export const handler = cycleHandler(sweepEvent, cycleDeps, monthlySweep);
