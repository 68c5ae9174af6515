// Tasks Notify… (NotifyNoWork, NotifyRefusal, NotifyRejection, NotifyCharged) and RecordFailure
// In: which notice, the site-month and import. Out: how many notices were queued.
// Course: 実績なし is recorded on the import first; each notice has an id so a retry queues it once.
import { randomUUID } from 'node:crypto';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { type CycleNotice, enqueue, noticeId, primeOf } from './month/notices.js';

export interface NotifyInput {
  notice: CycleNotice;
  siteId: string;
  workMonth: string;
  importId?: string;
  failure?: { Error?: string; Cause?: string };
}

/** Workers, days and points of a set of lines (the charged totals a notice carries). */
function totalsOf(lines: readonly { workerId: string; days: number; points: number }[]) {
  return {
    workers: new Set(lines.filter((l) => l.days > 0).map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
  };
}

/**
 * The charged notice (第11条4): the prime gets the month's totals; each 一次 of the chain gets its own
 * chain's totals (its lines and those of the companies attached to it), never another chain's.
 */
async function notifyCharged(
  deps: Pick<CycleDeps, 'imports' | 'outbox' | 'now'>,
  input: NotifyInput,
  prime: string,
): Promise<number> {
  const importId = input.importId ?? '';
  const imp = importId ? await deps.imports.getImport(input.siteId, input.workMonth, importId) : undefined;
  const lines = imp ? await deps.imports.lines(input.siteId, input.workMonth, importId) : [];
  // Once per import and recipient, so that a retried task enqueues each notice once.
  const idOf = (to: string) => noticeId('charged', input.siteId, input.workMonth, importId, to);
  await enqueue(
    deps,
    prime,
    'charged',
    input.siteId,
    input.workMonth,
    { importId, recipient: 'prime', ...totalsOf(lines) },
    idOf(prime),
  );
  let notified = 1;
  for (const f of (imp?.companies ?? []).filter((c) => c.tier === 1)) {
    if (!f.contractorNo || f.contractorNo === prime) continue;
    const chain = lines.filter((l) => l.firstTierCompanyId === f.companyId);
    await enqueue(
      deps,
      f.contractorNo,
      'charged',
      input.siteId,
      input.workMonth,
      { importId, recipient: 'first-tier', firstTier: f.companyId, ...totalsOf(chain) },
      idOf(f.contractorNo),
    );
    notified++;
  }
  return notified;
}

export async function notify(
  deps: Pick<CycleDeps, 'now' | 'imports' | 'workflow' | 'registry' | 'outbox'>,
  input: NotifyInput,
): Promise<{ notified: number }> {
  const prime = await primeOf(deps, input.siteId);
  if (input.notice === 'charged') return { notified: await notifyCharged(deps, input, prime) };
  const payload: Record<string, string | number | boolean> = { importId: input.importId ?? '' };
  if (input.notice === 'no-work' && input.importId) {
    // R-ZERO-MONTH: the month closes as 実績なし, recorded on the import before the prime is told.
    const at = deps.now().toISOString();
    const recorded = await deps.imports.markNoWork(input.siteId, input.workMonth, input.importId, at);
    const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
    payload.outcome = '実績なし';
    payload.recorded = recorded;
    payload.rows = imp?.totals.rows ?? 0;
  }
  if (input.notice === 'file-refused' && input.importId) {
    const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
    payload.errors = imp?.errors.length ?? 0;
  }
  // What makes the notice unique, so that a retried task enqueues it once (failures carry no such key).
  let key: string | undefined;
  if ((input.notice === 'file-refused' || input.notice === 'no-work') && input.importId) key = input.importId;
  if (input.notice === 'rejected') {
    const app = await deps.workflow.getApplication(input.siteId, input.workMonth);
    if (app) key = `${app.importId}:${app.revision}`;
  }
  const idOf = (to: string) =>
    key === undefined ? randomUUID() : noticeId(input.notice, input.siteId, input.workMonth, key, to);
  if (input.notice === 'cycle-failed') {
    // Operators see the error name only: a Cause may quote data.
    payload.error = input.failure?.Error ?? 'unknown';
    await enqueue(deps, 'operators', input.notice, input.siteId, input.workMonth, payload);
  }
  await enqueue(deps, prime, input.notice, input.siteId, input.workMonth, payload, idOf(prime));
  return { notified: input.notice === 'cycle-failed' ? 2 : 1 };
}
