// GET …/months/{workMonth}/audit(.csv) and GET /v1/contractors/{contractorNo}/audit(.csv): the audit trail.
import type { z } from 'zod';
import { fileResponse, jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { auditCsvQuery, auditQuery, contractorParams, monthParams } from '../schemas.js';
import { contractorAudit, contractorAuditCsv, monthAudit, monthAuditCsv } from '../use-cases/audit.js';
import { callerOf } from './context.js';

type Month = z.infer<typeof monthParams>;
type Contractor = z.infer<typeof contractorParams>;
type Page = z.infer<typeof auditQuery>;
type Range = z.infer<typeof auditCsvQuery>;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export async function month(ctx: RouteContext<Month, Page, unknown>) {
  return jsonResponse(
    200,
    await monthAudit(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth, ctx.query),
  );
}

export async function monthCsv(ctx: RouteContext<Month, Range, unknown>) {
  const { siteId, workMonth } = ctx.params;
  const bytes = await monthAuditCsv(callerOf(ctx), siteId, workMonth, ctx.query);
  return fileResponse(CSV_CONTENT_TYPE, `audit-${siteId}-${workMonth}.csv`, bytes);
}

export async function contractor(ctx: RouteContext<Contractor, Page, unknown>) {
  return jsonResponse(200, await contractorAudit(callerOf(ctx), ctx.params.contractorNo, ctx.query));
}

export async function contractorCsv(ctx: RouteContext<Contractor, Range, unknown>) {
  const { contractorNo } = ctx.params;
  const bytes = await contractorAuditCsv(callerOf(ctx), contractorNo, ctx.query);
  return fileResponse(CSV_CONTENT_TYPE, `audit-${contractorNo}.csv`, bytes);
}
