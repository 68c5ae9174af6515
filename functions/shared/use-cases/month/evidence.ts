// What the evidence use cases share (R-PURCHASE, R-PUBLIC40, R-STAMPS and the reports): the contractor's
// ledger entries, a 工事's contract view, the 決算期 asked for, and a report's output — its JSON data and
// the table the API renders as CSV or a printable page.
import { contractEstimate, estimateGap, public40Status, siteLedger } from '../../../../domain/evidence.js';
import type { LedgerEntry, PointKind } from '../../../../domain/ledger.js';
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { SiteSetting } from '../../../../domain/ports/storage.js';
import { DomainError } from '../../../../domain/types.js';
import type { Report } from '../../reports/render.js';
import { Unprocessable } from '../errors.js';

export type Format = 'json' | 'csv' | 'html';

/** A report: its data (format=json), and the same as a table (csv, html) under a file name. */
export interface ReportOutput {
  fileName: string;
  data: unknown;
  report: () => Report;
}

/** The usual Japanese 決算期 starts in April when the prime has not set its own. */
export const DEFAULT_FISCAL_START = 4;

export const POINT_KIND_LABEL: Record<PointKind, string> = {
  regular: '退職金ポイント',
  special: '特別退職金ポイント',
};
export const yen = (v: number) => `${v.toLocaleString('ja-JP')}`;

/** A rule of the domain refused the input (an amount, a date): the person corrects it. */
export function domainUnprocessable(e: unknown): never {
  if (e instanceof DomainError) throw new Unprocessable(e.message, { code: e.code });
  throw e;
}

/**
 * Points bought or converted for a 工事 are named for a site of the contractor's own as prime: another
 * prime's site would show them in that prime's 工事別 report.
 */
export async function assertSiteOfContractor(
  deps: Pick<CycleDeps, 'registry'>,
  contractorNo: string,
  siteId: string | undefined,
): Promise<void> {
  if (siteId === undefined) return;
  const site = await deps.registry.getSite(siteId);
  if (!site || site.primeContractorNo !== contractorNo)
    throw new Unprocessable(
      'siteId はこの共済契約者が元請の現場IDではありません。対象工事の現場IDを確かめてください',
      { code: 'site-not-of-contractor' },
    );
}

export async function entriesOf(
  deps: Pick<CycleDeps, 'ledger'>,
  contractorNo: string,
): Promise<LedgerEntry[]> {
  const [regular, special] = await Promise.all([
    deps.ledger.entries(contractorNo, 'regular'),
    deps.ledger.entries(contractorNo, 'special'),
  ]);
  return [...regular, ...special];
}

export function contractView(site: SiteSetting, entries: LedgerEntry[], today: string) {
  const contract = site.contract;
  if (!contract)
    return {
      siteId: site.siteId,
      contract: null,
      estimate: null,
      public40: null,
      bought: 0,
      gap: null,
      warning: null,
    };
  const estimate = contractEstimate(contract);
  const bought = siteLedger(entries, site.siteId).bought;
  const gap = estimateGap(estimate, bought);
  const p40 = public40Status(contract, bought > 0, today);
  return {
    siteId: site.siteId,
    contract,
    estimate,
    bought,
    gap,
    public40: p40.applies
      ? {
          dueOn: p40.dueOn,
          submitBy: p40.submitBy,
          bought: p40.bought,
          daysLeft: p40.daysLeft,
          stage: p40.stage,
        }
      : null,
    warning:
      gap > 0
        ? `この工事のために購入した退職金ポイント（${yen(bought)}）は目安（${yen(estimate.points)}）に ${yen(gap)} 足りません。不足分を購入し、納付の際にこの工事を指定してください`
        : null,
  };
}

/** The 決算期 asked for, or the one today falls in. */
export function fiscalYearOf(asked: number | undefined, startMonth: number, today: string): number {
  if (asked !== undefined) return asked;
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= startMonth ? year : year - 1;
}
