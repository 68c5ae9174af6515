// GET /v1/sites, PUT and DELETE /v1/sites/{siteId}.
import type { z } from 'zod';
import { deleteSite } from '../../shared/use-cases/delete-site.js';
import { listSites } from '../../shared/use-cases/list-sites.js';
import { putSite } from '../../shared/use-cases/put-site.js';
import { siteAccess } from '../authz.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { siteBody, siteParams, sitesQuery } from '../schemas.js';
import { authorizedContractorNo, by } from './context.js';

type SiteParams = z.infer<typeof siteParams>;

export async function list(ctx: RouteContext<unknown, z.infer<typeof sitesQuery>, unknown>) {
  // The list is always the caller's own contractor's.
  const contractorNo = authorizedContractorNo(ctx);
  return jsonResponse(
    200,
    await listSites(ctx.deps, { contractorNo, userId: by(ctx), mode: ctx.query.view }),
  );
}

export async function put(ctx: RouteContext<SiteParams, unknown, z.infer<typeof siteBody>>) {
  const access = await siteAccess(ctx.deps, ctx.principal, ctx.params.siteId);
  const contractorNo = ctx.principal.contractorNo;
  // A 現場ID held by another prime (R-SITE-OWNER): the caller's own right to set up sites is checked
  // first, so a 担当者 learns nothing either way; the use case then refuses it (409).
  ctx.authorize(access.heldByOther && contractorNo !== undefined ? 'own' : access.relation);
  const input = { siteId: ctx.params.siteId, contractorNo: contractorNo!, by: by(ctx), setting: ctx.body };
  const r = await putSite(ctx.deps, access, input);
  return jsonResponse(r.created ? 201 : 200, r.site);
}

export async function remove(ctx: RouteContext<SiteParams, unknown, unknown>) {
  const access = await siteAccess(ctx.deps, ctx.principal, ctx.params.siteId);
  ctx.authorize(access.relation, access.site ? { createdBy: access.site.createdBy } : {});
  return jsonResponse(200, await deleteSite(ctx.deps, access, { siteId: ctx.params.siteId, by: by(ctx) }));
}
