import { describe, expect, it } from 'vitest';
import {
  type CcusRow,
  createImportAggregator,
  createInMemoryRegistry,
  type ImportResult,
  type RegistryData,
  validateImport,
  WORKER_MISSING_MESSAGE,
  WORKER_NAME_MESSAGE,
} from '../../../../domain/import/index.js';
import { DomainError } from '../../../../domain/types.js';
import { baseData, contractor, daysOf, member, PRIME, row, SITE } from './helpers.js';

const FIRST_A = '20000000000001';
const FIRST_B = '20000000000002';
const SECOND = '30000000000001';
const W2 = '42000000000001';

/** The site's prime in these tests (the 元請 PRIME's 共済契約者番号): whose corrections apply. */
const PRIME_NO = '1000000001';
const OTHER_PRIME_NO = '3000000001';
const run = (rows: CcusRow[], data: Partial<RegistryData> = {}, prime = PRIME_NO): ImportResult =>
  validateImport(rows, createInMemoryRegistry(baseData(data), { primeContractorNo: prime }));
/** 事業者取込方法選択 / 技能者情報編集 made by `prime` (default: this site's prime). */
const companyFix = (companyId: string, contractorNo: string, prime = PRIME_NO) => ({
  companyCorrections: [{ primeContractorNo: prime, companyId, contractorNo }],
});
const workerFix = (workerId: string, memberNo: string, prime = PRIME_NO) => ({
  workerCorrections: [{ primeContractorNo: prime, workerId, memberNo }],
});
const codes = (r: ImportResult) => r.flags.map((f) => [f.code, f.companyId ?? f.workerId]);

/** A 一次 worker (佐藤) on FIRST_A. */
const firstTierRow = (over: Partial<CcusRow> = {}) =>
  row({
    firstTierCompanyId: FIRST_A,
    employerCompanyId: FIRST_A,
    employerName: '佐藤工業株式会社',
    tier: 1,
    contractorNo: '2000000001',
    workerId: W2,
    workerKanaFamily: 'サトウ',
    workerKanaGiven: 'ジロウ',
    memberNo: '5000000002',
    ...over,
  });
/** A 二次 worker on SECOND under the given 一次. */
const secondTierRow = (firstTier: string, over: Partial<CcusRow> = {}) =>
  row({
    firstTierCompanyId: firstTier,
    employerCompanyId: SECOND,
    employerName: '高橋塗装',
    tier: 2,
    contractorNo: '3000000001',
    workerId: '43000000000001',
    workerKanaFamily: 'タカハシ',
    workerKanaGiven: 'シロウ',
    memberNo: '5000000004',
    ...over,
  });
const withTakahashi = (over: Partial<RegistryData> = {}): Partial<RegistryData> => ({
  members: [member('5000000001', 'ヤマダ', 'イチロウ'), member('5000000004', 'タカハシ', 'シロウ')],
  ...over,
});

describe('a clean import', () => {
  it('is 予約可能 with no flags and carries the header of the first row', () => {
    const r = run([row()]);
    expect(r).toMatchObject({
      siteId: SITE,
      siteName: '○○ビル新築工事',
      workMonth: '2026-10',
      outputMethod: '元請一括',
      primeCompanyId: PRIME,
      status: '予約可能',
      flags: [],
    });
    expect(r.companies).toEqual([
      {
        companyId: PRIME,
        name: '山田建設株式会社',
        tier: 0,
        firstTierCompanyIds: [],
        attachedFirstTierCompanyId: null,
        contractorNo: '1000000001',
        contractorNoSource: 'file',
      },
    ]);
    expect(r.lines[0]?.memberNoSource).toBe('file');
  });
});

