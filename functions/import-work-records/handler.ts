// Task ImportWorkRecords: read the CCUS file of one object version, validate it, store the import.

import { importEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import {
  audit,
  imports,
  outbox,
  registry,
  registryLoader,
  waits,
  workflow,
} from '../shared/storage/repositories.js';
import { importWorkRecords } from '../shared/use-cases/import-work-records.js';

export const handler = cycleHandler(
  importEvent,
  depsOf({ imports, audit, registry, registryLoader, outbox, waits, workflow }),
  importWorkRecords,
);
