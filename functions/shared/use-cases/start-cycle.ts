// StartCycle (the S3 event of a CCUS file under ccus/<site>/<YYYYMM>/)
// In: the object created (bucket, key, version). Out: started, already started, or ignored.
// Course: the execution's name is derived from the object version, so a replayed S3 event starts nothing new.
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { executionNameOf, importIdOf, parseInboxKey } from './month/ids.js';

export interface ObjectCreated {
  bucket: string;
  key: string;
  versionId: string;
}

export type StartOutput =
  | { status: 'ignored'; reason: string }
  | { status: 'started' | 'already-started'; executionName: string; importId: string };

export async function startCycle(
  deps: Pick<CycleDeps, 'executions'>,
  obj: ObjectCreated,
): Promise<StartOutput> {
  const target = parseInboxKey(obj.key);
  if (!target) return { status: 'ignored', reason: 'not a ccus/<現場ID>/<YYYYMM>/<name> key' };
  const importId = importIdOf(obj.key, obj.versionId);
  const executionName = executionNameOf(target.siteId, target.workMonth, importId);
  const status = await deps.executions.start(executionName, {
    bucket: obj.bucket,
    key: obj.key,
    versionId: obj.versionId,
    siteId: target.siteId,
    workMonth: target.workMonth,
    importId,
  });
  return { status, executionName, importId };
}