describe('F-COMPANY 事業者取込方法選択', () => {
  const noNumber = [
    firstTierRow({ contractorNo: null }),
    firstTierRow({ contractorNo: null, workDate: '2026-10-02' }),
  ];

  it('F-COMPANY: a company without 共済契約者番号 is flagged once, with its 事業者ID and the manual label', () => {
    const r = run(noNumber);
    expect(r.status).toBe('要修正');
    expect(r.flags).toHaveLength(1);
    expect(r.flags[0]).toMatchObject({ code: 'F-COMPANY', companyId: FIRST_A });
    expect(r.flags[0]).not.toHaveProperty('workerId');
    expect(r.flags[0]?.message).toContain('事業者取込方法選択');
    expect(r.flags[0]?.message).toContain(FIRST_A);
    expect(r.companies.find((c) => c.companyId === FIRST_A)?.contractorNo).toBeNull();
  });

  it("F-COMPANY: resolved by the prime's mapping registered afterwards (事後登録), which the chain then carries", () => {
    const r = run(noNumber, companyFix(FIRST_A, '2000000001'));
    expect(r.status).toBe('予約可能');
    expect(r.companies.find((c) => c.companyId === FIRST_A)).toMatchObject({
      contractorNo: '2000000001',
      contractorNoSource: 'correction',
    });
  });

  it('F-COMPANY: resolved by the number the registry holds for the 事業者ID', () => {
    const r = run(noNumber, { companyMappings: [{ companyId: FIRST_A, contractorNo: '2000000001' }] });
    expect(r.status).toBe('予約可能');
    expect(r.companies.find((c) => c.companyId === FIRST_A)?.contractorNoSource).toBe('registry');
  });

  it("R-MAPPING-SCOPE: prime A's mapping does not reach prime B's file for B's site", () => {
    // A (OTHER_PRIME_NO) mapped FIRST_A on its own site; B's file names FIRST_A without a number.
    const r = run(noNumber, companyFix(FIRST_A, OTHER_PRIME_NO, OTHER_PRIME_NO));
    expect(codes(r)).toEqual([['F-COMPANY', FIRST_A]]);
    expect(r.companies.find((c) => c.companyId === FIRST_A)?.contractorNo).toBeNull();
    // The same mapping applies on A's own site.
    const own = run(noNumber, companyFix(FIRST_A, '2000000001', OTHER_PRIME_NO), OTHER_PRIME_NO);
    expect(own.flags).toEqual([]);
  });

  it("R-MAPPING-SCOPE: the registry's number beats the prime's mapping", () => {
    const r = run(noNumber, {
      companyMappings: [{ companyId: FIRST_A, contractorNo: '2000000001' }],
      ...companyFix(FIRST_A, OTHER_PRIME_NO),
    });
    expect(r.companies.find((c) => c.companyId === FIRST_A)).toMatchObject({
      contractorNo: '2000000001',
      contractorNoSource: 'registry',
    });
  });

  it('F-COMPANY: the prime (tier 0) is checked the same way', () => {
    expect(codes(run([row({ contractorNo: null })]))).toEqual([['F-COMPANY', PRIME]]);
  });

  it('F-COMPANY: a number taken from a later row of the same company is enough', () => {
    expect(
      run([firstTierRow({ contractorNo: null }), firstTierRow({ workDate: '2026-10-02' })]).flags,
    ).toEqual([]);
  });

  it('F-COMPANY: two different numbers for one 事業者ID in one file are not trusted; a mapping settles it', () => {
    const rows = [firstTierRow(), firstTierRow({ contractorNo: '2000000009', workDate: '2026-10-02' })];
    const r = run(rows);
    expect(codes(r)).toEqual([['F-COMPANY', FIRST_A]]);
    expect(r.flags[0]?.message).toContain('一致しません');
    // Neither number is carried into the chain while unsettled.
    expect(r.companies.find((c) => c.companyId === FIRST_A)?.contractorNo).toBeNull();
    expect(run(rows, companyFix(FIRST_A, '2000000001')).flags).toEqual([]);
  });
});

