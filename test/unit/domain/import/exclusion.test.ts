// R-EXCLUDE in the engine: a company without a 共済契約 or a worker without a membership, left out of the
// month by the prime (取り込まない), raises no flag, counts no day and stays visible as excluded.
import { describe, expect, it } from 'vitest';
import {
  type CcusRow,
  createInMemoryRegistry,
  type ImportResult,
  isZeroDayMonth,
  type RegistryData,
  validateImport,
  zeroDayImport,
} from '../../../../domain/import/index.js';
import { baseData, daysOf, SITE } from './helpers.js';

const FIRST_A = '20000000000001';
const NON_MEMBER_CO = '30000000000009';
const NON_MEMBER_W = '43000000000009';
const W_FIRST = '42000000000001';
const decided = {
  reason: '共済契約者でない下請負人（第32条2）',
  by: 'boss-1',
  at: '2026-11-12T01:00:00.000Z',
};

const run = (rows: CcusRow[], data: Partial<RegistryData> = {}): ImportResult =>
  validateImport(rows, createInMemoryRegistry(baseData(data)));
const codes = (r: ImportResult) => r.flags.map((f) => [f.code, f.companyId ?? f.workerId]);

/** The month: the prime's worker (3 days), a 一次 worker (2 days), a 二次 without contract whose worker has no membership (4 days). */
const month: CcusRow[] = [
  ...daysOf({}, [1, 2, 3]),
  ...daysOf(
    {
      firstTierCompanyId: FIRST_A,
      employerCompanyId: FIRST_A,
      employerName: '佐藤工業株式会社',
      tier: 1,
      contractorNo: '2000000001',
      workerId: W_FIRST,
      workerKanaFamily: 'サトウ',
      workerKanaGiven: 'ジロウ',
      memberNo: '5000000002',
    },
    [5, 6],
  ),
  ...daysOf(
    {
      firstTierCompanyId: FIRST_A,
      employerCompanyId: NON_MEMBER_CO,
      employerName: '非加入工業',
      tier: 2,
      contractorNo: null,
      workerId: NON_MEMBER_W,
      workerKanaFamily: 'ヒカニュウ',
      workerKanaGiven: 'タロウ',
      memberNo: null,
    },
    [7, 8, 9, 10],
  ),
];

describe('R-EXCLUDE 取り込まない in the import engine', () => {
  it('without an exclusion the company and the worker are flagged (要修正) and counted', () => {
    const r = run(month);
    expect(r.status).toBe('要修正');
    expect(codes(r)).toEqual([
      ['F-COMPANY', NON_MEMBER_CO],
      ['F-WORKER-MISSING', NON_MEMBER_W],
    ]);
    expect(r.totals).toEqual({ rows: 9, workers: 3, days: 9, points: 2_880 });
  });

  it('R-EXCLUDE: the company left out → no flag, its lines carry no day and show who, when and why', () => {
    const r = run(month, {
      exclusions: [{ siteId: SITE, workMonth: '2026-10', companyId: NON_MEMBER_CO, ...decided }],
    });
    expect(r.status).toBe('予約可能');
    expect(r.flags).toEqual([]);
    expect(r.totals).toEqual({ rows: 9, workers: 2, days: 5, points: 1_600 });
    const line = r.lines.find((l) => l.workerId === NON_MEMBER_W)!;
    expect(line).toMatchObject({ days: 0, points: 0, dates: [], rates: [] });
    expect(line.excluded).toEqual({
      subject: 'company',
      ...decided,
      days: 4,
      dates: ['2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10'],
      points: 1_280,
    });
    expect(r.companies.find((c) => c.companyId === NON_MEMBER_CO)?.excluded).toEqual({
      subject: 'company',
      ...decided,
    });
    // The other lines are untouched.
    expect(r.lines.filter((l) => l.excluded === undefined).map((l) => l.days)).toEqual([3, 2]);
  });

  it('R-EXCLUDE: the worker left out → its F-WORKER-MISSING goes, the company flag stays', () => {
    const r = run(month, {
      exclusions: [{ siteId: SITE, workMonth: '2026-10', workerId: NON_MEMBER_W, ...decided }],
    });
    expect(codes(r)).toEqual([['F-COMPANY', NON_MEMBER_CO]]);
    expect(r.lines.find((l) => l.workerId === NON_MEMBER_W)?.excluded?.subject).toBe('worker');
    expect(r.totals.days).toBe(5);
  });

  it('R-EXCLUDE: a decision for another month or another site changes nothing', () => {
    const r = run(month, {
      exclusions: [
        { siteId: SITE, workMonth: '2026-09', companyId: NON_MEMBER_CO, ...decided },
        { siteId: '9000000002', workMonth: '2026-10', workerId: NON_MEMBER_W, ...decided },
      ],
    });
    expect(r.flags).toHaveLength(2);
    expect(r.lines.every((l) => l.excluded === undefined)).toBe(true);
  });

  it('R-EXCLUDE: revalidating the same file with the decision stored never raises the flag again', () => {
    const data = {
      exclusions: [
        { siteId: SITE, workMonth: '2026-10', companyId: NON_MEMBER_CO, ...decided },
        { siteId: SITE, workMonth: '2026-10', workerId: NON_MEMBER_W, ...decided },
      ],
    };
    const first = run(month, data);
    const again = run(month, data);
    expect(again).toEqual(first);
    expect(again.flags).toEqual([]);
  });
});

describe('R-ZERO-MONTH in the engine', () => {
  it('R-ZERO-MONTH: a 0-day import is 予約可能 with no line, and is the 実績なし case', () => {
    const r = zeroDayImport(
      {
        siteId: SITE,
        siteName: '現場',
        workMonth: '2026-10',
        outputMethod: '元請一括',
        primeCompanyId: '',
      },
      0,
    );
    expect(r).toMatchObject({ status: '予約可能', flags: [], lines: [], companies: [] });
    expect(isZeroDayMonth(r.totals)).toBe(true);
    expect(isZeroDayMonth(run(month).totals)).toBe(false);
  });

  it('R-ZERO-MONTH: every line left out is a month without a day to charge', () => {
    const onlyNonMember = month.filter((r) => r.workerId === NON_MEMBER_W);
    const r = run(onlyNonMember, {
      exclusions: [{ siteId: SITE, workMonth: '2026-10', companyId: NON_MEMBER_CO, ...decided }],
    });
    expect(r.totals).toEqual({ rows: 4, workers: 0, days: 0, points: 0 });
    expect(isZeroDayMonth(r.totals)).toBe(true);
  });
});
