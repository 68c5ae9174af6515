// Task ImportWorkRecords (就業履歴情報等の取込)
// In: the site-month and the file's object version. Out: the import's status (予約可能, 要修正, refused, …).
// Course: read, validate, store; what the file does to the month (first file, R-REPLACE, R-LATE-DAYS) is
// the lifecycle model's decision, carried out here.
import { type ChargeDiff, type MonthState, type Phase, transition } from '../../../domain/application.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { SYSTEM_ACTORS } from '../../../domain/ports/storage.js';
import { ingestCcusFile } from '../ccus/ingest.js';
import { carryOut, diffWithCharged, loadMonth } from './month/lifecycle.js';

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
      /** The month's state after the file, as the lifecycle model decided (the state machine branches on it). */
      monthState: MonthState;
      /** `after-charge`: the month was charged; this file's difference is a 追加申請 / 誤納 return. */
      phase: Phase;
      /** After the charge: days added and removed against what was charged. */
      added?: { days: number; points: number };
      removed?: { days: number; points: number };
    };

export async function importWorkRecords(
  deps: Pick<
    CycleDeps,
    | 'now'
    | 'imports'
    | 'metrics'
    | 'audit'
    | 'registry'
    | 'files'
    | 'registryLoader'
    | 'outbox'
    | 'waits'
    | 'workflow'
    | 'executions'
  >,
  input: ImportInput,
): Promise<ImportOutput> {
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
    deps.metrics?.count('FilesReceived');
    deps.metrics?.count('FilesRefused');
    await deps.audit?.append({
      actor: SYSTEM_ACTORS.ccus,
      action: 'file-refused',
      siteId: input.siteId,
      workMonth: input.workMonth,
      subject: { importId: input.importId, fileKey: input.key, errors: String(errorCount) },
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
    const refused = await refuse(errors, outcome.errorCount);
    if (outcome.fileOwner !== undefined) await tellSiteOwner(deps, input, outcome.fileOwner.contractorNo, at);
    return refused;
  }

  const r = outcome.result;
  const before = await loadMonth(deps, input.siteId, input.workMonth);
  const record = {
    ...base,
    status: r.status,
    flags: r.flags,
    totals: r.totals,
    siteName: r.siteName,
    outputMethod: r.outputMethod,
    primeCompanyId: r.primeCompanyId,
    companies: r.companies,
  };
  let diff: ChargeDiff | undefined;
  let saved = await deps.imports.saveImport(record, r.lines, before.month.importId);
  if (saved.status === 'charged') {
    // R-LATE-DAYS: compared with what stands charged; the file becomes current beside the charged import.
    diff = await diffWithCharged(deps, input.siteId, input.workMonth, saved.chargedImportId, r.lines);
    saved = await deps.imports.saveImport(
      { ...record, afterChargeOf: saved.chargedImportId },
      r.lines,
      before.month.importId,
    );
  }
  if (saved.status === 'conflict' || saved.status === 'charged')
    return {
      status: 'stale',
      currentImportId: saved.status === 'conflict' ? saved.currentImportId : undefined,
    };

  if (saved.status === 'saved') {
    // Once per file: a replayed event finds the import already there ('exists').
    deps.metrics?.count('FilesReceived');
    deps.metrics?.count('FlagsRaised', r.flags.length);
    await deps.audit?.append({
      actor: SYSTEM_ACTORS.ccus,
      action: 'file-received',
      siteId: input.siteId,
      workMonth: input.workMonth,
      subject: {
        importId: input.importId,
        fileKey: input.key,
        status: r.status,
        flags: String(r.flags.length),
        ...(diff ? { afterCharge: 'true' } : {}),
      },
    });
  }

  const firstTiers = r.companies.filter((c) => c.tier === 1).length;
  const decided = transition(before.month, {
    type: 'file',
    importId: input.importId,
    status: r.status,
    outputMethod: r.outputMethod,
    days: r.totals.days,
    points: r.totals.points,
    firstTiers,
    ...(diff ? { diff } : {}),
  });
  if (!decided.ok) throw new Error(`file not accepted by the lifecycle: ${decided.reason}`);
  if (saved.status === 'saved') {
    const reason = `新しい就業履歴ファイルが届いたため、この月は新しいファイルで最初からやり直します（${input.key}）`;
    const old = decided.effects.filter((f) => f.kind !== 'notify' || f.notice === 'withdrawn');
    if (before.month.importId !== undefined)
      await carryOut(deps, old, {
        siteId: input.siteId,
        workMonth: input.workMonth,
        importId: before.month.importId,
        byImportId: input.importId,
        actors: before.month.actors,
        reason,
      });
    await carryOut(
      deps,
      // 実績なし is told by the state machine once recorded (NotifyNoWork).
      decided.effects.filter(
        (f) => f.kind === 'notify' && f.notice !== 'withdrawn' && f.notice !== 'zero-month',
      ),
      {
        siteId: input.siteId,
        workMonth: input.workMonth,
        importId: input.importId,
        actors: [],
        reason: diff
          ? `充当済みとの差分: 追加 ${diff.addDays} 日（${diff.addPoints} ポイント）、減少 ${diff.removeDays} 日（${diff.returnPoints} ポイント）`
          : reason,
      },
    );
  }
  // Nothing changed against the charge: the file stands charged as it is (no application, no points).
  if (decided.month.state === '充当済')
    await deps.imports.markCharged(input.siteId, input.workMonth, input.importId, deps.now().toISOString());

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
  const after =
    saved.status === 'exists' ? (await loadMonth(deps, input.siteId, input.workMonth)).month : decided.month;
  return {
    status: 'imported',
    importStatus: status,
    outputMethod: r.outputMethod,
    flags: r.flags.length,
    workers: r.totals.workers,
    days: r.totals.days,
    points: r.totals.points,
    monthState: after.state,
    phase: after.phase,
    ...(diff
      ? {
          added: { days: diff.addDays, points: diff.addPoints },
          removed: { days: diff.removeDays, points: diff.returnPoints },
        }
      : {}),
  };
}

/** Notice kind of a file refused by R-SITE-OWNER, for the operators and the file's 元請. */
export const SITE_OWNER_NOTICE = 'site-owner-mismatch';

/**
 * R-SITE-OWNER: a file whose 元請 is not the site's registrant was refused. The registrant hears of the
 * refusal through the cycle's file-refused notice; the operators and the 元請 the file names (the site's
 * real owner, when the registry knows its number) are told here, without naming the registrant. Message
 * ids are derived from the import, so a replayed task queues nothing twice.
 */
async function tellSiteOwner(
  deps: Pick<CycleDeps, 'outbox'>,
  input: ImportInput,
  owner: string | null,
  at: string,
) {
  const payload = { importId: input.importId, reason: owner === null ? 'prime-unknown' : 'other-prime' };
  const send = (to: string, who: string) =>
    deps.outbox.enqueue({
      messageId: `${SITE_OWNER_NOTICE}.${input.importId}.${who}`,
      notice: SITE_OWNER_NOTICE,
      to,
      siteId: input.siteId,
      workMonth: input.workMonth,
      payload,
      createdAt: at,
    });
  await send('operators', 'operators');
  if (owner !== null) await send(owner, 'owner');
}
