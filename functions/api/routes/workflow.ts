// POST …/report (一次 報告する), …/apply (申請する), …/approve (承認), …/reject (差戻し).
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { monthParams, rejectBody, reportBody } from '../schemas.js';
import { applyMonth, decideMonth, report as reportUseCase } from '../use-cases/workflow.js';
import { callerOf } from './context.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

export async function report(ctx: Ctx<z.infer<typeof reportBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(
    200,
    await reportUseCase(callerOf(ctx), siteId, workMonth, ctx.body.firstTierCompanyId),
  );
}

export async function apply(ctx: Ctx<unknown>) {
  return jsonResponse(200, await applyMonth(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth));
}

export async function approve(ctx: Ctx<unknown>) {
  return jsonResponse(200, await decideMonth(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth, '承認'));
}

export async function reject(ctx: Ctx<z.infer<typeof rejectBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(200, await decideMonth(callerOf(ctx), siteId, workMonth, '差戻し', ctx.body.reason));
}
