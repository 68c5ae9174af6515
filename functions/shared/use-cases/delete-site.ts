// DeleteSite (電子申請現場設定の削除, manual 000 手順1)
// In: the authorized site (事業者責任者 or the person who set it up), who. Out: deleted.
// Course: a site not registered or already deleted is not found; the 現場ID is released for a new setting.
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import { NotFound } from './errors.js';
import type { SiteAccess } from './month/access.js';

export async function deleteSite(
  deps: Pick<CycleDeps, 'registry'>,
  access: SiteAccess,
  input: { siteId: string; by: string },
) {
  const { site } = access;
  if (!site || site.deletedAt !== undefined) throw new NotFound();
  const deleted = await deps.registry.deleteSite(input.siteId, { by: input.by });
  if (!deleted) throw new NotFound();
  return { siteId: input.siteId, deleted: true as const };
}
