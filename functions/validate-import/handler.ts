// Task RevalidateImport: validate the stored import again with the corrections now registered.

import { revalidateImport } from '../shared/cycle/revalidate.js';
import { cycleDeps } from '../shared/cycle/runtime.js';
import { monthIds } from '../shared/cycle/schemas.js';
import { cycleHandler } from '../shared/handler.js';

export const handler = cycleHandler(monthIds, cycleDeps, revalidateImport);
