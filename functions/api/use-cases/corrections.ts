// 要修正の修正 (manual 000, 手順3): 事業者取込方法選択, 同現場複数一次選択, 技能者情報編集, 強制取込 and the
// review of a same-day double employment — each remembered and audited by the registry — and 確認・予約登録
// (revalidate), which resumes the cycle's Corrections wait so the stored file is validated again.
import type { FlagCode } from '../../../domain/import/types.js';
import { resumeWait } from '../../shared/use-cases/month/waits.js';
import { HttpProblem } from '../http.js';
import { assertNotApplied, authorizedMonth, type Caller, openImport } from './common.js';
import {
  assertOwnOpenChain,
  assertSomeChainOpen,
  assertWorkerInOwnOpenChain,
  firstTierScope,
} from './first-tier.js';

export type CorrectionKind = 'company' | 'first-tier' | 'worker' | 'force-import' | 'double-employer';

const NEXT = '確認・予約登録（POST …/revalidate）で再検証してください';

async function prepare(c: Caller, siteId: string, workMonth: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  return openImport(access);
}

/**
 * R-MAPPING-SCOPE: a 事後登録 belongs to the prime of the site it was made on (the caller's contractor:
 * only `own` may correct) and is refused where the file or the registry already carries a number.
 */
function scopeOf(c: Caller, siteId: string, workMonth: string) {
  return { by: c.principal.id, siteId, workMonth, primeContractorNo: c.principal.contractorNo! };
}

const FIXED_NUMBER = {
  file: 'CCUS の連携ファイル',
  registry: '建退共の登録',
} as const;

/** The open import and, for a 一次 (R-FIRST-TIER), the scope of its own chain. */
async function prepareScoped(c: Caller, siteId: string, workMonth: string) {
  const access = await authorizedMonth(c, siteId, workMonth);
  const imp = openImport(access);
  return { imp, scope: await firstTierScope(c, access, siteId, workMonth) };
}

/** R-FIRST-TIER: a 一次 corrects only workers of its own chain, before its report. */
async function assertWorkerScope(
  c: Caller,
  scoped: Awaited<ReturnType<typeof prepareScoped>>,
  siteId: string,
  workMonth: string,
  workerId: string,
) {
  if (scoped.scope === null) return;
  const lines = await c.deps.imports.lines(siteId, workMonth, scoped.imp.importId);
  assertWorkerInOwnOpenChain(scoped.scope, lines, workerId);
}

async function assertWorkerInMonth(
  c: Caller,
  siteId: string,
  workMonth: string,
  importId: string,
  workerId: string,
) {
  const lines = await c.deps.imports.lines(siteId, workMonth, importId);
  if (!lines.some((l) => l.workerId === workerId))
    throw new HttpProblem('unprocessable', `技能者ID ${workerId} はこの月の就業履歴にありません`);
  return lines;
}

const done = (correction: CorrectionKind) => ({ recorded: true as const, correction, next: NEXT });

/** 事業者取込方法選択: the 共済契約者 of a CCUS 事業者ID of this month's chain (kept for later months). */
export async function mapCompany(
  c: Caller,
  siteId: string,
  workMonth: string,
  companyId: string,
  contractorNo: string,
) {
  const { imp, scope } = await prepareScoped(c, siteId, workMonth);
  const company = imp.companies.find((co) => co.companyId === companyId);
  if (!company)
    throw new HttpProblem('unprocessable', `事業者ID ${companyId} はこの月の施工体制にありません`);
  const source = company.contractorNoSource;
  if (source === 'file' || source === 'registry')
    throw new HttpProblem(
      'unprocessable',
      `事業者ID ${companyId} には${FIXED_NUMBER[source]}で共済契約者番号があります。事業者取込方法選択は共済契約者番号が未登録の場合だけ使えます（番号の誤りは CCUS の事業者情報を修正して再連携してください）`,
    );
  assertOwnOpenChain(scope, company.attachedFirstTierCompanyId, `事業者ID ${companyId}`);
  const contractor = await c.deps.registry.getContractor(contractorNo);
  if (!contractor?.active)
    throw new HttpProblem('unprocessable', `共済契約者番号 ${contractorNo} は有効な共済契約者ではありません`);
  await c.deps.corrections.mapCompany(companyId, contractorNo, scopeOf(c, siteId, workMonth));
  return done('company');
}

