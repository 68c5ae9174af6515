// Task Await…: store the wait's token with what it waits for and notify the people concerned.

import { awaitEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { imports, ledger, registry, waits, workflow } from '../shared/storage/repositories.js';
import { awaitPeople } from '../shared/use-cases/await-people.js';

export const handler = cycleHandler(
  awaitEvent,
  depsOf({ workflow, waits, imports, registry, ledger }),
  awaitPeople,
);
