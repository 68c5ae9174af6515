// What people do to a waiting month (the approval API calls these): report, apply, approve or reject,
// and buy points. Each asks the lifecycle model (domain/application.ts) whether it may happen now,
// records the decision, then resumes the execution if it waits for it.
import { applicationIdOf, compareWithCharged, transition } from '../../../../domain/application.js';
import { pointKindOf } from '../../../../domain/ledger.js';
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { ApplicationRecord, Decision } from '../../../../domain/ports/storage.js';
import { loadMonth } from './lifecycle.js';
import { type ResumeResult, resumeWait } from './waits.js';

export class ActionRefused extends Error {
  constructor(
    readonly code: 'no-import' | 'not-ready' | 'not-first-tier' | 'refused-transition',
    message: string,
  ) {
    super(message);
    this.name = 'ActionRefused';
  }
}

async function currentImport(deps: CycleDeps, siteId: string, workMonth: string) {
  const imp = await deps.imports.currentImport(siteId, workMonth);
  if (!imp) throw new ActionRefused('no-import', `${siteId} ${workMonth}: 取込済みの就業履歴がありません`);
  return imp;
}

/** 一次 報告する: once every 一次 of the chain has reported, the prime may apply. */
export async function reportFirstTier(
  deps: CycleDeps,
  siteId: string,
  workMonth: string,
  firstTierCompanyId: string,
  by: string,
  /** R-FIRST-TIER: the prime reports for this silent 一次 (after the deadline; the caller checks). */
  onBehalf = false,
): Promise<{ remaining: number; resumed: ResumeResult | 'waiting' }> {
  const imp = await currentImport(deps, siteId, workMonth);
  if (imp.status !== '予約可能') throw new ActionRefused('not-ready', '要修正の就業履歴は報告できません');
  // A 一次 left out of the month (R-EXCLUDE) has nothing to report.
  const firstTiers = imp.companies.filter((c) => c.tier === 1 && !c.excluded).map((c) => c.companyId);
  if (!firstTiers.includes(firstTierCompanyId)) {
    throw new ActionRefused('not-first-tier', `${firstTierCompanyId} はこの現場の一次事業者ではありません`);
  }
  const lines = (await deps.imports.lines(siteId, workMonth, imp.importId)).filter(
    (l) => l.firstTierCompanyId === firstTierCompanyId,
  );
  await deps.workflow.reportFirstTier({
    siteId,
    workMonth,
    firstTierCompanyId,
    importId: imp.importId,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
    points: lines.reduce((s, l) => s + l.points, 0),
    reportedBy: by,
    reportedAt: deps.now().toISOString(),
    ...(onBehalf ? { onBehalfOf: firstTierCompanyId } : {}),
  });
  const reported = new Set(
    (await deps.workflow.reports(siteId, workMonth))
      .filter((r) => r.importId === imp.importId)
      .map((r) => r.firstTierCompanyId),
  );
  const remaining = firstTiers.filter((f) => !reported.has(f)).length;
  if (remaining > 0) return { remaining, resumed: 'waiting' };
  return { remaining, resumed: await resumeWait(deps, siteId, workMonth, 'FirstTierReports') };
}

/**
 * 申請する: the prime applies for 掛金充当 over the confirmed lines of the current import. After the
 * charge (R-LATE-DAYS) it is a 追加申請 for the difference: added days debited, removed days returned
 * as 誤納 (R-MISPAID), recorded against the original charge.
 */
