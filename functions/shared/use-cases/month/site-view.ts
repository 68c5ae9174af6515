// A linkage setting (電子申請現場設定) as the API shows it.
import type { SiteSetting } from '../../../../domain/ports/storage.js';

export function siteView(s: SiteSetting) {
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
