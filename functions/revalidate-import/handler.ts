// Task RevalidateImport: validate the stored import again with the corrections now registered.

import { monthIds } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { imports, registry, registryLoader } from '../shared/storage/repositories.js';
import { revalidateImport } from '../shared/use-cases/revalidate-import.js';

export const handler = cycleHandler(
  monthIds,
  depsOf({ imports, registry, registryLoader }),
  revalidateImport,
);
