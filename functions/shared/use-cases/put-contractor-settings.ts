// PutContractorSettings (共済契約者の設定: 決算期の開始月)
// In: the contractor, its 決算期's first month, who. Out: the settings.
// Course: kept on the contractor; the 受払簿 and the subcontractor report follow it; audited.
import { NotFound } from './errors.js';
import type { AppDeps } from './month/deps.js';

export async function putContractorSettings(
  deps: AppDeps,
  input: { contractorNo: string; by: string; fiscalYearStartMonth: number },
) {
  const { contractorNo } = input;
  const contractor = await deps.registry.getContractor(contractorNo);
  if (!contractor) throw new NotFound('共済契約者が見つかりません');
  await deps.registry.putContractor({ ...contractor, fiscalYearStartMonth: input.fiscalYearStartMonth });
  await deps.audit?.append({
    actor: input.by,
    action: 'edit-settings',
    subject: { contractorNo, fiscalYearStartMonth: String(input.fiscalYearStartMonth) },
  });
  return { contractorNo, fiscalYearStartMonth: input.fiscalYearStartMonth };
}
