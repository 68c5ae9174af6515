// seedFromMaster: writes master.json (docs: cli.md) into the table for the CLI and the tests.
// Opening balances become purchase entries, so balance = Σ entries holds from the first day.
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import type { MasterData, SiteSetting } from '../../../domain/ports/storage.js';
import { batchWriteAll } from './common.js';
import type { Store } from './entities.js';
import { gsi1 } from './keys.js';
import { DynamoLedger, OPENING_BALANCE_REF } from './ledger.js';

/** The payment id of an opening balance: seeding twice credits it once. */
export { OPENING_BALANCE_REF };

export interface SeedSummary {
  contractors: number;
  members: number;
  companyMappings: number;
  workerMappings: number;
  sites: number;
  users: number;
  openingCredits: number;
}

export async function seedFromMaster(
  store: Store,
  master: MasterData,
  options: { createdBy?: string } = {},
): Promise<SeedSummary> {
  const e = store.entities;
  const createdBy = options.createdBy ?? 'seed';
  const users = master.users ?? [];
  await batchWriteAll(store, [
    ...master.contractors.map((c) =>
      e.contractor
        .build(BatchPutRequest)
        .item({ contractorNo: c.contractorNo, name: c.name, kind: c.kind, active: c.active }),
    ),
    ...master.members.map((m) =>
      e.member.build(BatchPutRequest).item({
        memberNo: m.memberNo,
        kanaFamily: m.kanaFamily,
        kanaGiven: m.kanaGiven,
        kind: m.kind,
        days: m.days,
        firstBook: m.firstBook,
      }),
    ),
    ...master.companyMappings.map((m) =>
      e.companyMapping.build(BatchPutRequest).item({
        companyId: m.companyId,
        contractorNo: m.contractorNo,
        ...gsi1.companyOfContractor(m.contractorNo, m.companyId),
      }),
    ),
    ...master.workerMappings.map((m) =>
      e.workerMapping.build(BatchPutRequest).item({ workerId: m.workerId, memberNo: m.memberNo }),
    ),
    ...master.sites.map((s) => {
      const site: SiteSetting = { ...s, createdBy };
      return e.site.build(BatchPutRequest).item({ ...site, ...gsi1.site(s.primeContractorNo, s.siteId) });
    }),
    ...users.map((u) =>
      e.user.build(BatchPutRequest).item({
        userId: u.userId,
        contractorNo: u.contractorNo,
        role: u.role,
        ...gsi1.userOfContractor(u.contractorNo, u.userId),
      }),
    ),
  ]);

  const ledger = new DynamoLedger(store);
  let openingCredits = 0;
  for (const c of master.contractors) {
    for (const [pointKind, amount] of [
      ['regular', c.points ?? 0],
      ['special', c.specialPoints ?? 0],
    ] as const) {
      if (amount <= 0) continue;
      await ledger.purchase(c.contractorNo, pointKind, OPENING_BALANCE_REF, amount);
      openingCredits++;
    }
  }
  return {
    contractors: master.contractors.length,
    members: master.members.length,
    companyMappings: master.companyMappings.length,
    workerMappings: master.workerMappings.length,
    sites: master.sites.length,
    users: users.length,
    openingCredits,
  };
}
