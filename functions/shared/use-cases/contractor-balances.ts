// ContractorBalances (退職金ポイント残高)
// In: the contractor. Out: its regular and special balances.
// Course: read only.
import type { CycleDeps } from '../../../domain/ports/cycle.js';

export async function contractorBalances(deps: Pick<CycleDeps, 'ledger'>, contractorNo: string) {
  const [regular, special] = await Promise.all([
    deps.ledger.balance(contractorNo, 'regular'),
    deps.ledger.balance(contractorNo, 'special'),
  ]);
  return { contractorNo, regular, special };
}