describe('F-CONTRACTOR-UNKNOWN 共済契約者番号 not a known active contract', () => {
  it('F-CONTRACTOR-UNKNOWN: the file number is not in the registry', () => {
    const r = run([firstTierRow({ contractorNo: '2999999999' })]);
    expect(codes(r)).toEqual([['F-CONTRACTOR-UNKNOWN', FIRST_A]]);
    expect(r.flags[0]?.message).not.toContain('2999999999');
  });

  it('F-CONTRACTOR-UNKNOWN: the contract exists but is not active', () => {
    const data = { contractors: [contractor('1000000001'), contractor('2000000001', false)] };
    expect(codes(run([firstTierRow()], data))).toEqual([['F-CONTRACTOR-UNKNOWN', FIRST_A]]);
  });

  it('F-CONTRACTOR-UNKNOWN: the prime is checked the same way', () => {
    expect(codes(run([row({ contractorNo: '1999999999' })]))).toEqual([['F-CONTRACTOR-UNKNOWN', PRIME]]);
  });

  it("R-MAPPING-SCOPE: the file's number beats a mapping and a registry number; the fix is in CCUS", () => {
    const rows = [firstTierRow({ contractorNo: '2999999999' })];
    const r = run(rows, {
      companyMappings: [{ companyId: FIRST_A, contractorNo: '2000000001' }],
      ...companyFix(FIRST_A, '2000000001'),
    });
    expect(codes(r)).toEqual([['F-CONTRACTOR-UNKNOWN', FIRST_A]]);
    expect(r.companies.find((c) => c.companyId === FIRST_A)).toMatchObject({
      contractorNo: '2999999999',
      contractorNoSource: 'file',
    });
    expect(r.flags[0]?.message).toContain('CCUS の事業者情報');
  });

  it('R-MAPPING-SCOPE: a valid file number is kept whatever another prime mapped', () => {
    const r = run([firstTierRow()], companyFix(FIRST_A, OTHER_PRIME_NO, OTHER_PRIME_NO));
    expect(r.flags).toEqual([]);
    expect(r.companies.find((c) => c.companyId === FIRST_A)?.contractorNo).toBe('2000000001');
  });

  it('F-CONTRACTOR-UNKNOWN: a mapped number is checked too, and may be mapped again', () => {
    const r = run([firstTierRow({ contractorNo: null })], companyFix(FIRST_A, '2888888888'));
    expect(codes(r)).toEqual([['F-CONTRACTOR-UNKNOWN', FIRST_A]]);
    expect(r.flags[0]?.message).toContain('事業者取込方法選択で共済契約者を選択してください');
  });
});

