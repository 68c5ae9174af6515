// 退職金ポイント: payment notices (credit, then resume the months waiting for a purchase), balances and the
// ledger of a contractor, and a member's 掛金納付状況 for its employer (約款 第11条5).
import { estimateAllowance } from '../../../domain/allowance.js';
import { eligibility, roundedMonths, wholeMonths } from '../../../domain/months.js';
import { DomainError } from '../../../domain/types.js';
import { PAYMENT_ID_REUSED } from '../../shared/storage/ledger.js';
import { creditPurchase } from '../../shared/use-cases/month/actions.js';
import { contractorRelation } from '../authz.js';
import { HttpProblem } from '../http.js';
import type { Caller } from './common.js';

export interface PaymentInput {
  contractorNo: string;
  paymentId: string;
  amount: number;
  pointKind: 'regular' | 'special';
  method: 'pay-easy' | '口座振替';
  /** The 工事 the purchase was bought for: one of this contractor's sites. */
  siteId?: string | undefined;
}

/**
 * Pay-easy 納付情報 / 口座振替 notice: credits once per paymentId, then resumes the Purchase wait of each
 * approved month of that contractor paid from the same kind of points (the debit is retried; a month
 * still short waits again).
 */
export async function creditPayment(c: Caller, input: PaymentInput) {
  c.authorize(contractorRelation(c.principal, input.contractorNo));
  if (!(await c.deps.registry.getContractor(input.contractorNo)))
    throw new HttpProblem('not-found', '共済契約者が見つかりません');
  if (input.siteId !== undefined) {
    const site = await c.deps.registry.getSite(input.siteId);
    if (!site || site.primeContractorNo !== input.contractorNo)
      throw new HttpProblem(
        'unprocessable',
        'siteId はこの共済契約者が元請の現場IDではありません。購入の対象工事の現場IDを確かめてください',
        { code: 'site-not-of-contractor' },
      );
  }
  const months = (await c.deps.workflow.applicationsOfContractor(input.contractorNo, '承認'))
    .filter((a) => a.pointKind === input.pointKind)
    .map((a) => ({ siteId: a.siteId, workMonth: a.workMonth }));
  const r = await creditPurchase(
    c.deps,
    {
      contractorNo: input.contractorNo,
      paymentId: input.paymentId,
      amount: input.amount,
      pointKind: input.pointKind,
      method: input.method,
      ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
    },
    months,
  ).catch((e: unknown) => {
    // The id names one payment: another contractor, kind or amount under it is refused, not credited.
    if (e instanceof DomainError && e.code === PAYMENT_ID_REUSED)
      throw new HttpProblem('conflict', e.message, { code: e.code });
    throw e;
  });
  // Once per payment: a replayed notice credits nothing and records nothing.
  if (r.credit.status === 'credited')
    await c.deps.audit?.append({
      actor: c.principal.id,
      action: 'credit-payment',
      subject: {
        contractorNo: input.contractorNo,
        paymentId: input.paymentId,
        amount: String(input.amount),
        pointKind: input.pointKind,
        method: input.method,
      },
    });
  return {
    credited: r.credit.status === 'credited',
    balanceAfter: r.credit.entry.balanceAfter,
    resumed: months.map((m, i) => ({ ...m, result: r.resumed[i]! })),
  };
}

export async function balances(c: Caller, contractorNo: string) {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const [regular, special] = await Promise.all([
    c.deps.ledger.balance(contractorNo, 'regular'),
    c.deps.ledger.balance(contractorNo, 'special'),
  ]);
  return { contractorNo, regular, special };
}

/** Newest first; the cursor is the seq of the last entry returned (entries are numbered 1, 2, 3…). */
export async function ledgerPage(
  c: Caller,
  contractorNo: string,
  q: { pointKind: 'regular' | 'special'; limit: number; cursor?: string | undefined },
) {
  c.authorize(contractorRelation(c.principal, contractorNo));
  const before = q.cursor === undefined ? Number.POSITIVE_INFINITY : Number(q.cursor);
  const all = (await c.deps.ledger.entries(contractorNo, q.pointKind))
    .filter((e) => e.seq < before)
    .sort((a, b) => b.seq - a.seq);
  const page = all.slice(0, q.limit);
  return {
    contractorNo,
    pointKind: q.pointKind,
    entries: page.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      refId: e.refId,
      amount: e.amount,
      balanceBefore: e.balanceBefore,
      balanceAfter: e.balanceAfter,
      at: e.at,
    })),
    nextCursor: all.length > page.length ? String(page.at(-1)!.seq) : null,
  };
}

/**
 * 掛金納付状況 of a member for its employer (第11条5): only a contractor that employed the member on a
 * charged month (its contribution records) sees it — to anyone else the member does not exist (404).
 */
export async function statement(c: Caller, memberNo: string) {
  const { deps, principal } = c;
  const [member, records] = await Promise.all([
    deps.registry.getMember(memberNo),
    deps.history.contributionsOf(memberNo),
  ]);
  const ownRecords: { workMonth: string; siteId: string; days: number }[] = [];
  if (member && principal.contractorNo !== undefined) {
    const imports = new Map<string, Awaited<ReturnType<typeof deps.imports.currentImport>>>();
    for (const r of records) {
      const k = `${r.siteId}\u0000${r.workMonth}`;
      if (!imports.has(k)) imports.set(k, await deps.imports.currentImport(r.siteId, r.workMonth));
      const employer = imports.get(k)?.companies.find((co) => co.companyId === r.employerCompanyId);
      if (employer?.contractorNo === principal.contractorNo)
        ownRecords.push({ workMonth: r.workMonth, siteId: r.siteId, days: r.days });
    }
  }
  c.authorize(ownRecords.length > 0 ? 'own' : 'other');
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
