// The month of the fixtures (test/fixtures/cases/month-edges: site 9000000001 of prime 1000000001, work
// month 2026-10, 1,000,000 points) on the in-memory adapters, and the people's steps the cycle waits for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteContract } from '../../../domain/evidence.js';
import type { MasterData } from '../../../domain/ports/storage.js';
import type { StampsInput } from '../../../functions/shared/use-cases/convert-stamps.js';
import type { ImportInput } from '../../../functions/shared/use-cases/import-work-records.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { importIdOf } from '../../../functions/shared/use-cases/month/ids.js';
import { CASES_DIR } from '../../fixtures/paths.js';
import { memoryCycleDeps, seedMemory } from '../../support/memory/index.js';

export const INBOX = 'inbox';
export const SITE = '9000000001';
export const MONTH = '2026-10';
export const PRIME = '1000000001';
/** v1.csv: 5 workers, 50 worker-days, 16,000 points. */
export const V1 = { workers: 5, days: 50, points: 16_000 };

/**
 * The contract facts of a public work contracted on Tuesday 2026-10-20: 1 億円, 2.9‰, the 料率表's 70 %
 * enrolment. R-PURCHASE by hand: 100,000,000 × 2.9 ‰ × 70/70 = 290,000 yen; at the 320-yen 日額 (約款 第4条,
 * in force on the contract day) ceil(290,000 / 320) = 907 days, 907 × 320 = 290,240 points.
 */
export const PUBLIC_WORK: SiteContract = {
  workName: '○○ビル新築工事',
  orderer: { kind: 'public', name: '○○市' },
  contractAmount: 100_000_000,
  contractOn: '2026-10-20',
  workType: '建築',
  ratePerMille: '2.9',
  enrolmentPercent: '70',
};

/** R-STAMPS: 3 red 10日券 at 320 yen (9,600) and 5 blue 1日券 at 310 yen (1,550), a face value of 11,150. */
export const STAMPS_HAND_IN: StampsInput & { by: string } = {
  contractorNo: PRIME,
  conversionId: 'ST-1',
  pointKind: 'regular',
  handedInOn: '2026-11-10',
  lots: [
    { colour: 'red', daysPerStamp: 10, dailyRate: 320, count: 3 },
    { colour: 'blue', daysPerStamp: 1, dailyRate: 310, count: 5 },
  ],
  points: 11_150,
  by: 'u-operator',
};

const EDGES = join(CASES_DIR, 'month-edges');

export function master(file = 'master.json'): MasterData {
  return JSON.parse(readFileSync(join(EDGES, file), 'utf8')) as MasterData;
}

/** The cycle's ports in memory, seeded with the fixtures' registry (and a user of the prime). */
export async function monthDeps(masterFile?: string) {
  const deps = memoryCycleDeps();
  await seedMemory(deps, master(masterFile));
  await deps.registry.putUser({ userId: 'u-prime', contractorNo: PRIME, role: '事業者責任者' });
  return deps;
}

export type Deps = Awaited<ReturnType<typeof monthDeps>>;

/** A CCUS file dropped in the inbox (a new object version): the input ImportWorkRecords receives. */
export function drop(
  deps: Deps,
  body: string,
  name = 'ccus.csv',
  siteId = SITE,
  month = '202610',
): ImportInput {
  const key = `ccus/${siteId}/${month}/${name}`;
  const versionId = deps.files.put(INBOX, key, body);
  return {
    bucket: INBOX,
    key,
    versionId,
    siteId,
    workMonth: `${month.slice(0, 4)}-${month.slice(4)}`,
    importId: importIdOf(key, versionId),
  };
}

/** One of the month-edges files. */
export function edge(file: string): string {
  return readFileSync(join(EDGES, file), 'utf8');
}

/** The file imported: its input (the month's ids among them). */
export async function imported(deps: Deps, file = 'v1.csv') {
  const input = drop(deps, edge(file));
  const out = await importWorkRecords(deps, input);
  return { input, out, ids: { siteId: input.siteId, workMonth: input.workMonth, importId: input.importId } };
}

/** 申請する then 承認する the month's import (as the API's actions write them). */
export async function appliedAndApproved(
  deps: Deps,
  ids: { siteId: string; workMonth: string; importId: string },
  points = V1.points,
  /** A 追加申請: its number, the 誤納 it returns, the charge it follows, its added days. */
  extra: { no?: number; returnPoints?: number; follows?: string; days?: number } = {},
) {
  const seen = await deps.workflow.getApplication(ids.siteId, ids.workMonth);
  const { days = V1.days, ...application } = extra;
  const app = await deps.workflow.apply(
    {
      ...application,
      siteId: ids.siteId,
      workMonth: ids.workMonth,
      importId: ids.importId,
      primeContractorNo: PRIME,
      pointKind: 'regular',
      points,
      workers: V1.workers,
      days,
      appliedBy: 'u-prime',
    },
    deps.clock.iso(),
    seen?.revision,
  );
  if (app.status !== 'ok') throw new Error('apply refused');
  const ok = await deps.workflow.approve(ids.siteId, ids.workMonth, { by: 'u-prime' }, deps.clock.iso());
  if (ok.status !== 'ok') throw new Error('approve refused');
  return ok.record;
}
