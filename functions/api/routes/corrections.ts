// POST /v1/sites/{siteId}/months/{workMonth}/corrections/* and …/revalidate.
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type {
  companyCorrectionBody,
  doubleEmployerBody,
  excludeBody,
  firstTierCorrectionBody,
  forceImportBody,
  monthParams,
  workerCorrectionBody,
} from '../schemas.js';
import * as uc from '../use-cases/corrections.js';
import { callerOf } from './context.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

export async function company(ctx: Ctx<z.infer<typeof companyCorrectionBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(
    200,
    await uc.mapCompany(callerOf(ctx), siteId, workMonth, ctx.body.companyId, ctx.body.contractorNo),
  );
}

export async function firstTier(ctx: Ctx<z.infer<typeof firstTierCorrectionBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(
    200,
    await uc.chooseFirstTier(
      callerOf(ctx),
      siteId,
      workMonth,
      ctx.body.companyId,
      ctx.body.firstTierCompanyId,
    ),
  );
}

export async function worker(ctx: Ctx<z.infer<typeof workerCorrectionBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(
    200,
    await uc.mapWorker(callerOf(ctx), siteId, workMonth, ctx.body.workerId, ctx.body.memberNo),
  );
}

export async function forceImport(ctx: Ctx<z.infer<typeof forceImportBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(200, await uc.forceImport(callerOf(ctx), siteId, workMonth, ctx.body.workerId));
}

export async function doubleEmployer(ctx: Ctx<z.infer<typeof doubleEmployerBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(
    200,
    await uc.reviewDoubleEmployer(callerOf(ctx), siteId, workMonth, ctx.body.workerId, ctx.body.reason),
  );
}

export async function exclude(ctx: Ctx<z.infer<typeof excludeBody>>) {
  const { siteId, workMonth } = ctx.params;
  return jsonResponse(200, await uc.excludeFromMonth(callerOf(ctx), siteId, workMonth, ctx.body));
}

export async function revalidate(ctx: Ctx<unknown>) {
  return jsonResponse(202, await uc.revalidate(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth));
}
