// Daily 09:00 Asia/Tokyo: on the day a month's files become visible (R-10TH), notify missing files.
import { cycleDeps } from '../shared/cycle/runtime.js';
import { sweepEvent } from '../shared/cycle/schemas.js';
import { monthlySweep } from '../shared/cycle/sweep.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(sweepEvent, cycleDeps, monthlySweep);
