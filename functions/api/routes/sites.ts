// GET /v1/sites, PUT and DELETE /v1/sites/{siteId}.
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { siteBody, siteParams, sitesQuery } from '../schemas.js';
import { deleteSite, listSites, putSite } from '../use-cases/sites.js';
import { callerOf } from './context.js';

type SiteParams = z.infer<typeof siteParams>;

export async function list(ctx: RouteContext<unknown, z.infer<typeof sitesQuery>, unknown>) {
  return jsonResponse(200, await listSites(callerOf(ctx), ctx.query.view));
}

export async function put(ctx: RouteContext<SiteParams, unknown, z.infer<typeof siteBody>>) {
  const r = await putSite(callerOf(ctx), ctx.params.siteId, ctx.body);
  return jsonResponse(r.created ? 201 : 200, r.site);
}

export async function remove(ctx: RouteContext<SiteParams, unknown, unknown>) {
  return jsonResponse(200, await deleteSite(callerOf(ctx), ctx.params.siteId));
}
