// Task ImportWorkRecords: read the CCUS file of one object version, validate it, store the import.

import { importEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { importWorkRecords } from '../shared/use-cases/import-work-records.js';

export const handler = cycleHandler(importEvent, cycleDeps, importWorkRecords);