describe('F-MULTI-PRIME 同現場複数一次', () => {
  const rows = [
    firstTierRow(),
    firstTierRow({ employerCompanyId: FIRST_B, firstTierCompanyId: FIRST_B, workerId: '42000000000009' }),
    secondTierRow(FIRST_B),
    secondTierRow(FIRST_A, { workDate: '2026-10-02' }),
  ];
  const data = withTakahashi({
    members: [member('5000000004', 'タカハシ', 'シロウ'), member('5000000002', 'サトウ', 'ジロウ')],
    contractors: [contractor('2000000001'), contractor('3000000001')],
  });

  it('F-MULTI-PRIME: a 二次 under two 一次 is flagged and attached to none', () => {
    const r = run(rows, data);
    expect(codes(r)).toEqual([['F-MULTI-PRIME', SECOND]]);
    expect(r.flags[0]?.message).toContain('同現場複数一次選択');
    expect(r.flags[0]?.message).toContain(FIRST_A);
    const second = r.companies.find((c) => c.companyId === SECOND);
    expect(second).toMatchObject({
      tier: 2,
      firstTierCompanyIds: [FIRST_A, FIRST_B],
      attachedFirstTierCompanyId: null,
    });
    const line = r.lines.find((l) => l.employerCompanyId === SECOND);
    expect(line).toMatchObject({ firstTierCompanyId: null, tier: 2, days: 2 });
  });

  it('F-MULTI-PRIME: resolved by 同現場複数一次選択 on this site, and the lines follow the choice', () => {
    const r = run(rows, {
      ...data,
      firstTierChoices: [{ siteId: SITE, companyId: SECOND, firstTierCompanyId: FIRST_B }],
    });
    expect(r.flags).toEqual([]);
    expect(r.companies.find((c) => c.companyId === SECOND)?.attachedFirstTierCompanyId).toBe(FIRST_B);
    expect(r.lines.find((l) => l.employerCompanyId === SECOND)?.firstTierCompanyId).toBe(FIRST_B);
  });

  it('F-MULTI-PRIME: a choice made on another site, or naming a 一次 not seen, does not silence it', () => {
    const other = { siteId: '9000000002', companyId: SECOND, firstTierCompanyId: FIRST_B };
    const stale = { siteId: SITE, companyId: SECOND, firstTierCompanyId: '20000000000077' };
    expect(codes(run(rows, { ...data, firstTierChoices: [other] }))).toEqual([['F-MULTI-PRIME', SECOND]]);
    expect(codes(run(rows, { ...data, firstTierChoices: [stale] }))).toEqual([['F-MULTI-PRIME', SECOND]]);
  });

  it('F-MULTI-PRIME: not raised for a 二次 under one 一次, which is attached to it', () => {
    const r = run(
      [secondTierRow(FIRST_A), secondTierRow(FIRST_A, { workDate: '2026-10-02' })],
      withTakahashi(),
    );
    expect(r.flags).toEqual([]);
    expect(r.lines[0]?.firstTierCompanyId).toBe(FIRST_A);
  });

  it('F-MULTI-PRIME: a 一次 is attached to itself even when it also works as a 二次 under another 一次', () => {
    const both = [
      secondTierRow(FIRST_B, { employerCompanyId: FIRST_A, contractorNo: '2000000001' }),
      firstTierRow({ firstTierCompanyId: '20000000000055', workDate: '2026-10-02' }),
    ];
    const r = run(
      both,
      withTakahashi({
        members: [member('5000000004', 'タカハシ', 'シロウ'), member('5000000002', 'サトウ', 'ジロウ')],
      }),
    );
    expect(r.flags).toEqual([]);
    expect(r.companies[0]).toMatchObject({
      companyId: FIRST_A,
      tier: 1,
      firstTierCompanyIds: [FIRST_A, FIRST_B],
      attachedFirstTierCompanyId: FIRST_A,
    });
  });

  it('F-MULTI-PRIME: a 二次 row without 一次 (cannot pass the reader) is ignored, not guessed', () => {
    const r = run(
      [secondTierRow(FIRST_A), secondTierRow(FIRST_A, { firstTierCompanyId: null })],
      withTakahashi(),
    );
    expect(r.companies[0]?.firstTierCompanyIds).toEqual([FIRST_A]);
  });
});

describe('F-WORKER-MISSING 技能者情報編集: 被共済者番号:未入力エラー', () => {
  const rows = daysOf({ memberNo: null }, [1, 2]);

  it('F-WORKER-MISSING: raised once per worker with the manual wording exactly', () => {
    const r = run(rows);
    expect(r.flags).toEqual([
      { code: 'F-WORKER-MISSING', workerId: '41000000000001', message: '被共済者番号:未入力エラー' },
    ]);
    expect(WORKER_MISSING_MESSAGE).toBe('被共済者番号:未入力エラー');
    expect(r.lines[0]?.memberNo).toBeNull();
  });

  it('F-WORKER-MISSING: resolved by the number entered afterwards, which the lines carry', () => {
    const r = run(rows, workerFix('41000000000001', '5000000001'));
    expect(r.flags).toEqual([]);
    expect(r.lines[0]).toMatchObject({ memberNo: '5000000001', memberNoSource: 'correction' });
  });

  it("R-MAPPING-SCOPE: a number entered by another prime does not reach this prime's file", () => {
    const r = run(rows, workerFix('41000000000001', '5000000001', OTHER_PRIME_NO));
    expect(codes(r)).toEqual([['F-WORKER-MISSING', '41000000000001']]);
    expect(r.lines[0]?.memberNo).toBeNull();
  });

  it('F-WORKER-MISSING: resolved by the number the registry holds for the 技能者ID, before a correction', () => {
    const r = run(rows, {
      workerMappings: [{ workerId: '41000000000001', memberNo: '5000000001' }],
      ...workerFix('41000000000001', '5000000002'),
    });
    expect(r.lines[0]).toMatchObject({ memberNo: '5000000001', memberNoSource: 'registry' });
  });

  it('F-WORKER-MISSING: a number on any row of the worker is enough', () => {
    expect(run([row({ memberNo: null }), row({ workDate: '2026-10-02' })]).flags).toEqual([]);
  });
});

