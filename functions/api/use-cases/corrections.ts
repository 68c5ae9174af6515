// 要修正の修正 (manual 000, 手順3): 事業者取込方法選択, 同現場複数一次選択, 技能者情報編集, 強制取込 and the
// review of a same-day double employment — each remembered and audited by the registry — and 確認・予約登録
// (revalidate), which resumes the cycle's Corrections wait so the stored file is validated again.
import { resumeWait } from '../../shared/cycle/waits.js';
import { HttpProblem } from '../http.js';
import { authorizedMonth, type Caller, openImport } from './common.js';

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
function scopeOf(c: Caller, siteId: string) {
  return { by: c.principal.id, siteId, primeContractorNo: c.principal.contractorNo! };
}

const FIXED_NUMBER = {
  file: 'CCUS の連携ファイル',
  registry: '建退共の登録',
} as const;

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
  const imp = await prepare(c, siteId, workMonth);
  const company = imp.companies.find((co) => co.companyId === companyId);
  if (!company)
    throw new HttpProblem('unprocessable', `事業者ID ${companyId} はこの月の施工体制にありません`);
  const source = company.contractorNoSource;
  if (source === 'file' || source === 'registry')
    throw new HttpProblem(
      'unprocessable',
      `事業者ID ${companyId} には${FIXED_NUMBER[source]}で共済契約者番号があります。事業者取込方法選択は共済契約者番号が未登録の場合だけ使えます（番号の誤りは CCUS の事業者情報を修正して再連携してください）`,
    );
  const contractor = await c.deps.registry.getContractor(contractorNo);
  if (!contractor?.active)
    throw new HttpProblem('unprocessable', `共済契約者番号 ${contractorNo} は有効な共済契約者ではありません`);
  await c.deps.corrections.mapCompany(companyId, contractorNo, scopeOf(c, siteId));
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
  await c.deps.corrections.chooseFirstTier(siteId, companyId, firstTierCompanyId, { by: c.principal.id });
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
  const imp = await prepare(c, siteId, workMonth);
  const lines = await assertWorkerInMonth(c, siteId, workMonth, imp.importId, workerId);
  const source = lines.find((l) => l.workerId === workerId)?.memberNoSource;
  if (source === 'file' || source === 'registry')
    throw new HttpProblem(
      'unprocessable',
      `技能者ID ${workerId} には${FIXED_NUMBER[source]}で被共済者番号があります。技能者情報編集は被共済者番号が未登録の場合だけ使えます（番号の誤りは CCUS の技能者情報を修正して再連携してください）`,
    );
  // The number is not echoed: 被共済者番号 stay out of messages and logs.
  if (!(await c.deps.registry.getMember(memberNo)))
    throw new HttpProblem('unprocessable', '入力された被共済者番号は建退共に登録されていません');
  await c.deps.corrections.mapWorker(workerId, memberNo, scopeOf(c, siteId));
  return done('worker');
}

/** 強制取込 after the identity was checked: remembered for this site (construction) and worker. */
export async function forceImport(c: Caller, siteId: string, workMonth: string, workerId: string) {
  const imp = await prepare(c, siteId, workMonth);
  await assertWorkerInMonth(c, siteId, workMonth, imp.importId, workerId);
  await c.deps.corrections.forceImport(siteId, workerId, { by: c.principal.id, reason: '本人確認済み' });
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
  const imp = await prepare(c, siteId, workMonth);
  await assertWorkerInMonth(c, siteId, workMonth, imp.importId, workerId);
  await c.deps.corrections.reviewDoubleEmployer(siteId, workMonth, workerId, { by: c.principal.id, reason });
  return done('double-employer');
}

/**
 * 確認・予約登録: resumes the Corrections wait; the cycle validates the stored file again (asynchronously:
 * read GET …/months/{workMonth} for the result). Nothing waiting → 409.
 */
export async function revalidate(c: Caller, siteId: string, workMonth: string) {
  await prepare(c, siteId, workMonth);
  const r = await resumeWait(c.deps, siteId, workMonth, 'Corrections');
  if (r !== 'resumed')
    throw new HttpProblem(
      'not-waiting',
      r === 'expired'
        ? '修正待ちの期限が切れました。督促の後の修正待ちで再検証されます'
        : 'この月は修正待ちではありません（要修正でないか、すでに再検証中です）',
      { waitKind: 'Corrections', result: r },
    );
  return {
    status: 'accepted' as const,
    detail: '再検証を開始しました。取込結果で予約状態を確認してください',
  };
}
