// SiteContract (工事の契約情報・購入目安・40日の期限)
// In: the prime's live site (authorization resolved). Out: the contract, the estimate (R-PURCHASE), the
// 40-day date (R-PUBLIC40), the points bought for it and what is still short.
// Course: read only.
import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { AppDeps } from './month/deps.js';
import { contractView, entriesOf } from './month/evidence.js';
import { todayInTokyo } from './monthly-sweep.js';

export async function siteContract(deps: Pick<AppDeps, 'ledger' | 'now'>, site: SiteSetting) {
  return contractView(site, await entriesOf(deps, site.primeContractorNo), todayInTokyo(deps.now()));
}
