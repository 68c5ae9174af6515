// Task Await…: store the wait's token with what it waits for and notify the people concerned.

import { awaitEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { awaitPeople } from '../shared/use-cases/await-people.js';

export const handler = cycleHandler(awaitEvent, cycleDeps, awaitPeople);