describe('F-MEMBER-UNKNOWN 被共済者番号 not in the registry', () => {
  it('F-MEMBER-UNKNOWN: the file number is unknown; the message names the 技能者ID, never the number', () => {
    const r = run([row({ memberNo: '5999999999' })]);
    expect(codes(r)).toEqual([['F-MEMBER-UNKNOWN', '41000000000001']]);
    expect(r.flags[0]?.message).toContain('41000000000001');
    expect(r.flags[0]?.message).not.toContain('5999999999');
  });

  it("R-MAPPING-SCOPE: the file's number beats a mapping (事後登録 only where none is registered)", () => {
    const r = run([row({ memberNo: '5999999999' })], workerFix('41000000000001', '5000000001'));
    expect(codes(r)).toEqual([['F-MEMBER-UNKNOWN', '41000000000001']]);
    expect(r.lines[0]).toMatchObject({ memberNo: '5999999999', memberNoSource: 'file' });
    expect(r.flags[0]?.message).toContain('CCUS の技能者情報');
  });

  it('R-MAPPING-SCOPE: a valid file number is kept whatever was mapped', () => {
    const r = run([row()], workerFix('41000000000001', '5000000002'));
    expect(r.flags).toEqual([]);
    expect(r.lines[0]?.memberNo).toBe('5000000001');
  });

  it('F-MEMBER-UNKNOWN: a mapped number is checked too', () => {
    const r = run([row({ memberNo: null })], workerFix('41000000000001', '5888888888'));
    expect(codes(r)).toEqual([['F-MEMBER-UNKNOWN', '41000000000001']]);
    expect(r.flags[0]?.message).toContain('正しい被共済者番号を入力してください');
  });

  it('F-MEMBER-UNKNOWN: two numbers for one worker in one file are not trusted; a mapping settles it', () => {
    const rows = [row(), row({ memberNo: '5000000002', workDate: '2026-10-02' })];
    const r = run(rows);
    expect(codes(r)).toEqual([['F-MEMBER-UNKNOWN', '41000000000001']]);
    expect(r.flags[0]?.message).toContain('一致しません');
    expect(run(rows, workerFix('41000000000001', '5000000001')).flags).toEqual([]);
  });
});

