// Task ImportWorkRecords: read the CCUS file of one object version, validate it, store the import.

import { importWorkRecords } from '../shared/cycle/import-work-records.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { importEvent } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(importEvent, cycleDeps, importWorkRecords);
