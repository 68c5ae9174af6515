// EventBridge "Object Created" on the inbox → start the site-month's execution (deterministic name).
import { cycleDeps } from '../shared/cycle/runtime.js';
import { objectCreatedEvent } from '../shared/cycle/schemas.js';
import { startCycle } from '../shared/cycle/start.js';
import { cycleHandler, logger } from '../shared/handler.js';

export const handler = cycleHandler(objectCreatedEvent, cycleDeps, async (deps, event) => {
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
