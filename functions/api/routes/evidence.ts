// 工事の契約情報 (PUT/GET /v1/sites/{siteId}/contract), 決算期 setting, 証紙振替 and the evidence reports.
import type { z } from 'zod';
import type { SiteContract } from '../../../domain/evidence.js';
import { jsonResponse } from '../http.js';
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
import {
  getSiteContract,
  ledgerBookReport,
  purchaseReceipt,
  putSettings,
  putSiteContract,
  recordStamps,
  siteReport,
  subcontractorReport,
} from '../use-cases/evidence.js';
import { callerOf } from './context.js';

type Site = z.infer<typeof siteParams>;
type Contractor = z.infer<typeof contractorParams>;

export async function putContract(ctx: RouteContext<Site, unknown, z.infer<typeof siteContractBody>>) {
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
  return jsonResponse(200, await putSiteContract(callerOf(ctx), ctx.params.siteId, contract));
}

export async function getContract(ctx: RouteContext<Site, unknown, unknown>) {
  return jsonResponse(200, await getSiteContract(callerOf(ctx), ctx.params.siteId));
}

export async function settings(ctx: RouteContext<Contractor, unknown, z.infer<typeof settingsBody>>) {
  return jsonResponse(200, await putSettings(callerOf(ctx), ctx.params.contractorNo, ctx.body));
}

export async function stamps(ctx: RouteContext<unknown, unknown, z.infer<typeof stampsBody>>) {
  const { siteId, ...rest } = ctx.body;
  return jsonResponse(
    200,
    await recordStamps(callerOf(ctx), { ...rest, ...(siteId === undefined ? {} : { siteId }) }),
  );
}

export function book(ctx: RouteContext<Contractor, z.infer<typeof bookQuery>, unknown>) {
  return ledgerBookReport(callerOf(ctx), ctx.params.contractorNo, ctx.query);
}

export function site(ctx: RouteContext<Site, z.infer<typeof formatQuery>, unknown>) {
  return siteReport(callerOf(ctx), ctx.params.siteId, ctx.query.format);
}

export function subcontractors(ctx: RouteContext<Contractor, z.infer<typeof subcontractorQuery>, unknown>) {
  return subcontractorReport(callerOf(ctx), ctx.params.contractorNo, ctx.query);
}

export function receipt(
  ctx: RouteContext<z.infer<typeof receiptParams>, z.infer<typeof formatQuery>, unknown>,
) {
  return purchaseReceipt(callerOf(ctx), ctx.params.contractorNo, ctx.params.paymentId, ctx.query.format);
}