/** 同現場複数一次選択: the one 一次 a company is attached to on this site. */
export async function chooseFirstTier(
  c: Caller,
  siteId: string,
  workMonth: string,
  companyId: string,
  firstTierCompanyId: string,
) {
  const imp = await prepare(c, siteId, workMonth);
  const company = imp.companies.find((co) => co.companyId === companyId);
  if (!company)
    throw new HttpProblem('unprocessable', `事業者ID ${companyId} はこの月の施工体制にありません`);
  if (!company.firstTierCompanyIds.includes(firstTierCompanyId))
    throw new HttpProblem(
      'unprocessable',
      `事業者ID ${companyId} は一次事業者 ${firstTierCompanyId} の下で就業していません`,
    );
  await c.deps.corrections.chooseFirstTier(siteId, companyId, firstTierCompanyId, {
    by: c.principal.id,
    workMonth,
  });
  return done('first-tier');
}

/** 技能者情報編集: the 被共済者番号 of a CCUS 技能者ID (kept for later months). */
export async function mapWorker(
  c: Caller,
  siteId: string,
  workMonth: string,
  workerId: string,
  memberNo: string,
) {
  const scoped = await prepareScoped(c, siteId, workMonth);
  const lines = await assertWorkerInMonth(c, siteId, workMonth, scoped.imp.importId, workerId);
  const source = lines.find((l) => l.workerId === workerId)?.memberNoSource;
  if (source === 'file' || source === 'registry')
    throw new HttpProblem(
      'unprocessable',
      `技能者ID ${workerId} には${FIXED_NUMBER[source]}で被共済者番号があります。技能者情報編集は被共済者番号が未登録の場合だけ使えます（番号の誤りは CCUS の技能者情報を修正して再連携してください）`,
    );
  await assertWorkerScope(c, scoped, siteId, workMonth, workerId);
  // The number is not echoed: 被共済者番号 stay out of messages and logs.
  if (!(await c.deps.registry.getMember(memberNo)))
    throw new HttpProblem('unprocessable', '入力された被共済者番号は建退共に登録されていません');
  await c.deps.corrections.mapWorker(workerId, memberNo, scopeOf(c, siteId, workMonth));
  return done('worker');
}

/** 強制取込 after the identity was checked: remembered for this site (construction) and worker. */
export async function forceImport(c: Caller, siteId: string, workMonth: string, workerId: string) {
  const scoped = await prepareScoped(c, siteId, workMonth);
  await assertWorkerInMonth(c, siteId, workMonth, scoped.imp.importId, workerId);
  await assertWorkerScope(c, scoped, siteId, workMonth, workerId);
  await c.deps.corrections.forceImport(siteId, workerId, {
    by: c.principal.id,
    reason: '本人確認済み',
    workMonth,
  });
  return done('force-import');
}

/** A same-day double employment reviewed (F-DOUBLE-EMPLOYER), for this month. */
export async function reviewDoubleEmployer(
  c: Caller,
  siteId: string,
  workMonth: string,
  workerId: string,
  reason: string,
) {
  const scoped = await prepareScoped(c, siteId, workMonth);
  await assertWorkerInMonth(c, siteId, workMonth, scoped.imp.importId, workerId);
  await assertWorkerScope(c, scoped, siteId, workMonth, workerId);
  await c.deps.corrections.reviewDoubleEmployer(siteId, workMonth, workerId, { by: c.principal.id, reason });
  return done('double-employer');
}

