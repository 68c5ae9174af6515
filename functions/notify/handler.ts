// Tasks Notify… and RecordFailure: queue the cycle's notices in the outbox.

import { notifyEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { notify } from '../shared/use-cases/notify.js';

export const handler = cycleHandler(notifyEvent, cycleDeps, notify);