describe('F-WORKER-NAME 技能者情報編集 (警告): CCUS カナ vs registered カナ', () => {
  const misnamed = [row({ workerKanaFamily: 'ヤマタ' })];

  it('F-WORKER-NAME: raised with the manual wording exactly, without the names', () => {
    const r = run(misnamed);
    expect(r.flags).toEqual([
      { code: 'F-WORKER-NAME', workerId: '41000000000001', message: WORKER_NAME_MESSAGE },
    ]);
    expect(WORKER_NAME_MESSAGE).toBe('建退共登録の被共済者情報の内容と異なります。');
  });

  it('F-WORKER-NAME: not raised for half-width, hiragana or spaced forms of the same reading', () => {
    const rows = [
      row({ workerKanaFamily: 'ﾔﾏﾀﾞ', workerKanaGiven: 'ｲﾁﾛｳ' }),
      row({ workerKanaFamily: 'やまだ', workerKanaGiven: 'いちろう', workDate: '2026-10-02' }),
      row({ workerKanaFamily: 'ヤマ　ダ ', workerKanaGiven: '　イチロウ', workDate: '2026-10-03' }),
    ];
    expect(run(rows).flags).toEqual([]);
  });

  it.each([
    ['given name only', { workerKanaGiven: 'イチロー' }],
    ['voicing mark', { workerKanaFamily: 'ヤマタ' }],
    ['small kana', { workerKanaGiven: 'イチョウ' }],
    [
      'same letters split differently between セイ and メイ',
      { workerKanaFamily: 'ヤマダイ', workerKanaGiven: 'チロウ' },
    ],
  ])('F-WORKER-NAME: raised for a real difference (%s)', (_what, over) => {
    expect(codes(run([row(over)]))).toEqual([['F-WORKER-NAME', '41000000000001']]);
  });

  it('F-WORKER-NAME: raised when any row of the worker carries a different name, even if the first matches', () => {
    const rows = [
      row(),
      row({ workerKanaFamily: 'ﾔﾏﾀﾞ', workDate: '2026-10-02' }),
      row({ workerKanaFamily: 'ヤマタ', workDate: '2026-10-03' }),
    ];
    expect(codes(run(rows))).toEqual([['F-WORKER-NAME', '41000000000001']]);
  });

  it('F-WORKER-NAME: name variants kept per worker are bounded; early variants still count', () => {
    const rows = [row(), row({ workerKanaFamily: 'ヤマタ', workDate: '2026-10-02' })];
    for (let i = 0; i < 20; i++)
      rows.push(row({ workerKanaGiven: `イチロウ${'ー'.repeat(i + 1)}`, workDate: '2026-10-03' }));
    rows.push(row({ workerKanaFamily: 'ヤマタ', workDate: '2026-10-04' }));
    const r = run(rows);
    expect(codes(r)).toEqual([['F-WORKER-NAME', '41000000000001']]);
    expect(r.lines[0]?.days).toBe(4);
  });

  it('F-WORKER-NAME: silenced by 強制取込 on this site (construction)', () => {
    expect(run(misnamed, { forcedImports: [{ siteId: SITE, workerId: '41000000000001' }] }).flags).toEqual(
      [],
    );
  });

  it('F-WORKER-NAME: 強制取込 on site A does NOT silence site B', () => {
    const onOtherSite = { forcedImports: [{ siteId: '9000000002', workerId: '41000000000001' }] };
    expect(codes(run(misnamed, onOtherSite))).toEqual([['F-WORKER-NAME', '41000000000001']]);
    const siteB = misnamed.map((r) => ({ ...r, siteId: '9000000002' }));
    expect(run(siteB, onOtherSite).flags).toEqual([]);
  });

  it('F-WORKER-NAME: 強制取込 of another worker does not silence this one', () => {
    expect(codes(run(misnamed, { forcedImports: [{ siteId: SITE, workerId: W2 }] }))).toEqual([
      ['F-WORKER-NAME', '41000000000001'],
    ]);
  });
});

describe('F-DOUBLE-EMPLOYER one worker under two employers on the same day', () => {
  const rows = [
    ...daysOf({}, [1, 2, 3]),
    ...daysOf(
      { employerCompanyId: FIRST_A, firstTierCompanyId: FIRST_A, tier: 1, contractorNo: '2000000001' },
      [3, 4],
    ),
  ];

  it('F-DOUBLE-EMPLOYER: flagged; each line still counts its own days, nothing merged silently', () => {
    const r = run(rows);
    expect(codes(r)).toEqual([['F-DOUBLE-EMPLOYER', '41000000000001']]);
    expect(r.status).toBe('要修正');
    expect(r.flags[0]?.message).toContain(FIRST_A);
    expect(r.lines.map((l) => [l.employerCompanyId, l.days])).toEqual([
      [PRIME, 3],
      [FIRST_A, 2],
    ]);
    expect(r.totals).toMatchObject({ workers: 1, days: 5 });
  });

  it('F-DOUBLE-EMPLOYER: silenced once reviewed for this site, month and worker only', () => {
    const reviewed = (siteId: string, workMonth: string) => ({
      reviewedDoubleEmployers: [{ siteId, workMonth, workerId: '41000000000001' }],
    });
    expect(run(rows, reviewed(SITE, '2026-10')).flags).toEqual([]);
    expect(codes(run(rows, reviewed(SITE, '2026-09')))).toEqual([['F-DOUBLE-EMPLOYER', '41000000000001']]);
    expect(codes(run(rows, reviewed('9000000002', '2026-10')))).toEqual([
      ['F-DOUBLE-EMPLOYER', '41000000000001'],
    ]);
  });

  it('F-DOUBLE-EMPLOYER: not raised for two employers on different days, nor a duplicate under one employer', () => {
    const ok = [
      ...daysOf({}, [1, 2, 2]),
      ...daysOf(
        { employerCompanyId: FIRST_A, firstTierCompanyId: FIRST_A, tier: 1, contractorNo: '2000000001' },
        [3, 3],
      ),
    ];
    const r = run(ok);
    expect(r.flags).toEqual([]);
    expect(r.lines.map((l) => l.days)).toEqual([2, 1]);
  });

  it('F-DOUBLE-EMPLOYER: also seen for dates outside the first row’s month', () => {
    const r = run([
      row(),
      row({ workDate: '2026-11-01' }),
      row({ workDate: '2026-11-01' }),
      row({
        employerCompanyId: FIRST_A,
        firstTierCompanyId: FIRST_A,
        tier: 1,
        contractorNo: '2000000001',
        workDate: '2026-11-01',
      }),
    ]);
    expect(codes(r)).toEqual([['F-DOUBLE-EMPLOYER', '41000000000001']]);
    expect(r.lines.map((l) => l.dates)).toEqual([['2026-10-01', '2026-11-01'], ['2026-11-01']]);
  });
});

