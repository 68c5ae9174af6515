// ListSites (電子申請現場設定の一覧, manual 000 手順1)
// In: the caller's contractor and user, 個人表示 (mine) or 全件表示 (all). Out: the live settings.
// Course: read only; sorted 連携方法／出力方法／現場ID (manual 000, 手順1 参考).
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { siteView } from './month/site-view.js';

/** 個人表示 = the sites the user set up; 全件表示 = every site of the user's contractor. */
export async function listSites(
  deps: Pick<CycleDeps, 'registry'>,
  input: { contractorNo: string; userId: string; mode: 'mine' | 'all' },
) {
  const { mode } = input;
  const sites = (await deps.registry.sitesOfContractor(input.contractorNo))
    .filter((s) => s.deletedAt === undefined)
    .filter((s) => mode === 'all' || s.createdBy === input.userId)
    .sort(
      (a, b) =>
        a.linkMethod.localeCompare(b.linkMethod) ||
        a.outputMethod.localeCompare(b.outputMethod) ||
        a.siteId.localeCompare(b.siteId),
    );
  return { view: mode, sites: sites.map(siteView) };
}
