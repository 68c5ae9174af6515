// Scheduled every minute: deliver the outbox's due notices by e-mail (Amazon SES). The protocol, the
// retries and the parking of what cannot be delivered are the use case's (functions/shared/notices).

import type { CycleDeps } from '../../domain/ports/cycle.js';
import { readConfig, required } from '../shared/config.js';
import { scheduleEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { type DispatchDeps, dispatchNotices } from '../shared/notices/dispatch.js';
import { dispatchConfigFromEnv, dispatchDeps } from '../shared/notices/runtime.js';
import { SesMailer } from '../shared/notices/ses.js';
import { cycleDeps } from '../shared/runtime.js';

let built: { cycle: CycleDeps; deps: DispatchDeps } | undefined;

/** Once per container, on the cycle's repositories (again when those are rebuilt). */
function build(): DispatchDeps {
  const cycle = cycleDeps();
  if (built?.cycle === cycle) return built.deps;
  const config = readConfig();
  const from = required('SENDER_EMAIL', config);
  const configurationSet = config.SES_CONFIGURATION_SET;
  const deps = dispatchDeps(
    new SesMailer({ from, ...(configurationSet ? { configurationSet } : {}) }),
    dispatchConfigFromEnv(config),
  );
  built = { cycle, deps };
  return deps;
}

export const handler = cycleHandler(scheduleEvent, build, (d) => dispatchNotices(d));
