// Task RevalidateImport
// In: the site-month and its import. Out: the import's status after the corrections (予約可能 or 要修正).
// Course: validate the same file version again with the registry as it is now (事後登録, 強制取込, 一次選択,
// reviews). The file is re-read because the kana F-WORKER-NAME needs are deliberately not stored.

import type { CycleDeps, MonthIds } from '../../../domain/ports/cycle.js';
import { ingestCcusFile } from '../ccus/ingest.js';
import { required } from '../config.js';
import { SupersededError } from './month/waits.js';

export async function revalidateImport(
  deps: Pick<CycleDeps, 'imports' | 'registry' | 'files' | 'registryLoader'>,
  ids: MonthIds,
) {
  const imp = await deps.imports.getImport(ids.siteId, ids.workMonth, ids.importId);
  if (!imp || imp.status === 'refused') throw new Error(`no stored import ${ids.importId} to revalidate`);
  // A newer file took the month over while this one waited for corrections: this run ends quietly.
  if (imp.supersededAt !== undefined) throw new SupersededError(ids.siteId, ids.workMonth, ids.importId);
  const site = await deps.registry.getSite(ids.siteId);
  const bucket = required('INBOX_BUCKET');
  const outcome = await ingestCcusFile(await deps.files.open(bucket, imp.fileKey, imp.versionId), {
    registry: deps.registryLoader,
    expectedSiteId: ids.siteId,
    expectedWorkMonth: ids.workMonth,
    ...(site ? { site } : {}),
  });
  // The same bytes were accepted once; a refusal now can only mean the rules changed under it.
  if (outcome.status === 'refused')
    throw new Error(`stored file ${ids.importId} no longer passes the reader`);
  const r = outcome.result;
  try {
    await deps.imports.updateValidation(
      ids.siteId,
      ids.workMonth,
      ids.importId,
      r.status,
      r.flags,
      r.lines,
      r.companies,
      r.totals,
    );
  } catch (e) {
    const now = await deps.imports.getImport(ids.siteId, ids.workMonth, ids.importId);
    if (now?.supersededAt !== undefined) throw new SupersededError(ids.siteId, ids.workMonth, ids.importId);
    throw e;
  }
  return {
    status: 'imported' as const,
    importStatus: r.status,
    outputMethod: r.outputMethod,
    flags: r.flags.length,
    workers: r.totals.workers,
    days: r.totals.days,
    points: r.totals.points,
    // The state machine's IsAfterCharge reads it (R-LATE-DAYS).
    phase: imp.afterChargeOf !== undefined ? ('after-charge' as const) : ('original' as const),
  };
}
