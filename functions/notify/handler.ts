// Tasks Notify… and RecordFailure: queue the cycle's notices in the outbox.
import { notify } from '../shared/cycle/people.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { notifyEvent } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(notifyEvent, cycleDeps, notify);
