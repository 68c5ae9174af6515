// 下請事業者別 (the basis of the 受領書) for the fixtures' prime 1000000001: v1's month 2026-10 charged. Per
// company of tier 1 and below: 佐藤工業 (一次, 2 workers 12 + 15 days), 高橋塗装 (tier 2 under 佐藤工業,
// 5 days), 鈴木設備 (一次, 8 days); the prime's own worker (10 days) is no subcontractor's. 320 points a day.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { NotFound } from '../../../functions/shared/use-cases/errors.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { subcontractorReport } from '../../../functions/shared/use-cases/subcontractor-report.js';
import { M, type PeopleDeps, peopleDeps } from './people.js';
import { appliedAndApproved, INBOX, imported, MONTH, PRIME, SITE } from './support.js';

const ROWS = [
  {
    siteId: SITE,
    workMonth: MONTH,
    firstTier: '佐藤工業株式会社',
    companyId: '20000000000001',
    company: '佐藤工業株式会社',
    contractorNo: '2000000001',
    tier: 1,
    workers: 2,
    days: 27,
    points: 27 * 320,
  },
  {
    siteId: SITE,
    workMonth: MONTH,
    firstTier: '佐藤工業株式会社',
    companyId: '30000000000001',
    company: '高橋塗装',
    contractorNo: '3000000001',
    tier: 2,
    workers: 1,
    days: 5,
    points: 5 * 320,
  },
  {
    siteId: SITE,
    workMonth: MONTH,
    firstTier: '鈴木設備有限会社',
    companyId: '20000000000002',
    company: '鈴木設備有限会社',
    contractorNo: '2000000002',
    tier: 1,
    workers: 1,
    days: 8,
    points: 8 * 320,
  },
];

async function charged(deps: PeopleDeps, file?: string) {
  const { ids } = await imported(deps, file);
  await appliedAndApproved(deps, ids);
  await debitPoints(deps, ids);
  return ids;
}

const report = (deps: PeopleDeps, q: { fiscalYear?: number; siteId?: string } = {}) =>
  subcontractorReport(deps, PRIME, { format: 'json', ...q });

describe('subcontractorReport (下請事業者別 掛金充当)', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('per subcontractor of the charged month: workers, days and points, each company under its 一次, the prime’s own left out', async () => {
    const deps = await peopleDeps();
    await charged(deps);

    const r = await report(deps);

    expect(r.fileName).toBe(`shitauke-${PRIME}-2026`);
    expect(r.data).toEqual({
      contractorNo: PRIME,
      fiscalYear: 2026,
      from: '2026-04',
      to: '2027-03',
      rows: ROWS,
    });
  });

  it('only charged months count: an application approved but not yet charged is not in the report', async () => {
    const deps = await peopleDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);

    expect((await report(deps)).data).toMatchObject({ rows: [] });

    await debitPoints(deps, ids);
    expect((await report(deps)).data).toMatchObject({ rows: ROWS });
  });

  it('R-EXCLUDE: a company and worker left out of the month (取り込まない) are no subcontractor’s', async () => {
    const deps = await peopleDeps();
    const { ids } = await imported(deps, 'non-member-subcontractor.csv');
    const excluded = { by: 'u-prime', reason: '建退共に加入していない下請のため' };
    await deps.corrections.exclude(SITE, MONTH, 'company', '39999999999999', excluded);
    await deps.corrections.exclude(SITE, MONTH, 'worker', '49999999999999', excluded);
    await revalidateImport(deps, ids);
    await appliedAndApproved(deps, ids);
    await debitPoints(deps, ids);

    expect((await report(deps)).data).toMatchObject({ rows: ROWS });
  });

  it('another 決算期 or another site has nothing of this month', async () => {
    const deps = await peopleDeps();
    await charged(deps);

    expect((await report(deps, { fiscalYear: 2025 })).data).toMatchObject({
      fiscalYear: 2025,
      from: '2025-04',
      to: '2026-03',
      rows: [],
    });
    expect((await report(deps, { siteId: '9000000002' })).data).toMatchObject({ rows: [] });
    expect((await report(deps, { siteId: M.siteId })).data).toMatchObject({ rows: ROWS });
  });

  it('the 決算期 starts in the month the prime set (2026-11 start: 2026-10 is the year before)', async () => {
    const deps = await peopleDeps();
    await charged(deps);
    const prime = (await deps.registry.getContractor(PRIME))!;
    await deps.registry.putContractor({ ...prime, fiscalYearStartMonth: 11 });

    expect((await report(deps)).data).toMatchObject({
      fiscalYear: 2026,
      from: '2026-11',
      to: '2027-10',
      rows: [],
    });
    expect((await report(deps, { fiscalYear: 2025 })).data).toMatchObject({
      from: '2025-11',
      to: '2026-10',
      rows: ROWS,
    });
  });

  it('the table names the prime and the period, one line per company', async () => {
    const deps = await peopleDeps();
    await charged(deps);

    const t = (await report(deps)).report();

    expect(t.meta).toEqual([
      ['元請（共済契約者）', `山田建設株式会社（${PRIME}）`],
      ['対象年月', '2026-04 〜 2027-03'],
    ]);
    expect(t.tables[0]?.rows).toEqual(
      ROWS.map((x) => [
        x.siteId,
        x.workMonth,
        x.firstTier,
        x.company,
        x.companyId,
        x.contractorNo,
        x.tier,
        x.workers,
        x.days,
        x.points,
      ]),
    );
  });

  it('refuses a contractor 建退共 does not know', async () => {
    const deps = await peopleDeps();

    const e = await subcontractorReport(deps, '1999999999', { format: 'json' }).catch((x) => x);

    expect(e).toBeInstanceOf(NotFound);
    expect(e.detail).toBe('共済契約者が見つかりません');
  });
});
