// A small world for the API's integration tests on moto_server: a prime with a site in 一次一括, two 一次
// and a second-tier employer in the month's chain, another contractor with its own site, users of every
// role — and ApiDeps over the real repositories with a recording stand-in for Step Functions.
import type { ChainCompany, Flag, WorkLine } from '../../../domain/import/types.js';
import type { Executions } from '../../../domain/ports/cycle.js';
import type { MasterData, NewImport } from '../../../domain/ports/storage.js';
import type { Role } from '../../../domain/types.js';
import { PAYMENTS_SCOPE } from '../../../functions/api/authz.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import type { ApiResponse } from '../../../functions/api/http.js';
import { DynamoIdempotencyStore } from '../../../functions/shared/storage/idempotency.js';
import { createRepositories, type Store, seedFromMaster } from '../../../functions/shared/storage/index.js';
import type { Claims } from './http.js';

export const PRIME = '1000000001';
export const FIRST_A = '2000000001';
export const FIRST_B = '2000000002';
export const SECOND = '3000000001';
export const OTHER = '9000000009';
export const SITE = '8100000001';
export const OTHER_SITE = '8900000001';
/** 要修正 month: corrections. */
export const OPEN = '2026-10';
/** 予約可能 month: reports, 申請, 承認. */
export const READY = '2026-09';

export const CO = {
  prime: '10000000000001',
  firstA: '20000000000001',
  firstB: '20000000000002',
  second: '30000000000001',
} as const;

export const member = (n: number) => `50000000${String(n).padStart(2, '0')}`;

export const user = (contractorNo: string, role: Role, sub = `${role}-${contractorNo}`): Claims => ({
  sub,
  contractorNo,
  role,
});
/** The payments notifier: a client-credentials access token with the payments scope. */
export const NOTIFIER: Claims = { sub: 'payment-notifier', scope: PAYMENTS_SCOPE };

export const master = (): MasterData => ({
  contractors: [
    { contractorNo: PRIME, name: '元請建設', kind: 'regular', active: true, points: 100_000 },
    { contractorNo: FIRST_A, name: '一次A', kind: 'regular', active: true, points: 0 },
    { contractorNo: FIRST_B, name: '一次B', kind: 'regular', active: true, points: 0 },
    { contractorNo: SECOND, name: '二次', kind: 'regular', active: true, points: 0 },
    { contractorNo: OTHER, name: '他社', kind: 'regular', active: true, points: 5_000 },
  ],
  members: Array.from({ length: 8 }, (_, i) => ({
    memberNo: member(i + 1),
    kanaFamily: 'ヤマダ',
    kanaGiven: 'タロウ',
    kind: 'regular' as const,
    days: 240 + i,
    firstBook: true,
  })),
  companyMappings: [],
  workerMappings: [],
  sites: [SITE, OTHER_SITE].map((siteId) => ({
    siteId,
    name: siteId === SITE ? '○○ビル新築工事' : '他社の現場',
    primeContractorNo: siteId === SITE ? PRIME : OTHER,
    linkMethod: 'auto' as const,
    outputMethod: '一次一括' as const,
    accumulationStart: '2026-04-01',
    accumulationEnd: '2027-03-31',
    linkedOn: '2026-04-01',
  })),
});

export const companies: ChainCompany[] = [
  {
    companyId: CO.prime,
    name: '元請建設',
    tier: 0,
    firstTierCompanyIds: [],
    attachedFirstTierCompanyId: null,
    contractorNo: PRIME,
  },
  {
    companyId: CO.firstA,
    name: '一次A',
    tier: 1,
    firstTierCompanyIds: [CO.firstA],
    attachedFirstTierCompanyId: CO.firstA,
    contractorNo: FIRST_A,
  },
  {
    companyId: CO.firstB,
    name: '一次B',
    tier: 1,
    firstTierCompanyIds: [CO.firstB],
    attachedFirstTierCompanyId: CO.firstB,
    contractorNo: FIRST_B,
  },
  {
    companyId: CO.second,
    name: '二次',
    tier: 2,
    firstTierCompanyIds: [CO.firstA, CO.firstB],
    attachedFirstTierCompanyId: CO.firstA,
    contractorNo: SECOND,
  },
];

