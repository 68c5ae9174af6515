// Task RevalidateImport: validate the stored import again with the corrections now registered.

import { monthIds } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { cycleDeps } from '../shared/runtime.js';
import { revalidateImport } from '../shared/use-cases/revalidate-import.js';

export const handler = cycleHandler(monthIds, cycleDeps, revalidateImport);
