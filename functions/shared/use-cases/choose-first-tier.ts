// ChooseFirstTier (同現場複数一次選択, manual 000 手順3)
// In: the month as authorization resolved it, a company and the 一次 it works under. Out: recorded.
// Course: only a 一次 the company worked under this month; remembered for the site; 確認・予約登録
// validates again.
import { Unprocessable } from './errors.js';
import type { MonthAccess } from './month/access.js';
import { type CorrectionInput, recorded } from './month/corrections.js';
import type { AppDeps } from './month/deps.js';
import { openImport } from './month/guards.js';

export async function chooseFirstTier(
  deps: AppDeps,
  access: MonthAccess,
  input: CorrectionInput<{ companyId: string; firstTierCompanyId: string }>,
) {
  const { siteId, workMonth, companyId, firstTierCompanyId } = input;
  const imp = openImport(access);
  const company = imp.companies.find((co) => co.companyId === companyId);
  if (!company) throw new Unprocessable(`事業者ID ${companyId} はこの月の施工体制にありません`);
  if (!company.firstTierCompanyIds.includes(firstTierCompanyId))
    throw new Unprocessable(
      `事業者ID ${companyId} は一次事業者 ${firstTierCompanyId} の下で就業していません`,
    );
  await deps.corrections.chooseFirstTier(siteId, companyId, firstTierCompanyId, { by: input.by, workMonth });
  return recorded('first-tier');
}
