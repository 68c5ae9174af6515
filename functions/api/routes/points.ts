// POST /v1/payments, GET /v1/contractors/{contractorNo}/balances and …/ledger, GET /v1/members/{memberNo}/statement.
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { contractorParams, ledgerQuery, memberParams, paymentBody } from '../schemas.js';
import {
  balances as balancesUseCase,
  creditPayment,
  ledgerPage,
  statement as statementUseCase,
} from '../use-cases/points.js';
import { callerOf } from './context.js';

type Contractor = z.infer<typeof contractorParams>;

export async function payment(ctx: RouteContext<unknown, unknown, z.infer<typeof paymentBody>>) {
  return jsonResponse(200, await creditPayment(callerOf(ctx), ctx.body));
}

export async function balances(ctx: RouteContext<Contractor, unknown, unknown>) {
  return jsonResponse(200, await balancesUseCase(callerOf(ctx), ctx.params.contractorNo));
}

export async function ledger(ctx: RouteContext<Contractor, z.infer<typeof ledgerQuery>, unknown>) {
  return jsonResponse(200, await ledgerPage(callerOf(ctx), ctx.params.contractorNo, ctx.query));
}

export async function statement(ctx: RouteContext<z.infer<typeof memberParams>, unknown, unknown>) {
  return jsonResponse(200, await statementUseCase(callerOf(ctx), ctx.params.memberNo));
}
