// 就業履歴情報等の取込: read the file of one object version, validate it, store the import.
import { ingestCcusFile } from '../ccus/ingest.js';
import type { CycleDeps } from './deps.js';
import { supersedeWaits } from './waits.js';

export interface ImportInput {
  bucket: string;
  key: string;
  versionId: string;
  siteId: string;
  workMonth: string;
  importId: string;
}

export type ImportOutput =
  | { status: 'refused'; errorCount: number; reason: string }
  | { status: 'stale'; currentImportId?: string }
  | {
      status: 'imported';
      importStatus: '予約可能' | '要修正';
      outputMethod: '元請一括' | '一次一括';
      flags: number;
      workers: number;
      days: number;
      points: number;
    };

export async function importWorkRecords(deps: CycleDeps, input: ImportInput): Promise<ImportOutput> {
  const at = deps.now().toISOString();
  const base = {
    siteId: input.siteId,
    workMonth: input.workMonth,
    importId: input.importId,
    fileKey: input.key,
    versionId: input.versionId,
    receivedAt: at,
  };
  const refuse = async (errors: { line: number; column: string; message: string }[], errorCount: number) => {
    await deps.imports.saveRefusal({
      ...base,
      flags: [],
      totals: { rows: 0, workers: 0, days: 0, points: 0 },
      siteName: '',
      outputMethod: '元請一括',
      primeCompanyId: '',
      companies: [],
      errors: errors.slice(0, 100),
    });
    return { status: 'refused' as const, errorCount, reason: errors[0]?.message ?? 'refused' };
  };

  const site = await deps.registry.getSite(input.siteId);
  if (!site) {
    return refuse(
      [
        {
          line: 0,
          column: '現場ID',
          message: `現場ID ${input.siteId} の工事情報が登録されていません（工事情報の登録）`,
        },
      ],
      1,
    );
  }
  const body = await deps.files.open(input.bucket, input.key, input.versionId);
  const outcome = await ingestCcusFile(body, {
    registry: deps.registryLoader,
    expectedSiteId: input.siteId,
    expectedWorkMonth: input.workMonth,
    site,
  });
  if (outcome.status === 'refused') {
    const errors = outcome.errors.map((e) => ({
      line: e.line ?? 0,
      column: e.column ?? '',
      message: e.message,
    }));
    return refuse(errors, outcome.errorCount);
  }

  const r = outcome.result;
  const saved = await deps.imports.saveImport(
    {
      ...base,
      status: r.status,
      flags: r.flags,
      totals: r.totals,
      siteName: r.siteName,
      outputMethod: r.outputMethod,
      primeCompanyId: r.primeCompanyId,
      companies: r.companies,
    },
    r.lines,
  );
  if (saved.status === 'charged') {
    return refuse(
      [
        {
          line: 0,
          column: '対象年月',
          message: `${input.workMonth} は掛金充当済みです。差替えはできません（差分は就労実績の調整で扱います）`,
        },
      ],
      1,
    );
  }
  if (saved.status === 'conflict') return { status: 'stale', currentImportId: saved.currentImportId };
  if (saved.status === 'saved' && saved.replacedImportId) {
    await supersedeWaits(deps, input.siteId, input.workMonth, saved.replacedImportId, input.importId);
  }
  const current =
    saved.status === 'exists'
      ? await deps.imports.getImport(input.siteId, input.workMonth, input.importId)
      : undefined;
  const status = current && current.status !== 'refused' ? current.status : r.status;
  // ファイル受信: the prime hears of the file once per import (a replayed event enqueues the same id).
  await deps.outbox.enqueue({
    messageId: `file-received-${input.importId}`,
    notice: 'file-received',
    to: site.primeContractorNo,
    siteId: input.siteId,
    workMonth: input.workMonth,
    payload: { importId: input.importId, status, flags: r.flags.length },
    createdAt: at,
  });
  return {
    status: 'imported',
    importStatus: status,
    outputMethod: r.outputMethod,
    flags: r.flags.length,
    workers: r.totals.workers,
    days: r.totals.days,
    points: r.totals.points,
  };
}
