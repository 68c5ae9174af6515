// Waiting for people: a run that lost its month ends quietly; a wait is resumed once.
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import { WAIT_KINDS, type WaitKind } from '../../../../domain/ports/storage.js';

export { SupersededError } from '../errors.js';

/** A replacement file took over: end the waits of the import it replaced (their executions end cleanly). */
export async function supersedeWaits(
  deps: Pick<CycleDeps, 'waits' | 'executions'>,
  siteId: string,
  workMonth: string,
  replacedImportId: string,
  byImportId: string,
): Promise<number> {
  let ended = 0;
  for (const kind of WAIT_KINDS) {
    const info = await deps.waits.get(siteId, workMonth, kind);
    if (!info || info.importId !== replacedImportId) continue;
    const token = await deps.waits.token(siteId, workMonth, kind);
    if (!token) continue;
    await deps.executions.fail(token, 'Superseded', `import ${replacedImportId} replaced by ${byImportId}`);
    await deps.waits.clear(siteId, workMonth, kind, token);
    ended++;
  }
  return ended;
}

export type ResumeResult = 'resumed' | 'not-waiting' | 'expired';

/** Resume the execution waiting for `kind` (the caller never sees the token). */
export async function resumeWait(
  deps: Pick<CycleDeps, 'waits' | 'executions'>,
  siteId: string,
  workMonth: string,
  kind: WaitKind,
  output: Record<string, unknown> = {},
): Promise<ResumeResult> {
  const token = await deps.waits.token(siteId, workMonth, kind);
  if (!token) return 'not-waiting';
  const r = await deps.executions.resume(token, output);
  // Only this token: the execution may already be waiting again under the same kind (a new token).
  await deps.waits.clear(siteId, workMonth, kind, token);
  return r;
}
