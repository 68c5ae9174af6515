// EventBridge "Object Created" on the inbox → start the site-month's execution (deterministic name).

import { objectCreatedEvent } from '../shared/cycle-events.js';
import { cycleHandler, logger } from '../shared/handler.js';
import { depsOf } from '../shared/runtime.js';
import { startCycle } from '../shared/use-cases/start-cycle.js';

export const handler = cycleHandler(objectCreatedEvent, depsOf({}), async (deps, event) => {
  const out = await startCycle(deps, {
    bucket: event.detail.bucket.name,
    key: event.detail.object.key,
    versionId: event.detail.object['version-id'],
  });
  logger.info('ccus file landed', {
    status: out.status,
    ...('importId' in out ? { importId: out.importId } : {}),
  });
  return out;
});
