// MapCompany (事業者取込方法選択, manual 000 手順3)
// In: the month as authorization resolved it, the CCUS 事業者ID and its 共済契約者番号. Out: recorded.
// Course: only for a company of this month's chain without a number (R-MAPPING-SCOPE), in the caller's
// open chain (R-FIRST-TIER); remembered for later months; 確認・予約登録 validates again.
import { Unprocessable } from './errors.js';
import type { MonthAccess } from './month/access.js';
import {
  type CorrectionInput,
  FIXED_NUMBER,
  mappingScope,
  openScoped,
  recorded,
} from './month/corrections.js';
import type { AppDeps } from './month/deps.js';
import { assertOwnOpenChain } from './month/first-tier.js';

export async function mapCompany(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ companyId: string; companyContractorNo: string }>,
) {
  const { companyId, companyContractorNo } = input;
  const { imp, scope } = await openScoped(deps, access, input);
  const company = imp.companies.find((co) => co.companyId === companyId);
  if (!company) throw new Unprocessable(`事業者ID ${companyId} はこの月の施工体制にありません`);
  const source = company.contractorNoSource;
  if (source === 'file' || source === 'registry')
    throw new Unprocessable(
      `事業者ID ${companyId} には${FIXED_NUMBER[source]}で共済契約者番号があります。事業者取込方法選択は共済契約者番号が未登録の場合だけ使えます（番号の誤りは CCUS の事業者情報を修正して再連携してください）`,
    );
  assertOwnOpenChain(scope, company.attachedFirstTierCompanyId, `事業者ID ${companyId}`);
  const contractor = await deps.registry.getContractor(companyContractorNo);
  if (!contractor?.active)
    throw new Unprocessable(`共済契約者番号 ${companyContractorNo} は有効な共済契約者ではありません`);
  await deps.corrections.mapCompany(companyId, companyContractorNo, mappingScope(input));
  return recorded('company');
}
