// POST …/report (一次 報告する), …/apply (申請する), …/approve (承認), …/reject (差戻し).
import type { z } from 'zod';
import { applyForCharge } from '../../shared/use-cases/apply-for-charge.js';
import { decideApplication } from '../../shared/use-cases/decide-application.js';
import { reportForFirstTier } from '../../shared/use-cases/report-first-tier.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { monthParams, rejectBody, reportBody } from '../schemas.js';
import { authorizedMonth, by } from './context.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

export async function report(ctx: Ctx<z.infer<typeof reportBody>>) {
  const access = await authorizedMonth(ctx);
  const input = { ...ctx.params, firstTierCompanyId: ctx.body.firstTierCompanyId, by: by(ctx) };
  return jsonResponse(200, await reportForFirstTier(ctx.deps, access, input));
}

export async function apply(ctx: Ctx<unknown>) {
  const access = await authorizedMonth(ctx);
  return jsonResponse(200, await applyForCharge(ctx.deps, access, { ...ctx.params, by: by(ctx) }));
}

export async function approve(ctx: Ctx<unknown>) {
  await authorizedMonth(ctx);
  return jsonResponse(
    200,
    await decideApplication(ctx.deps, { ...ctx.params, decision: '承認', by: by(ctx) }),
  );
}

export async function reject(ctx: Ctx<z.infer<typeof rejectBody>>) {
  await authorizedMonth(ctx);
  const input = { ...ctx.params, decision: '差戻し' as const, by: by(ctx), reason: ctx.body.reason };
  return jsonResponse(200, await decideApplication(ctx.deps, input));
}