describe('lines, days and points', () => {
  it('counts a duplicate date once and keeps dates ascending', () => {
    const r = run(daysOf({}, [5, 3, 5, 1, 3]));
    expect(r.lines[0]).toMatchObject({
      dates: ['2026-10-01', '2026-10-03', '2026-10-05'],
      days: 3,
      points: 960,
    });
    expect(r.totals).toEqual({ rows: 5, workers: 1, days: 3, points: 960 });
  });

  it('handles a month of 31 work dates (all bits of the day mask)', () => {
    const all = Array.from({ length: 31 }, (_, i) => i + 1);
    const r = run(daysOf({}, [...all].reverse()));
    expect(r.lines[0]?.days).toBe(31);
    expect(r.lines[0]?.dates[30]).toBe('2026-10-31');
    expect(r.lines[0]?.dates[0]).toBe('2026-10-01');
    expect(r.lines[0]).toMatchObject({ points: 31 * 320, rates: [{ dailyRate: 320, days: 31 }] });
  });

  it('R-RATE: prices each date at its own rate across a boundary (2021-09-30 at 310, 2021-10-01 at 320)', () => {
    const r = run([
      row({ workDate: '2021-10-01' }),
      row({ workDate: '2021-09-30' }),
      row({ workDate: '2021-09-30' }),
    ]);
    expect(r.lines[0]).toMatchObject({
      dates: ['2021-09-30', '2021-10-01'],
      days: 2,
      points: 630,
      rates: [
        { dailyRate: 310, days: 1 },
        { dailyRate: 320, days: 1 },
      ],
    });
    expect(r.totals.points).toBe(630);
  });

  it('sorts lines by workerId then employerCompanyId whatever the row order, and interleaving is fine', () => {
    const a = '41000000000001';
    const b = '41000000000002';
    const other = {
      employerCompanyId: FIRST_A,
      firstTierCompanyId: FIRST_A,
      tier: 1,
      contractorNo: '2000000001',
    };
    const r = run(
      [
        row({ workerId: b, memberNo: '5000000002', workerKanaFamily: 'サトウ', workerKanaGiven: 'ジロウ' }),
        row({ workerId: a, ...other }),
        row({ workerId: a, workDate: '2026-10-02' }),
        row({
          workerId: b,
          memberNo: '5000000002',
          workerKanaFamily: 'サトウ',
          workerKanaGiven: 'ジロウ',
          workDate: '2026-10-02',
        }),
        row({ workerId: a, ...other, workDate: '2026-10-03' }),
      ],
      {},
    );
    expect(r.lines.map((l) => [l.workerId, l.employerCompanyId, l.days])).toEqual([
      [a, PRIME, 1],
      [a, FIRST_A, 2],
      [b, PRIME, 2],
    ]);
    // totals.workers counts distinct 技能者ID: three lines, two workers.
    expect(r.totals).toEqual({ rows: 5, workers: 2, days: 5, points: 1600 });
    expect(r.companies.map((c) => c.companyId)).toEqual([PRIME, FIRST_A]);
  });
});