export async function apply(
  deps: CycleDeps,
  siteId: string,
  workMonth: string,
  by: string,
): Promise<{ application: ApplicationRecord; resumed: ResumeResult }> {
  const stored = await loadMonth(deps, siteId, workMonth);
  const imp = stored.imp;
  if (!imp) throw new ActionRefused('no-import', `${siteId} ${workMonth}: 取込済みの就業履歴がありません`);
  if (imp.status !== '予約可能') throw new ActionRefused('not-ready', '要修正の就業履歴は申請できません');
  const site = await deps.registry.getSite(siteId);
  const prime = site ? await deps.registry.getContractor(site.primeContractorNo) : undefined;
  if (!site || !prime) throw new ActionRefused('no-import', `${siteId}: 元請の共済契約者が見つかりません`);
  const lines = await deps.imports.lines(siteId, workMonth, imp.importId);
  let amounts = {
    points: lines.reduce((s, l) => s + l.points, 0),
    returnPoints: 0,
    workers: new Set(lines.map((l) => l.workerId)).size,
    days: lines.reduce((s, l) => s + l.days, 0),
  };
  if (stored.month.phase === 'after-charge' && stored.chargedImportId !== undefined) {
    const d = compareWithCharged(await deps.imports.lines(siteId, workMonth, stored.chargedImportId), lines);
    amounts = {
      points: d.addPoints,
      returnPoints: d.returnPoints,
      workers: new Set(d.lines.map((l) => l.workerId)).size,
      days: d.addDays,
    };
  }
  const decided = transition(stored.month, {
    type: 'applied',
    by,
    points: amounts.points,
    returnPoints: amounts.returnPoints,
  });
  if (!decided.ok) throw new ActionRefused('refused-transition', decided.reason);
  const no = decided.month.application?.no ?? 1;
  const t = await deps.workflow.apply(
    {
      siteId,
      workMonth,
      applicationId: applicationIdOf(siteId, workMonth, no),
      importId: imp.importId,
      primeContractorNo: prime.contractorNo,
      pointKind: pointKindOf(prime.kind),
      points: amounts.points,
      workers: amounts.workers,
      days: amounts.days,
      appliedBy: by,
      no,
      ...(stored.month.phase === 'after-charge'
        ? {
            returnPoints: amounts.returnPoints,
            // Recorded against the original charge (the charged application, or the one a withdrawn
            // 追加申請 followed).
            follows:
              (stored.app?.status === '充当済' ? stored.app.applicationId : stored.app?.follows) ??
              applicationIdOf(siteId, workMonth, 1),
          }
        : {}),
    },
    deps.now().toISOString(),
    stored.app?.revision,
  );
  if (t.status !== 'ok')
    throw new ActionRefused('refused-transition', `申請できません（現在: ${t.current?.status ?? 'なし'}）`);
  return { application: t.record, resumed: await resumeWait(deps, siteId, workMonth, 'Application') };
}

/** 承認 or 差戻し of the pending application. */
export async function decide(
  deps: CycleDeps,
  siteId: string,
  workMonth: string,
  decision: '承認' | '差戻し',
  d: Decision,
): Promise<{ application: ApplicationRecord; resumed: ResumeResult }> {
  const stored = await loadMonth(deps, siteId, workMonth);
  const decided = transition(
    stored.month,
    decision === '承認'
      ? { type: 'approved', by: d.by }
      : { type: 'rejected', by: d.by, reason: d.reason ?? '' },
  );
  if (!decided.ok) throw new ActionRefused('refused-transition', decided.reason);
  const at = deps.now().toISOString();
  const t =
    decision === '承認'
      ? await deps.workflow.approve(siteId, workMonth, d, at)
      : await deps.workflow.reject(siteId, workMonth, { ...d, reason: d.reason ?? '' }, at);
  if (t.status !== 'ok')
    throw new ActionRefused(
      'refused-transition',
      `${decision}できません（現在: ${t.current?.status ?? 'なし'}）`,
    );
  return {
    application: t.record,
    resumed: await resumeWait(deps, siteId, workMonth, 'Approval', { decision }),
  };
}

/** Points bought (Pay-easy 納付情報 / 口座振替): credit once per payment, then retry debits waiting for it. */
export async function creditPurchase(
  deps: CycleDeps,
  input: {
    contractorNo: string;
    paymentId: string;
    amount: number;
    pointKind?: 'regular' | 'special';
    /** The 工事 the purchase was bought for (its 収納書's 発注者名・工事名), and how it was paid. */
    siteId?: string;
    method?: string;
  },
  waitingMonths: { siteId: string; workMonth: string }[] = [],
) {
  const credit = await deps.ledger.credit({
    contractorNo: input.contractorNo,
    pointKind: input.pointKind ?? 'regular',
    kind: 'purchase',
    refId: input.paymentId,
    amount: input.amount,
    ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
    ...(input.method === undefined ? {} : { method: input.method }),
  });
  const resumed: ResumeResult[] = [];
  for (const m of waitingMonths) resumed.push(await resumeWait(deps, m.siteId, m.workMonth, 'Purchase'));
  return { credit, resumed };
}
