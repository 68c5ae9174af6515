// Task Await…: store the wait's token with what it waits for and notify the people concerned.
import { awaitPeople } from '../shared/cycle/people.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { awaitEvent } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(awaitEvent, cycleDeps, awaitPeople);
