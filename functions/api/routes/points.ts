// POST /v1/payments, GET /v1/contractors/{contractorNo}/balances and …/ledger, GET /v1/members/{memberNo}/statement.
import type { z } from 'zod';
import { contractorBalances } from '../../shared/use-cases/contractor-balances.js';
import { creditPayment } from '../../shared/use-cases/credit-payment.js';
import { ledgerPage } from '../../shared/use-cases/ledger-page.js';
import { memberStatement } from '../../shared/use-cases/member-statement.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { contractorParams, ledgerQuery, memberParams, paymentBody } from '../schemas.js';
import { authorizeContractor, by } from './context.js';

type Contractor = z.infer<typeof contractorParams>;

export async function payment(ctx: RouteContext<unknown, unknown, z.infer<typeof paymentBody>>) {
  authorizeContractor(ctx, ctx.body.contractorNo);
  return jsonResponse(200, await creditPayment(ctx.deps, { ...ctx.body, by: by(ctx) }));
}

export async function balances(ctx: RouteContext<Contractor, unknown, unknown>) {
  authorizeContractor(ctx, ctx.params.contractorNo);
  return jsonResponse(200, await contractorBalances(ctx.deps, ctx.params.contractorNo));
}

export async function ledger(ctx: RouteContext<Contractor, z.infer<typeof ledgerQuery>, unknown>) {
  authorizeContractor(ctx, ctx.params.contractorNo);
  return jsonResponse(200, await ledgerPage(ctx.deps, ctx.params.contractorNo, ctx.query));
}

/** Only a contractor that employed the member sees it — to anyone else the member does not exist (404). */
export async function statement(ctx: RouteContext<z.infer<typeof memberParams>, unknown, unknown>) {
  const r = await memberStatement(ctx.deps, ctx.params.memberNo, ctx.principal.contractorNo);
  ctx.authorize(r === undefined ? 'other' : 'own');
  return jsonResponse(200, r);
}
