// 電子申請現場設定 (manual 000, 手順1): list (個人表示 / 全件表示), register or edit, delete.
import type { SiteSetting } from '../../../domain/ports/storage.js';
import type { Site } from '../../../domain/types.js';
import { siteAccess } from '../authz.js';
import { HttpProblem } from '../http.js';
import type { Caller } from './common.js';

function view(s: SiteSetting) {
  return {
    siteId: s.siteId,
    name: s.name,
    primeContractorNo: s.primeContractorNo,
    linkMethod: s.linkMethod,
    outputMethod: s.outputMethod,
    accumulationStart: s.accumulationStart,
    accumulationEnd: s.accumulationEnd,
    linkedOn: s.linkedOn,
    ...(s.wagePayment ? { wagePayment: s.wagePayment } : {}),
    createdBy: s.createdBy,
  };
}

/** 個人表示 = the sites the caller set up; 全件表示 = every site of the caller's contractor (manual order). */
export async function listSites(c: Caller, mode: 'mine' | 'all') {
  const contractorNo = c.principal.contractorNo;
  // The list is always the caller's own contractor's: the relation is `own` when there is one.
  c.authorize(contractorNo === undefined ? 'other' : 'own');
  const sites = (await c.deps.registry.sitesOfContractor(contractorNo!))
    .filter((s) => s.deletedAt === undefined)
    .filter((s) => mode === 'all' || s.createdBy === c.principal.id)
    // 連携方法／出力方法／現場IDで昇順 (manual 000, 手順1 参考).
    .sort(
      (a, b) =>
        a.linkMethod.localeCompare(b.linkMethod) ||
        a.outputMethod.localeCompare(b.outputMethod) ||
        a.siteId.localeCompare(b.siteId),
    );
  return { view: mode, sites: sites.map(view) };
}

export type SiteInput = Omit<Site, 'siteId' | 'primeContractorNo'>;

/**
 * Registers or edits a linkage setting; the prime is always the caller's contractor. A 現場ID held by
 * another prime answers 409 (R-SITE-OWNER) and names neither that prime nor its setting.
 */
export async function putSite(c: Caller, siteId: string, input: SiteInput) {
  const { relation, site, heldByOther } = await siteAccess(c.deps, c.principal, siteId);
  if (heldByOther && c.principal.contractorNo !== undefined) {
    // The caller's own right to set up sites is checked first: a 担当者 learns nothing either way.
    c.authorize('own');
    throw new HttpProblem(
      'conflict',
      'この現場IDは他の共済契約者が電子申請現場設定で登録済みのため登録できません。現場IDを確認し、' +
        '自社の現場であれば建退共（運用担当）に連絡してください',
    );
  }
  c.authorize(relation);
  const live = site && site.deletedAt === undefined ? site : undefined;
  const next: SiteSetting = {
    siteId,
    ...input,
    primeContractorNo: c.principal.contractorNo!,
    // The person who set it up keeps the right to delete it; a re-registration after deletion is new.
    createdBy: live?.createdBy ?? c.principal.id,
    // The 工事's contract facts have their own route: editing the linkage keeps them.
    ...(live?.contract ? { contract: live.contract } : {}),
  };
  await c.deps.registry.putSite(next);
  // After the write (a put of the whole setting, no transaction): the name stays out of the record.
  await c.deps.audit?.append({
    actor: c.principal.id,
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
  return { created: live === undefined, site: view(next) };
}

/** Deletes a linkage setting: 事業者責任者 or the person who set it up. */
export async function deleteSite(c: Caller, siteId: string) {
  const { relation, site } = await siteAccess(c.deps, c.principal, siteId);
  c.authorize(relation, site ? { createdBy: site.createdBy } : {});
  if (!site || site.deletedAt !== undefined) throw new HttpProblem('not-found');
  const deleted = await c.deps.registry.deleteSite(siteId, { by: c.principal.id });
  if (!deleted) throw new HttpProblem('not-found');
  return { siteId, deleted: true as const };
}
