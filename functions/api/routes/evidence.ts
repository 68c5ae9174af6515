// 工事の契約情報 (PUT/GET /v1/sites/{siteId}/contract), 決算期 setting, 証紙振替 and the evidence reports.
import type { z } from 'zod';
import type { SiteContract } from '../../../domain/evidence.js';
import { reportCsv, reportHtml } from '../../shared/reports/render.js';
import { convertStamps } from '../../shared/use-cases/convert-stamps.js';
import { ledgerBookReport } from '../../shared/use-cases/ledger-book.js';
import type { Format, ReportOutput } from '../../shared/use-cases/month/evidence.js';
import { purchaseReceipt } from '../../shared/use-cases/purchase-receipt.js';
import { putContractorSettings } from '../../shared/use-cases/put-contractor-settings.js';
import { putSiteContract } from '../../shared/use-cases/put-site-contract.js';
import { siteContract } from '../../shared/use-cases/site-contract.js';
import { siteReport } from '../../shared/use-cases/site-report.js';
import { subcontractorReport } from '../../shared/use-cases/subcontractor-report.js';
import { type ApiResponse, fileResponse, jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type {
  bookQuery,
  contractorParams,
  formatQuery,
  receiptParams,
  settingsBody,
  siteContractBody,
  siteParams,
  stampsBody,
  subcontractorQuery,
} from '../schemas.js';
import { authorizeContractor, authorizedSite, by } from './context.js';

type Site = z.infer<typeof siteParams>;
type Contractor = z.infer<typeof contractorParams>;

/** A report in the asked format: JSON data, a CSV download or the printable page. */
function respond(format: Format, out: ReportOutput): ApiResponse {
  if (format === 'json') return jsonResponse(200, out.data);
  if (format === 'csv')
    return fileResponse('text/csv; charset=utf-8', `${out.fileName}.csv`, reportCsv(out.report()));
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: reportHtml(out.report()),
  };
}

export async function putContract(ctx: RouteContext<Site, unknown, z.infer<typeof siteContractBody>>) {
  const site = await authorizedSite(ctx);
  const b = ctx.body;
  const contract: SiteContract = {
    workName: b.workName,
    orderer: b.orderer,
    contractAmount: b.contractAmount,
    contractOn: b.contractOn,
    workType: b.workType,
    ratePerMille: b.ratePerMille,
    enrolmentPercent: b.enrolmentPercent,
    ...(b.jvSharePercent === undefined ? {} : { jvSharePercent: b.jvSharePercent }),
  };
  return jsonResponse(200, await putSiteContract(ctx.deps, site, { by: by(ctx), contract }));
}

export async function getContract(ctx: RouteContext<Site, unknown, unknown>) {
  return jsonResponse(200, await siteContract(ctx.deps, await authorizedSite(ctx)));
}

export async function settings(ctx: RouteContext<Contractor, unknown, z.infer<typeof settingsBody>>) {
  const { contractorNo } = ctx.params;
  authorizeContractor(ctx, contractorNo);
  return jsonResponse(200, await putContractorSettings(ctx.deps, { contractorNo, by: by(ctx), ...ctx.body }));
}

export async function stamps(ctx: RouteContext<unknown, unknown, z.infer<typeof stampsBody>>) {
  const { siteId, ...rest } = ctx.body;
  authorizeContractor(ctx, rest.contractorNo);
  const input = { ...rest, ...(siteId === undefined ? {} : { siteId }), by: by(ctx) };
  return jsonResponse(200, await convertStamps(ctx.deps, input));
}

export async function book(ctx: RouteContext<Contractor, z.infer<typeof bookQuery>, unknown>) {
  authorizeContractor(ctx, ctx.params.contractorNo);
  return respond(ctx.query.format, await ledgerBookReport(ctx.deps, ctx.params.contractorNo, ctx.query));
}

export async function site(ctx: RouteContext<Site, z.infer<typeof formatQuery>, unknown>) {
  const s = await authorizedSite(ctx);
  return respond(ctx.query.format, await siteReport(ctx.deps, s));
}

export async function subcontractors(
  ctx: RouteContext<Contractor, z.infer<typeof subcontractorQuery>, unknown>,
) {
  authorizeContractor(ctx, ctx.params.contractorNo);
  return respond(ctx.query.format, await subcontractorReport(ctx.deps, ctx.params.contractorNo, ctx.query));
}

export async function receipt(
  ctx: RouteContext<z.infer<typeof receiptParams>, z.infer<typeof formatQuery>, unknown>,
) {
  const { contractorNo, paymentId } = ctx.params;
  authorizeContractor(ctx, contractorNo);
  return respond(ctx.query.format, await purchaseReceipt(ctx.deps, contractorNo, paymentId));
}
