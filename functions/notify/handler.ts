// Tasks Notify… and RecordFailure: queue the cycle's notices in the outbox.

import { notifyEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { imports, outbox, registry, workflow } from '../shared/storage/repositories.js';
import { notify } from '../shared/use-cases/notify.js';

export const handler = cycleHandler(notifyEvent, depsOf({ imports, workflow, registry, outbox }), notify);
