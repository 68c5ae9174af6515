// What authorization resolved about the caller and a resource, as the use cases receive it: the caller's
// relation (own / chain / other), the site and the month's current import. The API's authz.ts resolves it
// from the caller's claims; the use cases only read it.
import type { ChainCompany } from '../../../../domain/import/types.js';
import type { ImportRecord, SiteSetting } from '../../../../domain/ports/storage.js';

/**
 * The caller's relation to the resource: `own` — the caller's contractor owns it (the site's prime, the
 * contractor itself, the member's employer); `chain` — the caller's contractor is a 一次 or lower-tier
 * employer in the current import of that site-month; `other` — anything else (invisible).
 */
export type Relation = 'own' | 'chain' | 'other';

export interface MonthAccess {
  relation: Relation;
  site?: SiteSetting;
  imp?: ImportRecord;
  /** For `chain`: the caller's companies in the chain. */
  companies: ChainCompany[];
}

/** A site-month named by a route. */
export interface MonthRef {
  siteId: string;
  workMonth: string;
}

/** A site (linkage setting) as the caller relates to it; `heldByOther`: registered to another prime. */
export interface SiteAccess {
  relation: Relation;
  site?: SiteSetting;
  heldByOther?: true;
}

/** A contractor's companies in an import's chain (tier ≥ 1), by 共済契約者番号. */
export function chainCompaniesOfContractor(
  imp: ImportRecord | undefined,
  contractorNo: string | undefined,
): ChainCompany[] {
  if (!imp || contractorNo === undefined) return [];
  return imp.companies.filter((c) => c.tier >= 1 && c.contractorNo === contractorNo);
}
