// Authorization before the use case: each route resolves how the caller relates to what it names (a
// site-month, a site, a contractor, the caller's own lists), applies the route's action to it (403 / 404),
// and hands the use case what it resolved plus plain inputs.

import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { MonthAccess, MonthRef } from '../../shared/use-cases/month/access.js';
import { contractorRelation, monthAccess, siteAccess } from '../authz.js';
import type { RouteContext } from '../route.js';

type Ctx = RouteContext<unknown, unknown, unknown>;

/** The site-month of the path, authorized for the route's action. */
export async function authorizedMonth(ctx: RouteContext<MonthRef, unknown, unknown>): Promise<MonthAccess> {
  const access = await monthAccess(ctx.deps, ctx.principal, ctx.params.siteId, ctx.params.workMonth);
  ctx.authorize(access.relation);
  return access;
}

/** The caller's contractor's live site of the path (a deleted or another's site is not found). */
export async function authorizedSite(
  ctx: RouteContext<{ siteId: string }, unknown, unknown>,
): Promise<SiteSetting> {
  const { relation, site } = await siteAccess(ctx.deps, ctx.principal, ctx.params.siteId);
  ctx.authorize(site && site.deletedAt === undefined ? relation : 'other');
  return site!;
}

/** A contractor named by the request: the caller's own, or invisible. */
export function authorizeContractor(ctx: Ctx, contractorNo: string): void {
  ctx.authorize(contractorRelation(ctx.principal, contractorNo));
}

/** The caller's own lists: the caller's contractor (a caller without one — the payments client — has none). */
export function authorizedContractorNo(ctx: Ctx): string {
  const contractorNo = ctx.principal.contractorNo;
  ctx.authorize(contractorNo === undefined ? 'other' : 'own');
  return contractorNo!;
}

/** Who acts (recorded as `by` / the audit's actor). */
export const by = (ctx: Ctx) => ctx.principal.id;
