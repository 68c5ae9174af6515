// Daily 09:00 Asia/Tokyo: on the day a month's files become visible (R-10TH), notify missing files.

import { sweepEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import {
  contributions,
  imports,
  ledger,
  outbox,
  registry,
  workflow,
} from '../shared/storage/repositories.js';
import { monthlySweep } from '../shared/use-cases/monthly-sweep.js';

export const handler = cycleHandler(
  sweepEvent,
  depsOf({ registry, imports, outbox, workflow, ledger, contributions }),
  monthlySweep,
);