function line(
  workerId: string,
  employer: string,
  firstTier: string | null,
  tier: number,
  memberNo: string | null,
  workMonth: string,
  days = 5,
): WorkLine {
  const dates = Array.from({ length: days }, (_, d) => `${workMonth}-${String(d + 1).padStart(2, '0')}`);
  return {
    workerId,
    employerCompanyId: employer,
    memberNo,
    firstTierCompanyId: firstTier,
    tier,
    dates,
    days,
    points: 320 * days,
    rates: [{ dailyRate: 320, days }],
  };
}

export function linesOf(workMonth: string): WorkLine[] {
  return [
    line('41000000000001', CO.prime, null, 0, member(1), workMonth),
    line('42000000000001', CO.firstA, CO.firstA, 1, member(2), workMonth),
    line('42000000000002', CO.firstB, CO.firstB, 1, null, workMonth),
    line('43000000000001', CO.second, CO.firstA, 2, member(4), workMonth),
  ];
}

export function importOf(siteId: string, workMonth: string, importId: string, flags: Flag[]): NewImport {
  const lines = linesOf(workMonth);
  return {
    siteId,
    workMonth,
    importId,
    fileKey: `ccus/${siteId}/${workMonth.replace('-', '')}/ccus.csv`,
    versionId: `v-${importId}`,
    status: flags.length > 0 ? '要修正' : '予約可能',
    flags,
    totals: { rows: 20, workers: lines.length, days: 20, points: 6_400 },
    siteName: '○○ビル新築工事',
    outputMethod: '一次一括',
    primeCompanyId: CO.prime,
    companies,
    receivedAt: '2026-11-11T00:00:00.000Z',
  };
}

export interface Recorder extends Executions {
  resumed: { token: string; output: Record<string, unknown> }[];
}

/** Step Functions as the API sees it: resume succeeds unless the token says it expired. */
export function recordingExecutions(): Recorder {
  const resumed: Recorder['resumed'] = [];
  return {
    resumed,
    start: async () => 'started',
    resume: async (token, output) => {
      if (token.startsWith('expired')) return 'expired';
      resumed.push({ token, output });
      return 'resumed';
    },
    fail: async () => 'failed',
  };
}

export const NOW = new Date('2026-11-13T00:00:00.000Z');

export function depsOf(store: Store, executions: Executions = recordingExecutions()): ApiDeps {
  const repos = createRepositories(store);
  return {
    ...repos,
    corrections: repos.registry,
    history: repos.contributions,
    idempotency: new DynamoIdempotencyStore<ApiResponse>(store),
    files: { open: async () => (async function* () {})() },
    executions,
    now: () => NOW,
    tableName: store.tableName,
  };
}

/** Seeds the registry and both months of SITE (and a month of OTHER_SITE). */
export async function seedWorld(store: Store, deps: ApiDeps) {
  await seedFromMaster(store, master());
  const flags: Flag[] = [
    { code: 'F-WORKER-MISSING', workerId: '42000000000002', message: '被共済者番号:未入力エラー' },
    {
      code: 'F-WORKER-NAME',
      workerId: '42000000000001',
      message: '建退共登録の被共済者情報の内容と異なります。',
    },
  ];
  await deps.imports.saveImport(importOf(SITE, OPEN, 'I-OPEN', flags), linesOf(OPEN));
  await deps.imports.saveImport(importOf(SITE, READY, 'I-READY', []), linesOf(READY));
  // The other contractor's month: a chain of its own (none of our companies).
  await deps.imports.saveImport(
    { ...importOf(OTHER_SITE, READY, 'I-OTHER', []), companies: [{ ...companies[0]!, contractorNo: OTHER }] },
    linesOf(READY).slice(0, 1),
  );
}

/** A wait of the cycle for a month (what AwaitPeople stores). */
export async function waitFor(
  deps: ApiDeps,
  siteId: string,
  workMonth: string,
  kind: 'Corrections' | 'FirstTierReports' | 'Application' | 'Approval' | 'Purchase',
  importId: string,
  token = `token-${kind}-${workMonth}`,
) {
  await deps.waits.put(
    { siteId, workMonth, waitKind: kind, importId, deadline: '2026-11-30', createdAt: NOW.toISOString() },
    token,
  );
}