describe('flags together', () => {
  it('one flag per (code, subject), sorted by code then subject; messages never carry names or 被共済者番号', () => {
    const rows = [
      row({ workerId: '41000000000003', memberNo: null, workerKanaFamily: 'スズキ' }),
      row({ workerId: '41000000000002', memberNo: null }),
      row({ workerId: '41000000000002', memberNo: null, workDate: '2026-10-02' }),
      firstTierRow({ contractorNo: null, memberNo: '5000000002', workerKanaFamily: 'サトオ' }),
      row({ workerId: '41000000000004', memberNo: '5777777777' }),
    ];
    const r = run(rows);
    expect(codes(r)).toEqual([
      ['F-COMPANY', FIRST_A],
      ['F-MEMBER-UNKNOWN', '41000000000004'],
      ['F-WORKER-MISSING', '41000000000002'],
      ['F-WORKER-MISSING', '41000000000003'],
      ['F-WORKER-NAME', W2],
    ]);
    for (const f of r.flags) {
      expect(f.message).not.toMatch(/サトオ|サトウ|スズキ|ヤマダ|イチロウ|ジロウ|5\d{9}/u);
    }
  });
});

describe('streaming API', () => {
  it('0 rows: finish() throws EMPTY_IMPORT, needs() is empty', () => {
    const agg = createImportAggregator();
    expect(agg.needs()).toEqual({
      siteId: '',
      workMonth: '',
      contractorNos: [],
      memberNos: [],
      companyIds: [],
      workerIds: [],
    });
    expect(() => agg.finish(createInMemoryRegistry(baseData()))).toThrowError(DomainError);
    try {
      validateImport([], createInMemoryRegistry(baseData()));
    } catch (e) {
      expect((e as DomainError).code).toBe('EMPTY_IMPORT');
    }
    expect.assertions(3);
  });

  it('needs() lists each key once, sorted, and only the file’s numbers', () => {
    const agg = createImportAggregator();
    for (const r of [
      secondTierRow(FIRST_A),
      firstTierRow({ contractorNo: null }),
      firstTierRow({ workDate: '2026-10-02' }),
      row({ memberNo: null }),
      row({ workDate: '2026-10-02' }),
    ]) {
      agg.add(r);
    }
    expect(agg.needs()).toEqual({
      siteId: SITE,
      workMonth: '2026-10',
      contractorNos: ['1000000001', '2000000001', '3000000001'],
      memberNos: ['5000000001', '5000000002', '5000000004'],
      companyIds: [PRIME, FIRST_A, SECOND],
      workerIds: ['41000000000001', W2, '43000000000001'],
    });
  });

  it.each(['2026-10-00', '2026-10-32', '2026-10-1x', '2026-10-011'])(
    'rejects the malformed work date %s',
    (workDate) => {
      const agg = createImportAggregator();
      agg.add(row());
      expect(() => agg.add(row({ workDate }))).toThrowError(/not an ISO date/);
    },
  );

  it('keeps up with many rows: 2,000 workers × 31 days × 3 copies', () => {
    const agg = createImportAggregator();
    const base = row();
    const dates = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
    let n = 0;
    for (let w = 0; w < 2000; w++) {
      const workerId = String(41000000100000 + w);
      for (const workDate of dates)
        for (let k = 0; k < 3; k++) {
          agg.add({ ...base, workerId, workDate });
          n++;
        }
    }
    const registry = createInMemoryRegistry(baseData({ forcedImports: [] }));
    const r = agg.finish(registry);
    expect(r.totals).toEqual({ rows: n, workers: 2000, days: 2000 * 31, points: 2000 * 31 * 320 });
  });
});
