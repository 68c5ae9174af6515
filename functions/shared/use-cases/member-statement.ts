// MemberStatement (掛金納付状況, 約款 第11条5)
// In: the 被共済者番号 and the contractor asking. Out: days, months, eligibility, the allowance estimate and
// the contributions that contractor made — or nothing when it never employed the member.
// Course: read only; the estimate follows the published table (domain/allowance.ts).
import { estimateAllowance } from '../../../domain/allowance.js';
import { eligibility, roundedMonths, wholeMonths } from '../../../domain/months.js';
import type { AppDeps } from './month/deps.js';

/**
 * 掛金納付状況 of a member for its employer (第11条5): undefined unless `employer` (the caller's contractor)
 * employed the member on a charged month (its contribution records).
 */
export async function memberStatement(deps: AppDeps, memberNo: string, employer: string | undefined) {
  const [member, records] = await Promise.all([
    deps.registry.getMember(memberNo),
    deps.history.contributionsOf(memberNo),
  ]);
  const ownRecords: { workMonth: string; siteId: string; days: number }[] = [];
  if (member && employer !== undefined) {
    const imports = new Map<string, Awaited<ReturnType<typeof deps.imports.currentImport>>>();
    for (const r of records) {
      const k = `${r.siteId}\u0000${r.workMonth}`;
      if (!imports.has(k)) imports.set(k, await deps.imports.currentImport(r.siteId, r.workMonth));
      const company = imports.get(k)?.companies.find((co) => co.companyId === r.employerCompanyId);
      if (company?.contractorNo === employer)
        ownRecords.push({ workMonth: r.workMonth, siteId: r.siteId, days: r.days });
    }
  }
  // To anyone but an employer the member does not exist.
  if (ownRecords.length === 0) return undefined;
  const m = member!;
  const today = deps.now().toISOString().slice(0, 10);
  const claim = { on: today, death: false };
  const e = eligibility(m.days, claim);
  const est = estimateAllowance({ days: m.days, claim });
  const allowanceEstimate =
    est.kind === 'table'
      ? { kind: est.kind, label: `${est.label}（${est.months}月, 目安）`, yen: est.yen }
      : est.kind === 'none'
        ? { kind: est.kind, label: `支給要件（${est.requiredMonths}月）に達していません`, yen: null }
        : est.kind === 'not-listed'
          ? {
              kind: est.kind,
              label: `早見表に ${est.months}月の記載がないため目安を表示できません`,
              yen: null,
            }
          : { kind: est.kind, label: '掛金相当額', yen: est.yen };
  return {
    memberNo,
    kind: m.kind,
    days: m.days,
    months: { whole: wholeMonths(m.days), rounded: roundedMonths(m.days) },
    eligibility: { eligible: e.eligible, requiredMonths: e.requiredMonths, missingDays: e.missingDays },
    allowanceEstimate,
    contributions: ownRecords.sort((a, b) => a.workMonth.localeCompare(b.workMonth)),
    asOf: today,
  };
}
