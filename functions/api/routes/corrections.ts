// POST /v1/sites/{siteId}/months/{workMonth}/corrections/* and …/revalidate.
import type { z } from 'zod';
import { chooseFirstTier } from '../../shared/use-cases/choose-first-tier.js';
import { confirmCorrections } from '../../shared/use-cases/confirm-corrections.js';
import { excludeFromMonth } from '../../shared/use-cases/exclude-from-month.js';
import { forceImport as forceImportUseCase } from '../../shared/use-cases/force-import.js';
import { mapCompany } from '../../shared/use-cases/map-company.js';
import { mapWorker } from '../../shared/use-cases/map-worker.js';
import { reviewDoubleEmployer } from '../../shared/use-cases/review-double-employer.js';
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
import { authorizedMonth, by } from './context.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

/** The month authorized, and who corrects for which contractor (a 事後登録 is that contractor's). */
async function corrector<B>(ctx: Ctx<B>) {
  const access = await authorizedMonth(ctx);
  return { access, input: { ...ctx.params, by: by(ctx), contractorNo: ctx.principal.contractorNo! } };
}

export async function company(ctx: Ctx<z.infer<typeof companyCorrectionBody>>) {
  const { access, input } = await corrector(ctx);
  const { companyId, contractorNo } = ctx.body;
  return jsonResponse(
    200,
    await mapCompany(ctx.deps, access, { ...input, companyId, companyContractorNo: contractorNo }),
  );
}

export async function firstTier(ctx: Ctx<z.infer<typeof firstTierCorrectionBody>>) {
  const { access, input } = await corrector(ctx);
  const { companyId, firstTierCompanyId } = ctx.body;
  return jsonResponse(
    200,
    await chooseFirstTier(ctx.deps, access, { ...input, companyId, firstTierCompanyId }),
  );
}

export async function worker(ctx: Ctx<z.infer<typeof workerCorrectionBody>>) {
  const { access, input } = await corrector(ctx);
  const { workerId, memberNo } = ctx.body;
  return jsonResponse(200, await mapWorker(ctx.deps, access, { ...input, workerId, memberNo }));
}

export async function forceImport(ctx: Ctx<z.infer<typeof forceImportBody>>) {
  const { access, input } = await corrector(ctx);
  return jsonResponse(
    200,
    await forceImportUseCase(ctx.deps, access, { ...input, workerId: ctx.body.workerId }),
  );
}

export async function doubleEmployer(ctx: Ctx<z.infer<typeof doubleEmployerBody>>) {
  const { access, input } = await corrector(ctx);
  const { workerId, reason } = ctx.body;
  return jsonResponse(200, await reviewDoubleEmployer(ctx.deps, access, { ...input, workerId, reason }));
}

export async function exclude(ctx: Ctx<z.infer<typeof excludeBody>>) {
  const { access, input } = await corrector(ctx);
  return jsonResponse(200, await excludeFromMonth(ctx.deps, access, { ...input, body: ctx.body }));
}

export async function revalidate(ctx: Ctx<unknown>) {
  const access = await authorizedMonth(ctx);
  return jsonResponse(202, await confirmCorrections(ctx.deps, access, { ...ctx.params, by: by(ctx) }));
}
