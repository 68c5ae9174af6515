// PutSite (電子申請現場設定の登録・編集, manual 000 手順1)
// In: the authorized site, the setting, the caller's contractor and user. Out: created?, the setting.
// Course: the prime is always the caller's contractor; a 現場ID held by another prime is refused
// (R-SITE-OWNER) naming neither that prime nor its setting; the 工事's contract facts are kept; audited.
import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { Site } from '../../../domain/types.js';
import { Conflict } from './errors.js';
import type { SiteAccess } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { siteView } from './month/site-view.js';

export type SiteInput = Omit<Site, 'siteId' | 'primeContractorNo'>;

export async function putSite(
  deps: AppDeps,
  access: SiteAccess,
  input: { siteId: string; contractorNo: string; by: string; setting: SiteInput },
) {
  const { siteId } = input;
  if (access.heldByOther)
    throw new Conflict(
      'この現場IDは他の共済契約者が電子申請現場設定で登録済みのため登録できません。現場IDを確認し、' +
        '自社の現場であれば建退共（運用担当）に連絡してください',
    );
  const site = access.site;
  const live = site && site.deletedAt === undefined ? site : undefined;
  const next: SiteSetting = {
    siteId,
    ...input.setting,
    primeContractorNo: input.contractorNo,
    // The person who set it up keeps the right to delete it; a re-registration after deletion is new.
    createdBy: live?.createdBy ?? input.by,
    // The 工事's contract facts have their own route: editing the linkage keeps them.
    ...(live?.contract ? { contract: live.contract } : {}),
  };
  await deps.registry.putSite(next);
  // After the write (a put of the whole setting, no transaction): the name stays out of the record.
  await deps.audit?.append({
    actor: input.by,
    action: live === undefined ? 'create-site' : 'edit-site',
    siteId,
    subject: {
      siteId,
      primeContractorNo: next.primeContractorNo,
      linkMethod: next.linkMethod,
      outputMethod: next.outputMethod,
      ...(next.wagePayment ? { wagePayment: next.wagePayment } : {}),
    },
  });
  return { created: live === undefined, site: siteView(next) };
}
