// PutSiteContract (工事の契約情報の登録・編集)
// In: the prime's live site (authorization resolved), the contract facts, who. Out: the contract, the
// purchase estimate (R-PURCHASE), the 40-day date for public orderers (R-PUBLIC40), what is still short.
// Course: the domain checks the facts; the site keeps its linkage setting; audited without names.
import { contractEstimate, type SiteContract } from '../../../domain/evidence.js';
import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { AppDeps } from './month/deps.js';
import { contractView, domainUnprocessable, entriesOf } from './month/evidence.js';
import { todayInTokyo } from './monthly-sweep.js';

/** Sets the 工事's contract facts (the prime's managers); answers the estimate and the 40-day date. */
export async function putSiteContract(
  deps: AppDeps,
  site: SiteSetting,
  input: { by: string; contract: SiteContract },
) {
  const { siteId } = site;
  const contract = input.contract;
  try {
    contractEstimate(contract);
  } catch (e) {
    domainUnprocessable(e);
  }
  const next: SiteSetting = { ...site, contract };
  await deps.registry.putSite(next);
  await deps.audit?.append({
    actor: input.by,
    action: 'edit-site-contract',
    siteId,
    subject: {
      siteId,
      orderer: contract.orderer.kind,
      contractAmount: String(contract.contractAmount),
      contractOn: contract.contractOn,
    },
  });
  return contractView(next, await entriesOf(deps, site.primeContractorNo), todayInTokyo(deps.now()));
}
