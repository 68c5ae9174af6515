// The stored month seen through the lifecycle model (domain/application.ts): the cycle and the API read
// the month with loadMonth, ask transition() whether an event may happen and what it yields, then write
// what it decided (revision-checked) and carry out its effects here.
import {
  type ChargeDiff,
  compareWithCharged,
  type Effect,
  type Month,
  type MonthState,
} from '../../../../domain/application.js';
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { ApplicationRecord, ImportRecord, StoredWorkLine } from '../../../../domain/ports/storage.js';
import { noticeId } from './notices.js';
import { supersedeWaits } from './waits.js';

export interface StoredMonth {
  month: Month;
  imp?: ImportRecord;
  app?: ApplicationRecord;
  /** The import that stands charged (the one compared with after the charge). */
  chargedImportId?: string;
}

const sum = (lines: readonly Pick<StoredWorkLine, 'points'>[]) => lines.reduce((s, l) => s + l.points, 0);

function stateOf(
  imp: ImportRecord,
  app: ApplicationRecord | undefined,
  reportsLeft: number,
  shortOfPoints: boolean,
): MonthState {
  if (imp.chargedAt !== undefined) return '充当済';
  const own = app !== undefined && app.importId === imp.importId ? app : undefined;
  if (own?.status === '充当済') return '充当済';
  if (own?.status === '申請') return '申請';
  if (own?.status === '承認') return shortOfPoints ? '残高不足' : '承認';
  if (imp.status === '要修正') return '要修正';
  if (imp.afterChargeOf !== undefined) return '追加申請待ち';
  if (imp.totals.days === 0) return '実績なし';
  if (imp.outputMethod === '一次一括' && reportsLeft > 0) return '報告待ち';
  return '申請待ち';
}

/** The month as the model sees it, from the month's current import, application, reports and waits. */
export async function loadMonth(
  deps: Pick<CycleDeps, 'imports' | 'workflow' | 'waits'>,
  siteId: string,
  workMonth: string,
): Promise<StoredMonth> {
  const [imp, app] = await Promise.all([
    deps.imports.currentImport(siteId, workMonth),
    deps.workflow.getApplication(siteId, workMonth),
  ]);
  const appNo = app?.no ?? 1;
  // A 差戻し application is applied again under its number; any other keeps its number used.
  const lastApplicationNo = app === undefined ? 0 : app.status === '差戻し' ? appNo - 1 : appNo;
  if (imp === undefined || imp.status === 'refused') {
    const refused = (await deps.imports.importsOfMonth(siteId, workMonth)).length > 0;
    return {
      month: {
        state: refused ? '取込不可' : '取込待ち',
        phase: 'original',
        outputMethod: '元請一括',
        chargedApplications: 0,
        lastApplicationNo,
        chargedPoints: 0,
        firstTiersLeft: 0,
        actors: [],
      },
    };
  }
  const chargedImportId = imp.chargedAt !== undefined ? imp.importId : imp.afterChargeOf;
  const [reports, purchaseWait, chargedLines] = await Promise.all([
    deps.workflow.reports(siteId, workMonth),
    deps.waits.get(siteId, workMonth, 'Purchase'),
    chargedImportId === undefined
      ? Promise.resolve([])
      : deps.imports.lines(siteId, workMonth, chargedImportId),
  ]);
  const mine = reports.filter((r) => r.importId === imp.importId);
  const firstTiers = imp.companies.filter((c) => c.tier === 1).map((c) => c.companyId);
  const firstTiersLeft = firstTiers.filter((f) => !mine.some((r) => r.firstTierCompanyId === f)).length;
  const own = app !== undefined && app.importId === imp.importId ? app : undefined;
  const state = stateOf(imp, app, firstTiersLeft, purchaseWait?.importId === imp.importId);
  const actors = new Set<string>();
  for (const r of mine) actors.add(r.reportedBy);
  if (own && own.status !== '取下げ') {
    actors.add(own.appliedBy);
    if (own.decidedBy) actors.add(own.decidedBy);
  }
  const month: Month = {
    state,
    phase: imp.afterChargeOf !== undefined ? 'after-charge' : 'original',
    outputMethod: imp.outputMethod,
    importId: imp.importId,
    // Only whether the month was charged matters to the model (its phase).
    chargedApplications: chargedImportId === undefined ? 0 : 1,
    lastApplicationNo,
    chargedPoints: sum(chargedLines),
    firstTiersLeft,
    actors: [...actors],
  };
  if (own && (own.status === '申請' || own.status === '承認'))
    month.application = { no: appNo, points: own.points, returnPoints: own.returnPoints ?? 0 };
  const out: StoredMonth = { month, imp };
  if (app) out.app = app;
  if (chargedImportId !== undefined) out.chargedImportId = chargedImportId;
  return out;
}

/** R-LATE-DAYS: the lines of an import compared with what stands charged. */
export async function diffWithCharged(
  deps: Pick<CycleDeps, 'imports'>,
  siteId: string,
  workMonth: string,
  chargedImportId: string,
  lines: readonly Pick<StoredWorkLine, 'workerId' | 'employerCompanyId' | 'memberNo' | 'dates'>[],
): Promise<ChargeDiff> {
  return compareWithCharged(await deps.imports.lines(siteId, workMonth, chargedImportId), lines);
}

export interface EffectContext {
  siteId: string;
  workMonth: string;
  /** The import the effects are about (the replaced one for a supersede). */
  importId: string;
  /** The import that caused them (a replacement). */
  byImportId?: string;
  /** People who acted on the import (from the month before the event). */
  actors: readonly string[];
  reason: string;
}

/** Carries out what the model decided besides the ledger (charge.ts moves points): waits, 取下げ, notices. */
export async function carryOut(
  deps: Pick<CycleDeps, 'now' | 'registry' | 'workflow' | 'outbox' | 'waits' | 'executions'>,
  effects: readonly Effect[],
  ctx: EffectContext,
) {
  const at = deps.now().toISOString();
  const site = await deps.registry.getSite(ctx.siteId);
  for (const f of effects) {
    switch (f.kind) {
      case 'supersede-waits':
        await supersedeWaits(deps, ctx.siteId, ctx.workMonth, f.importId, ctx.byImportId ?? f.importId);
        break;
      case 'withdraw-application':
        await deps.workflow.withdraw(
          ctx.siteId,
          ctx.workMonth,
          ctx.importId,
          { by: 'system', reason: ctx.reason },
          at,
        );
        break;
      case 'notify': {
        // People who acted are users; a notice is addressed to their companies (the prime always).
        const to = new Set<string>();
        if (site && f.to !== 'first-tiers') to.add(site.primeContractorNo);
        if (f.to === 'actors')
          for (const userId of ctx.actors) {
            const user = await deps.registry.getUser(userId);
            if (user) to.add(user.contractorNo);
          }
        for (const recipient of to)
          await deps.outbox.enqueue({
            // Once per import, notice and company: a retried step enqueues nothing new.
            messageId: noticeId(f.notice, ctx.siteId, ctx.workMonth, ctx.importId, recipient),
            notice: f.notice,
            to: recipient,
            siteId: ctx.siteId,
            workMonth: ctx.workMonth,
            payload: {
              importId: ctx.importId,
              reason: ctx.reason,
              ...(ctx.byImportId ? { byImportId: ctx.byImportId } : {}),
            },
            createdAt: at,
          });
        break;
      }
      // resume: the action that caused it resumes its own wait; ledger: charge.ts.
      case 'resume':
      case 'ledger':
        break;
    }
  }
}