/** The flags that say a company has no 共済契約 / a worker no membership: what 取り込まない is for. */
const EXCLUDABLE: Record<'company' | 'worker', readonly FlagCode[]> = {
  company: ['F-COMPANY', 'F-CONTRACTOR-UNKNOWN'],
  worker: ['F-WORKER-MISSING', 'F-MEMBER-UNKNOWN'],
};

/**
 * 取り込まない (R-EXCLUDE, 約款 第32条2 「下請負人の中に共済契約者でない者がいるときは」): the prime leaves a
 * company without a contract, or a worker without a membership, out of this month, with a reason. At
 * 確認・予約登録 the engine drops their lines from the totals and their flags; the lines stay visible
 * as excluded. Only for a subject flagged so, before 申請 (or after 差戻し).
 */
export async function excludeFromMonth(
  c: Caller,
  siteId: string,
  workMonth: string,
  body: { companyId: string; reason: string } | { workerId: string; reason: string },
) {
  const imp = await prepare(c, siteId, workMonth);
  await assertNotApplied(c, siteId, workMonth);
  const subject = 'companyId' in body ? 'company' : 'worker';
  const subjectId = 'companyId' in body ? body.companyId : body.workerId;
  if (subject === 'company' && !imp.companies.some((co) => co.companyId === subjectId))
    throw new HttpProblem('unprocessable', `事業者ID ${subjectId} はこの月の施工体制にありません`);
  if (subject === 'worker') await assertWorkerInMonth(c, siteId, workMonth, imp.importId, subjectId);
  const flagged = imp.flags.some(
    (f) =>
      EXCLUDABLE[subject].includes(f.code) &&
      (subject === 'company' ? f.companyId : f.workerId) === subjectId,
  );
  const already =
    subject === 'company'
      ? imp.companies.some((co) => co.companyId === subjectId && co.excluded !== undefined)
      : (await c.deps.imports.lines(siteId, workMonth, imp.importId)).some(
          (l) => l.workerId === subjectId && l.excluded?.subject === 'worker',
        );
  if (!flagged && !already)
    throw new HttpProblem(
      'unprocessable',
      subject === 'company'
        ? `事業者ID ${subjectId} は共済契約者が確認できているため、取り込まないにはできません（共済契約者でない事業者だけが対象です）`
        : `技能者ID ${subjectId} は被共済者番号が確認できているため、取り込まないにはできません（被共済者でない技能者だけが対象です）`,
    );
  const decision = await c.deps.corrections.exclude(siteId, workMonth, subject, subjectId, {
    by: c.principal.id,
    reason: body.reason,
  });
  return {
    recorded: true as const,
    correction: 'exclude' as const,
    subject,
    subjectId,
    reason: decision.reason,
    by: decision.by,
    at: decision.at,
    next: NEXT,
  };
}

/**
 * 確認・予約登録: resumes the Corrections wait; the cycle validates the stored file again (asynchronously:
 * read GET …/months/{workMonth} for the result). Nothing waiting → 409.
 */
export async function revalidate(c: Caller, siteId: string, workMonth: string) {
  const { imp, scope } = await prepareScoped(c, siteId, workMonth);
  assertSomeChainOpen(scope);
  const r = await resumeWait(c.deps, siteId, workMonth, 'Corrections');
  if (r !== 'resumed')
    throw new HttpProblem(
      'not-waiting',
      r === 'expired'
        ? '修正待ちの期限が切れました。督促の後の修正待ちで再検証されます'
        : 'この月は修正待ちではありません（要修正でないか、すでに再検証中です）',
      { waitKind: 'Corrections', result: r },
    );
  await c.deps.audit?.append({
    actor: c.principal.id,
    action: 'revalidate',
    siteId,
    workMonth,
    subject: { importId: imp.importId },
  });
  return {
    status: 'accepted' as const,
    detail: '再検証を開始しました。取込結果で予約状態を確認してください',
  };
}
