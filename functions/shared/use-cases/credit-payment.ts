// CreditPayment (退職金ポイントの入金: Pay-easy 納付情報 / 口座振替)
// In: the notice (contractor, payment id, amount, kind, method, 工事). Out: credited, balance, resumed.
// Course: credit once per payment id, then resume the Purchase wait of each approved month of that
// contractor paid from the same kind of points (the debit is retried; a month still short waits again).
import { PAYMENT_ID_REUSED } from '../../../domain/ledger.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { DomainError } from '../../../domain/types.js';
import { Conflict, NotFound } from './errors.js';
import type { AppDeps } from './month/deps.js';
import { assertSiteOfContractor } from './month/evidence.js';
import { type ResumeResult, resumeWait } from './month/waits.js';

/** The step the people-facing use case and the command-line cycle share: credit once, then resume. */
export async function creditPurchase(
  deps: Pick<CycleDeps, 'ledger' | 'waits' | 'executions'>,
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

export interface PaymentInput {
  contractorNo: string;
  paymentId: string;
  amount: number;
  pointKind: 'regular' | 'special';
  method: 'pay-easy' | '口座振替';
  /** The 工事 the purchase was bought for: one of this contractor's sites. */
  siteId?: string | undefined;
}

/** The payments notifier's notice, audited once per payment (`by`: the notifier's client id). */
export async function creditPayment(deps: AppDeps, input: PaymentInput & { by: string }) {
  if (!(await deps.registry.getContractor(input.contractorNo)))
    throw new NotFound('共済契約者が見つかりません');
  await assertSiteOfContractor(deps, input.contractorNo, input.siteId);
  const months = (await deps.workflow.applicationsOfContractor(input.contractorNo, '承認'))
    .filter((a) => a.pointKind === input.pointKind)
    .map((a) => ({ siteId: a.siteId, workMonth: a.workMonth }));
  const r = await creditPurchase(
    deps,
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
      throw new Conflict(e.message, { code: e.code });
    throw e;
  });
  // Once per payment: a replayed notice credits nothing and records nothing.
  if (r.credit.status === 'credited')
    await deps.audit?.append({
      actor: input.by,
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
