// ExcludeFromMonth (取り込まない, R-EXCLUDE, 約款 第32条2 「下請負人の中に共済契約者でない者がいるときは」)
// In: the authorized month, a subject (company without a contract, worker without a membership), why.
// Out: the decision recorded.
// Course: only a subject flagged so, before 申請 (or after 差戻し); at 確認・予約登録 the engine drops
// their lines from the totals and their flags; the lines stay visible as excluded.
import type { FlagCode } from '../../../domain/import/types.js';
import { Unprocessable } from './errors.js';
import type { MonthAccess } from './month/access.js';
import { assertWorkerInMonth, type CorrectionInput, NEXT } from './month/corrections.js';
import type { AppDeps } from './month/deps.js';
import { assertNotApplied, openImport } from './month/guards.js';

/** The flags that say a company has no 共済契約 / a worker no membership: what 取り込まない is for. */
const EXCLUDABLE: Record<'company' | 'worker', readonly FlagCode[]> = {
  company: ['F-COMPANY', 'F-CONTRACTOR-UNKNOWN'],
  worker: ['F-WORKER-MISSING', 'F-MEMBER-UNKNOWN'],
};

export type ExcludeSubject = { companyId: string; reason: string } | { workerId: string; reason: string };

export async function excludeFromMonth(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ body: ExcludeSubject }>,
) {
  const { siteId, workMonth, body } = input;
  const imp = openImport(access);
  await assertNotApplied(deps, input);
  const subject = 'companyId' in body ? 'company' : 'worker';
  const subjectId = 'companyId' in body ? body.companyId : body.workerId;
  if (subject === 'company' && !imp.companies.some((co) => co.companyId === subjectId))
    throw new Unprocessable(`事業者ID ${subjectId} はこの月の施工体制にありません`);
  if (subject === 'worker') await assertWorkerInMonth(deps, input, imp.importId, subjectId);
  const flagged = imp.flags.some(
    (f) =>
      EXCLUDABLE[subject].includes(f.code) &&
      (subject === 'company' ? f.companyId : f.workerId) === subjectId,
  );
  const already =
    subject === 'company'
      ? imp.companies.some((co) => co.companyId === subjectId && co.excluded !== undefined)
      : (await deps.imports.lines(siteId, workMonth, imp.importId)).some(
          (l) => l.workerId === subjectId && l.excluded?.subject === 'worker',
        );
  if (!flagged && !already)
    throw new Unprocessable(
      subject === 'company'
        ? `事業者ID ${subjectId} は共済契約者が確認できているため、取り込まないにはできません（共済契約者でない事業者だけが対象です）`
        : `技能者ID ${subjectId} は被共済者番号が確認できているため、取り込まないにはできません（被共済者でない技能者だけが対象です）`,
    );
  const decision = await deps.corrections.exclude(siteId, workMonth, subject, subjectId, {
    by: input.by,
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
