// Evidence through the API on moto_server: a 工事's contract facts and its estimate (R-PURCHASE) and
// 40-day date (R-PUBLIC40), purchases named for a 工事 with their 収納書 record, stamps converted
// (R-STAMPS), and a year's 受払簿 whose lines and closing balance are the ledger's, as JSON, CSV and page.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationIdOf } from '../../../domain/application.js';
import { balanceAt } from '../../../domain/evidence.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { seedFromMaster } from '../../../functions/shared/storage/index.js';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { public40Notices } from '../../../functions/shared/use-cases/monthly-sweep.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient } from './http.js';
import { companies, depsOf, importOf, linesOf, master, NOTIFIER, OTHER, PRIME, SITE, user } from './world.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const SITE2 = '8100000002';
let moto: Moto;
let deps: ApiDeps;
/** The ledger's and the API's clock: each movement is dated where the test puts it. */
let clock = '2026-03-20T01:00:00.000Z';

const prime = () => apiClient(user(PRIME, '管理者'), deps);
const notifier = () => apiClient(NOTIFIER, deps);

/** Excel's rule for a .csv: a UTF-8 BOM means UTF-8, anything else the code page (CP932). */
function readLikeExcel(bytes: Uint8Array): string[][] {
  const text =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? new TextDecoder('utf-8').decode(bytes.subarray(3))
      : new TextDecoder('shift_jis').decode(bytes);
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}
const csvOf = (r: { raw: { body: string } }) => readLikeExcel(Buffer.from(r.raw.body, 'base64'));

const faqContract = {
  workName: '○○線道路改良工事',
  orderer: { kind: 'public', name: '○○県土木事務所' },
  contractAmount: 50_000_000,
  contractOn: '2026-04-01',
  workType: '土木・舗装',
  ratePerMille: '2.9',
  enrolmentPercent: '100',
};

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'evidence');
  const m = master();
  // The prime starts with no points: every movement of the year is one this test dates.
  m.contractors = m.contractors.map((c) => (c.contractorNo === PRIME ? { ...c, points: 0 } : c));
  m.sites.push({ ...m.sites[0]!, siteId: SITE2, name: '△△庁舎改修工事' });
  await seedFromMaster(store, m);
  deps = {
    ...depsOf(store),
    ledger: new DynamoLedger(store, { now: () => clock }),
    now: () => new Date(clock),
  };
});
afterAll(() => moto?.stop());

describe('工事の契約情報 → R-PURCHASE estimate and R-PUBLIC40 date, through the API', () => {
  it('FAQ numbers at 310 yen: 50,000,000 yen × 2.9‰ → 207,142 yen → 669 units', async () => {
    const r = await prime().send('PUT', `/v1/sites/${SITE}/contract`, {
      ...faqContract,
      contractOn: '2018-06-01',
    });
    expect(r.status).toBe(200);
    expect(r.json.estimate).toMatchObject({ amount: 207_142, units: 669, dailyRate: 310, points: 207_390 });
  });

  it('same at 320 yen: 207,142 yen → 648 units; the 40-day date and the shortfall warning before any purchase', async () => {
    const r = await prime().send('PUT', `/v1/sites/${SITE}/contract`, faqContract);
    expect(r.status).toBe(200);
    expect(r.json.estimate).toMatchObject({ amount: 207_142, units: 648, dailyRate: 320, points: 207_360 });
    expect(r.json.public40).toMatchObject({ dueOn: '2026-05-11', submitBy: '2026-05-11', bought: false });
    expect(r.json.gap).toBe(207_360);
    expect(r.json.warning).toContain('足りません');
    const got = await prime().get(`/v1/sites/${SITE}/contract`);
    expect(got.json.contract).toEqual(faqContract);
  });

  it('refuses bad contract facts with the field named and a Japanese reason', async () => {
    const r = await prime().send('PUT', `/v1/sites/${SITE}/contract`, {
      ...faqContract,
      ratePerMille: '２．９',
    });
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({
      path: 'ratePerMille',
      message: expect.stringContaining('料率'),
    });
    const s = await prime().send('PUT', `/v1/sites/${SITE}/contract`, {
      ...faqContract,
      contractAmount: 1.5,
    });
    expect(s.json.errors[0].message).toContain('円単位の整数');
    // Another prime's site does not exist for this caller; a 担当者 may not set facts.
    expect(
      (await apiClient(user(OTHER, '管理者'), deps).send('PUT', `/v1/sites/${SITE}/contract`, faqContract))
        .status,
    ).toBe(404);
    expect(
      (await apiClient(user(PRIME, '担当者'), deps).send('PUT', `/v1/sites/${SITE}/contract`, faqContract))
        .status,
    ).toBe(403);
  });

  it('R-PUBLIC40: the daily sweep asks the prime until a purchase names the 工事, once per stage', async () => {
    await prime().send('PUT', `/v1/sites/${SITE2}/contract`, {
      ...faqContract,
      workName: '△△庁舎改修工事',
      contractAmount: 20_000_000,
      contractOn: '2026-03-25',
      workType: '建築',
      ratePerMille: '2.3',
    });
    expect(await public40Notices(deps, '2026-04-20')).toBeGreaterThanOrEqual(1);
    expect(await public40Notices(deps, '2026-04-27')).toBeGreaterThanOrEqual(1);
    const pending = (await deps.outbox.pending(100)).filter((m) => m.notice === 'public40-purchase');
    expect(pending.map((m) => m.messageId).sort()).toEqual(
      [
        `public40:${SITE}:2026-04-01:request`,
        `public40:${SITE2}:2026-03-25:request`,
        `public40:${SITE2}:2026-03-25:reminder`,
      ].sort(),
    );
    // 40th day 2026-05-04 (みどりの日) → submit by Friday 1 May.
    expect(pending.find((m) => m.siteId === SITE2)!.payload).toMatchObject({ dueOn: '2026-05-01' });
  });
});

