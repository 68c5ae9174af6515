// GET …/months/{workMonth}/audit(.csv) and GET /v1/contractors/{contractorNo}/audit(.csv): the audit trail.
// Who reads what: the operators group everything; the prime's managers the trail of their sites and their
// contractor; a 一次's managers only their own contractor's actions on a month of their chain.
import type { z } from 'zod';
import { contractorAudit, contractorAuditCsv } from '../../shared/use-cases/contractor-audit.js';
import { type MonthTrailInput, monthAudit, monthAuditCsv } from '../../shared/use-cases/month-audit.js';
import { isOperator, monthAccess } from '../authz.js';
import { fileResponse, jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { auditCsvQuery, auditQuery, contractorParams, monthParams } from '../schemas.js';
import { authorizeContractor } from './context.js';

type Month = z.infer<typeof monthParams>;
type Contractor = z.infer<typeof contractorParams>;
type Page = z.infer<typeof auditQuery>;
type Range = z.infer<typeof auditCsvQuery>;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The month's trail as the caller may read it: all of it, or (a 一次's managers) their own actions. */
async function monthTrailOf(ctx: RouteContext<Month, unknown, unknown>): Promise<MonthTrailInput> {
  const { siteId, workMonth } = ctx.params;
  if (isOperator(ctx.principal)) return { siteId, workMonth };
  const access = await monthAccess(ctx.deps, ctx.principal, siteId, workMonth);
  ctx.authorize(access.relation);
  if (access.relation !== 'chain') return { siteId, workMonth };
  const own = { contractorNo: ctx.principal.contractorNo!, userId: ctx.principal.id };
  return { siteId, workMonth, ownActionsOf: own };
}

/** The contractor's trail: the operators read any; its own users read it (and count among its actors). */
function contractorTrailOf(ctx: RouteContext<Contractor, unknown, unknown>) {
  const { contractorNo } = ctx.params;
  if (isOperator(ctx.principal)) return { contractorNo };
  authorizeContractor(ctx, contractorNo);
  return { contractorNo, reader: ctx.principal.id };
}

export async function month(ctx: RouteContext<Month, Page, unknown>) {
  return jsonResponse(200, await monthAudit(ctx.deps, await monthTrailOf(ctx), ctx.query));
}

export async function monthCsv(ctx: RouteContext<Month, Range, unknown>) {
  const { siteId, workMonth } = ctx.params;
  const bytes = await monthAuditCsv(ctx.deps, await monthTrailOf(ctx), ctx.query);
  return fileResponse(CSV_CONTENT_TYPE, `audit-${siteId}-${workMonth}.csv`, bytes);
}

export async function contractor(ctx: RouteContext<Contractor, Page, unknown>) {
  return jsonResponse(200, await contractorAudit(ctx.deps, contractorTrailOf(ctx), ctx.query));
}

export async function contractorCsv(ctx: RouteContext<Contractor, Range, unknown>) {
  const bytes = await contractorAuditCsv(ctx.deps, contractorTrailOf(ctx), ctx.query);
  return fileResponse(CSV_CONTENT_TYPE, `audit-${ctx.params.contractorNo}.csv`, bytes);
}
