// R-SITE-OWNER: a site belongs to its prime. The file's 元請 (元請事業者ID) is mapped to its 共済契約者番号
// through what CCUS and the registry say — the file's own number on the 元請's rows, else the registry's
// number for that 事業者ID — and never through a 事後登録 correction, which the site's registrant could
// have made itself. A file whose 元請 is another contractor, or whose 元請 cannot be identified, is
// refused: otherwise whoever registered the 現場ID first would receive another company's workers.
import type { RegistryView } from '../ports/registry.js';
import type { ImportResult } from './types.js';

export type SiteOwnerVerdict =
  | { ok: true; primeContractorNo: string }
  | { ok: false; reason: 'other-prime' | 'prime-unknown' };

/** The 共済契約者番号 of the file's 元請 per the file and the registry (never a correction), or null. */
export function filePrimeContractorNo(result: ImportResult, registry: RegistryView): string | null {
  const own = result.companies.find((c) => c.companyId === result.primeCompanyId);
  if (
    own?.contractorNo != null &&
    (own.contractorNoSource === 'file' || own.contractorNoSource === 'registry')
  )
    return own.contractorNo;
  return registry.companyMapping(result.primeCompanyId) ?? null;
}

/** Whether the file's 元請 is the site's registered prime (R-SITE-OWNER). */
export function checkSiteOwner(
  result: ImportResult,
  registry: RegistryView,
  sitePrimeContractorNo: string,
): SiteOwnerVerdict {
  const no = filePrimeContractorNo(result, registry);
  if (no === null) return { ok: false, reason: 'prime-unknown' };
  if (no !== sitePrimeContractorNo) return { ok: false, reason: 'other-prime' };
  return { ok: true, primeContractorNo: no };
}
