// Seeds the memory adapters from master data (master.json, as the CLI and the fixtures give it): the
// registry through its ports and the opening balances as purchases, as storage's seedFromMaster does.
import type { MasterData } from '../../../domain/ports/storage.js';
import { OPENING_BALANCE_REF } from '../../../functions/shared/storage/ledger.js';
import type { MemoryLedger } from './ledger.js';
import type { MemoryRegistry } from './registry.js';

export async function seedMemory(
  deps: { registry: MemoryRegistry; ledger: MemoryLedger },
  master: MasterData,
  options: { createdBy?: string } = {},
): Promise<void> {
  const { registry, ledger } = deps;
  for (const { points, specialPoints, ...c } of master.contractors) {
    await registry.putContractor(c);
    if (points)
      await ledger.credit({
        contractorNo: c.contractorNo,
        pointKind: 'regular',
        kind: 'purchase',
        refId: OPENING_BALANCE_REF,
        amount: points,
      });
    if (specialPoints)
      await ledger.credit({
        contractorNo: c.contractorNo,
        pointKind: 'special',
        kind: 'purchase',
        refId: OPENING_BALANCE_REF,
        amount: specialPoints,
      });
  }
  for (const m of master.members) await registry.putMember(m);
  for (const m of master.companyMappings) registry.putCompanyMapping(m.companyId, m.contractorNo);
  for (const m of master.workerMappings) registry.putWorkerMapping(m.workerId, m.memberNo);
  for (const s of master.sites) await registry.putSite({ ...s, createdBy: options.createdBy ?? 'seed' });
  for (const u of master.users ?? []) await registry.putUser(u);
}
