// Task RecordContributions: members' days (第14条1) and the 第15条 notices.

import { monthIds } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { contributions, imports, outbox, registry } from '../shared/storage/repositories.js';
import { recordContributions } from '../shared/use-cases/record-contributions.js';

export const handler = cycleHandler(
  monthIds,
  depsOf({ imports, registry, contributions, outbox }),
  recordContributions,
);
