// Task DebitPoints: 掛金充当 of the approved application, one transaction keyed by the application.

import { monthIds } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { audit, imports, ledger, registry, waits, workflow } from '../shared/storage/repositories.js';
import { debitPoints } from '../shared/use-cases/debit-points.js';

export const handler = cycleHandler(
  monthIds,
  depsOf({ workflow, imports, ledger, registry, audit, waits }),
  debitPoints,
);
