// Scheduled every minute: deliver the outbox's due notices by e-mail (Amazon SES). The protocol, the
// retries and the parking of what cannot be delivered are the use case's (functions/shared/notices).
import { scheduleEvent } from '../shared/cycle-events.js';
import { cycleHandler } from '../shared/handler.js';
import { type DispatchDeps, dispatchNotices } from '../shared/notices/dispatch.js';
import { dispatchConfigFromEnv, dispatchDeps } from '../shared/notices/runtime.js';
import { SesMailer } from '../shared/notices/ses.js';

let built: { table: string | undefined; deps: DispatchDeps } | undefined;

/** Once per container (rebuilt if the table changes, as cycleDeps() is). */
function build(): DispatchDeps {
  if (built && built.table === process.env.TABLE_NAME) return built.deps;
  const from = process.env.SENDER_EMAIL;
  if (!from) throw new Error('SENDER_EMAIL is not set');
  const configurationSet = process.env.SES_CONFIGURATION_SET;
  const deps = dispatchDeps(
    new SesMailer({ from, ...(configurationSet ? { configurationSet } : {}) }),
    dispatchConfigFromEnv(),
  );
  built = { table: process.env.TABLE_NAME, deps };
  return deps;
}

export const handler = cycleHandler(scheduleEvent, build, (d) => dispatchNotices(d));
