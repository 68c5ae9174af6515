// Scheduled every minute: deliver the outbox's due notices by e-mail (Amazon SES). The protocol, the
// retries and the parking of what cannot be delivered are the use case's (functions/shared/notices).

import { readConfig, required } from '../shared/config.js';
import { scheduleEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { type DispatchDeps, dispatchNotices } from '../shared/notices/dispatch.js';
import { dispatchConfigFromEnv, dispatchDeps, dispatchRepositories } from '../shared/notices/runtime.js';
import { SesMailer } from '../shared/notices/ses.js';

let built: { repositories: object; deps: DispatchDeps } | undefined;

/** Once per container, on the dispatcher's repositories (again when those are rebuilt). */
function build(): DispatchDeps {
  const repositories = dispatchRepositories();
  if (built?.repositories === repositories) return built.deps;
  const config = readConfig();
  const from = required('SENDER_EMAIL', config);
  const configurationSet = config.SES_CONFIGURATION_SET;
  const deps = dispatchDeps(
    new SesMailer({ from, ...(configurationSet ? { configurationSet } : {}) }),
    dispatchConfigFromEnv(config),
  );
  built = { repositories, deps };
  return deps;
}

export const handler = cycleHandler(scheduleEvent, build, (d) => dispatchNotices(d));