describe('a year of evidence: 受払簿, per 工事, per subcontractor, 収納書 — the ledger exactly', () => {
  const at = (iso: string) => {
    clock = `${iso}T01:00:00.000Z`;
  };
  async function charge(siteId: string, workMonth: string, points: number) {
    const importId = `I-${siteId}-${workMonth}`;
    await deps.imports.saveImport(importOf(siteId, workMonth, importId, []), linesOf(workMonth));
    await deps.workflow.apply(
      {
        siteId,
        workMonth,
        importId,
        primeContractorNo: PRIME,
        pointKind: 'regular',
        points,
        workers: 4,
        days: points / 320,
        appliedBy: 'u',
      },
      clock,
    );
    await deps.workflow.approve(siteId, workMonth, { by: 'u' }, clock);
    const d = await deps.ledger.debit({
      contractorNo: PRIME,
      pointKind: 'regular',
      applicationId: applicationIdOf(siteId, workMonth),
      amount: points,
    });
    expect(d.status).toBe('debited');
    await deps.workflow.markApplicationCharged(siteId, workMonth, clock);
  }

  it('builds the year through the API and the ledger (R-POINT, R-STAMPS, R-MISPAID, R-EXEMPT)', async () => {
    at('2026-03-20');
    expect(
      (
        await notifier().post('/v1/payments', {
          contractorNo: PRIME,
          paymentId: 'PE-0',
          amount: 100_000,
          pointKind: 'regular',
          method: 'pay-easy',
        })
      ).status,
    ).toBe(200);
    at('2026-04-10');
    const p1 = await notifier().post('/v1/payments', {
      contractorNo: PRIME,
      paymentId: 'PE-1',
      amount: 207_360,
      pointKind: 'regular',
      method: 'pay-easy',
      siteId: SITE,
    });
    expect(p1.status).toBe(200);
    // A purchase may only name one of the contractor's own sites.
    at('2026-04-11');
    expect(
      (
        await notifier().post('/v1/payments', {
          contractorNo: OTHER,
          paymentId: 'PE-X',
          amount: 1,
          pointKind: 'regular',
          method: 'pay-easy',
          siteId: SITE,
        })
      ).status,
    ).toBe(422);
    at('2026-05-20');
    await charge(SITE, '2026-04', 6_400);
    at('2026-06-15');
    await charge(SITE2, '2026-05', 9_600);
    at('2026-07-01');
    const stamps = {
      contractorNo: PRIME,
      conversionId: 'ST-1',
      pointKind: 'regular',
      handedInOn: '2026-06-30',
      lots: [
        { colour: 'red', daysPerStamp: 10, dailyRate: 310, count: 10 },
        { colour: 'red', daysPerStamp: 1, dailyRate: 320, count: 5 },
      ],
      points: 32_600,
    };
    // R-STAMPS: points other than the face value are refused, nothing credited.
    const wrong = await notifier().post('/v1/stamps', { ...stamps, points: 32_000 });
    expect(wrong.status).toBe(422);
    expect(wrong.json.detail).toContain('32,600');
    expect((await prime().post('/v1/stamps', stamps)).status).toBe(403);
    const st = await notifier().post('/v1/stamps', stamps);
    expect(st.status).toBe(200);
    expect(st.json).toMatchObject({ credited: true, points: 32_600 });
    expect((await notifier().post('/v1/stamps', stamps)).json).toMatchObject({ credited: false });
    at('2026-08-20');
    await charge(SITE, '2026-07', 12_800);
    at('2026-09-10');
    // R-MISPAID: days removed after the charge come back as points, against the charge.
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'mispaid-return',
      refId: applicationIdOf(SITE, '2026-07', 2),
      amount: 3_200,
    });
    at('2026-10-05');
    // R-EXEMPT: a 50-day exemption refunded at 手帳更新.
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'exemption-refund',
      refId: 'EX-5000000001',
      amount: 16_000,
    });
    at('2027-02-10');
    await charge(SITE2, '2027-01', 3_200);
    at('2027-04-02');
    await notifier().post('/v1/payments', {
      contractorNo: PRIME,
      paymentId: 'PE-2',
      amount: 50_000,
      pointKind: 'regular',
      method: '口座振替',
    });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(377_160);
  });

  it('受払簿 FY2026 (April–March): opening, every line with its own label, closing = the ledger at 2027-03-31', async () => {
    const r = await prime().get(`/v1/contractors/${PRIME}/reports/ledger-book`, { fiscalYear: '2026' });
    expect(r.status).toBe(200);
    const entries = await deps.ledger.entries(PRIME, 'regular');
    expect(r.json).toMatchObject({
      from: '2026-04-01',
      to: '2027-03-31',
      opening: 100_000,
      closing: 327_160,
    });
    expect(r.json.closing).toBe(balanceAt(entries, '2027-03-31'));
    expect(r.json.opening).toBe(balanceAt(entries, '2026-03-31'));
    const lines = r.json.lines.map((l: Record<string, unknown>) => [
      l.date,
      l.label,
      l.siteId ?? null,
      l.workMonth ?? null,
      l.days,
      l.received,
      l.paid,
      l.balance,
    ]);
    expect(lines).toEqual([
      ['2026-04-10', '購入', SITE, null, null, 207_360, 0, 307_360],
      ['2026-05-20', '掛金充当', SITE, '2026-04', 20, 0, 6_400, 300_960],
      ['2026-06-15', '掛金充当', SITE2, '2026-05', 30, 0, 9_600, 291_360],
      ['2026-07-01', '証紙振替', null, null, null, 32_600, 0, 323_960],
      ['2026-08-20', '掛金充当', SITE, '2026-07', 40, 0, 12_800, 311_160],
      ['2026-09-10', '誤納返還', SITE, '2026-07', null, 3_200, 0, 314_360],
      ['2026-10-05', '免除還付（50日分）', null, null, null, 16_000, 0, 330_360],
      ['2027-02-10', '掛金充当', SITE2, '2027-01', 10, 0, 3_200, 327_160],
    ]);
    // Each line is the ledger entry of the same seq, amount for amount.
    for (const l of r.json.lines) {
      const e = entries.find((x) => x.seq === l.seq)!;
      expect(l.received - l.paid).toBe(e.kind === 'debit' ? -e.amount : e.amount);
      expect(l.balance).toBe(e.balanceAfter);
    }
  });

  it('the same 受払簿 as CSV reads back with Japanese intact, and as a printable page', async () => {
    const csv = await prime().get(`/v1/contractors/${PRIME}/reports/ledger-book`, {
      fiscalYear: '2026',
      format: 'csv',
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csvOf(csv);
    expect(rows[0]![0]).toBe('共済証紙受払簿（退職金ポイント）');
    const header = rows.findIndex((row) => row[0] === '日付');
    expect(rows[header]).toEqual([
      '日付',
      '区分',
      '番号',
      '現場ID',
      '工事名',
      '対象年月',
      '日数',
      '受入',
      '払出',
      '残高',
    ]);
    const body = rows.slice(header + 1);
    expect(body[0]).toEqual(['2026-04-01', '前期繰越', '', '', '', '', '', '', '', '100000']);
    expect(body.map((row) => row[1])).toEqual([
      '前期繰越',
      '購入',
      '掛金充当',
      '掛金充当',
      '証紙振替',
      '掛金充当',
      '誤納返還',
      '免除還付（50日分）',
      '掛金充当',
      '次期繰越',
    ]);
    expect(body[2]![4]).toBe('○○ビル新築工事');
    expect(body.at(-1)).toEqual(['2027-03-31', '次期繰越', '', '', '', '', '', '259160', '32000', '327160']);
    const html = await prime().get(`/v1/contractors/${PRIME}/reports/ledger-book`, {
      fiscalYear: '2026',
      format: 'html',
    });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.raw.body).toContain('誤納返還');
    expect(html.raw.body).toContain('327,160');
  });

  it('the 決算期 follows the prime’s setting (calendar year: opening 0, closing = the ledger at 2026-12-31)', async () => {
    expect(
      (await prime().send('PUT', `/v1/contractors/${PRIME}/settings`, { fiscalYearStartMonth: 13 })).status,
    ).toBe(400);
    expect(
      (await prime().send('PUT', `/v1/contractors/${PRIME}/settings`, { fiscalYearStartMonth: 1 })).status,
    ).toBe(200);
    const r = await prime().get(`/v1/contractors/${PRIME}/reports/ledger-book`, { fiscalYear: '2026' });
    expect(r.json).toMatchObject({ from: '2026-01-01', to: '2026-12-31', opening: 0, closing: 330_360 });
    await prime().send('PUT', `/v1/contractors/${PRIME}/settings`, { fiscalYearStartMonth: 4 });
  });

  it('per 工事: bought for it, charged by month with the 誤納 return, no gap left', async () => {
    const r = await prime().get(`/v1/sites/${SITE}/report`);
    expect(r.json).toMatchObject({
      bought: 207_360,
      charged: 19_200,
      returned: 3_200,
      gap: 0,
      warning: null,
      months: [
        { workMonth: '2026-04', charged: 6_400, returned: 0, mispaid: 0, rebated: 0 },
        { workMonth: '2026-07', charged: 12_800, returned: 3_200, mispaid: 3_200, rebated: 0 },
      ],
    });
    const rows = csvOf(await prime().get(`/v1/sites/${SITE}/report`, { format: 'csv' }));
    expect(rows).toContainEqual(['発注者', '○○県土木事務所（公共）']);
    expect(rows).toContainEqual(['対象年月', '充当', '誤納返還', '返還（申請取下げ）']);
    expect(rows).toContainEqual(['2026-07', '12800', '3200', '0']);
  });

  it('per subcontractor: days and points charged for each company below the prime', async () => {
    const r = await prime().get(`/v1/contractors/${PRIME}/reports/subcontractors`, {
      fiscalYear: '2026',
      siteId: SITE,
    });
    expect(r.status).toBe(200);
    const firstA = companies[1]!;
    expect(r.json.rows.filter((x: { workMonth: string }) => x.workMonth === '2026-04')).toEqual([
      expect.objectContaining({
        firstTier: '一次A',
        company: '一次A',
        tier: 1,
        workers: 1,
        days: 5,
        points: 1_600,
      }),
      expect.objectContaining({ firstTier: '一次A', company: '二次', tier: 2, days: 5, points: 1_600 }),
      expect.objectContaining({ firstTier: '一次B', company: '一次B', tier: 1, days: 5, points: 1_600 }),
    ]);
    expect(firstA.name).toBe('一次A');
    const rows = csvOf(
      await prime().get(`/v1/contractors/${PRIME}/reports/subcontractors`, {
        fiscalYear: '2026',
        format: 'csv',
      }),
    );
    expect(rows).toContainEqual([
      SITE2,
      '2026-05',
      '一次A',
      '二次',
      companies[3]!.companyId,
      companies[3]!.contractorNo!,
      '2',
      '1',
      '5',
      '1600',
    ]);
  });

  it('the 収納書 record of a purchase names the 発注者 and the 工事; of stamps, the stamps', async () => {
    const r = await prime().get(`/v1/contractors/${PRIME}/purchases/PE-1/receipt`, { format: 'csv' });
    const rows = csvOf(r);
    expect(rows).toContainEqual(['発注者名', '○○県土木事務所']);
    expect(rows).toContainEqual(['工事名', '○○線道路改良工事']);
    expect(rows).toContainEqual(['金額（ポイント）', '207,360 円']);
    expect(rows).toContainEqual(['納付方法', 'pay-easy']);
    const s = await prime().get(`/v1/contractors/${PRIME}/purchases/ST-1/receipt`);
    expect(s.json).toMatchObject({
      kind: 'stamps',
      label: '証紙振替',
      points: 32_600,
      stamps: { handedInOn: '2026-06-30' },
    });
    expect(
      (await apiClient(user(OTHER, '管理者'), deps).get(`/v1/contractors/${PRIME}/purchases/PE-1/receipt`))
        .status,
    ).toBe(404);
    expect((await prime().get(`/v1/contractors/${PRIME}/purchases/PE-404/receipt`)).status).toBe(404);
  });

  it('R-PUBLIC40: once a purchase names the 工事, the sweep stops asking for it', async () => {
    const before = (await deps.outbox.pending(200)).filter(
      (m) => m.siteId === SITE && m.notice === 'public40-purchase',
    ).length;
    await public40Notices(deps, '2026-05-12');
    const after = (await deps.outbox.pending(200)).filter(
      (m) => m.siteId === SITE && m.notice === 'public40-purchase',
    ).length;
    expect(after).toBe(before);
    const c = await prime().get(`/v1/sites/${SITE}/contract`);
    expect(c.json.public40).toMatchObject({ bought: true, stage: null });
  });
});
