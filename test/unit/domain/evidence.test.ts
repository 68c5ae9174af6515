import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { isBusinessDay, public40SubmitBy } from '../../../domain/business-days.js';
import { addDays, public40Deadline } from '../../../domain/calendar.js';
import {
  balanceAt,
  chargeOf,
  contractEstimate,
  estimateGap,
  fiscalPeriod,
  japanDateOf,
  ledgerBook,
  public40Status,
  type SiteContract,
  siteLedger,
  stampPoints,
} from '../../../domain/evidence.js';
import { applyEntry, type EntryKind, type LedgerEntry } from '../../../domain/ledger.js';
import { DomainError } from '../../../domain/types.js';
import { reportCsv, reportHtml } from '../../../functions/shared/reports/render.js';

const faq: SiteContract = {
  workName: '○○線道路改良工事',
  orderer: { kind: 'public', name: '○○県' },
  contractAmount: 50_000_000,
  contractOn: '2026-04-01',
  workType: '土木・舗装',
  ratePerMille: '2.9',
  enrolmentPercent: '100',
};

describe('R-PURCHASE estimate of a 工事 from its contract facts', () => {
  it('FAQ example at 310 yen (a contract while 310 was in force): 207,142 yen → 669 units', () => {
    expect(contractEstimate({ ...faq, contractOn: '2018-06-01' })).toEqual({
      amount: 207_142,
      units: 669,
      dailyRate: 310,
      points: 669 * 310,
      basis: 50_000_000,
      rateOn: '2018-06-01',
    });
  });

  it('same contract at 320 yen (today’s rate): 207,142 yen → 648 units', () => {
    expect(contractEstimate(faq)).toMatchObject({
      amount: 207_142,
      units: 648,
      dailyRate: 320,
      points: 207_360,
    });
  });

  it('a JV member estimates on its share of the 請負金額 (60 % → 30,000,000 yen)', () => {
    expect(contractEstimate({ ...faq, jvSharePercent: '60' })).toMatchObject({
      basis: 30_000_000,
      amount: 124_285,
    });
    expect(contractEstimate({ ...faq, jvSharePercent: '33.33' }).basis).toBe(16_665_000);
    expect(() => contractEstimate({ ...faq, jvSharePercent: '0' })).toThrow(/出資比率/);
  });

  it('the gap is what the estimate still lacks, never negative', () => {
    expect(estimateGap({ points: 207_360 }, 200_000)).toBe(7_360);
    expect(estimateGap({ points: 207_360 }, 300_000)).toBe(0);
  });
});

describe('R-PUBLIC40 the 40-day date and the submit-by day around holidays', () => {
  it.each([
    // 40th day on みどりの日 (Mon) after a weekend: hand in on Friday 1 May.
    ['2026-03-25', '2026-05-04', '2026-05-01'],
    // 40th day on 成人の日 2027 (Mon 11 Jan).
    ['2026-12-02', '2027-01-11', '2027-01-08'],
    // 40th day inside 年末年始 (12/29–1/3).
    ['2026-11-20', '2026-12-30', '2026-12-28'],
    // 40th day on a Sunday.
    ['2026-12-01', '2027-01-10', '2027-01-08'],
    // 40th day a business day: unchanged.
    ['2026-04-01', '2026-05-11', '2026-05-11'],
  ])('contract %s → 40th day %s → hand in by %s', (contractOn, due, submitBy) => {
    expect(public40Deadline(contractOn)).toBe(due);
    expect(public40SubmitBy(contractOn)).toBe(submitBy);
  });

  it('the submit-by day is the last business day on or before the 40th day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), (offset) => {
        const contractOn = addDays('2020-01-01', offset);
        const due = public40Deadline(contractOn);
        const by = public40SubmitBy(contractOn);
        expect(by <= due).toBe(true);
        expect(isBusinessDay(by)).toBe(true);
        for (let d = addDays(by, 1); d <= due; d = addDays(d, 1)) expect(isBusinessDay(d)).toBe(false);
      }),
    );
  });

  it('stages: request, reminder in the last 7 days, overdue after; none once bought or for a private work', () => {
    expect(public40Status(faq, false, '2026-04-02')).toMatchObject({
      stage: 'request',
      submitBy: '2026-05-11',
    });
    expect(public40Status(faq, false, '2026-05-04')).toMatchObject({ stage: 'reminder', daysLeft: 7 });
    expect(public40Status(faq, false, '2026-05-12')).toMatchObject({ stage: 'overdue', daysLeft: -1 });
    expect(public40Status(faq, true, '2026-05-12')).toMatchObject({ stage: null, bought: true });
    expect(
      public40Status({ ...faq, orderer: { kind: 'private', name: '民間' } }, false, '2026-05-12'),
    ).toEqual({
      applies: false,
    });
  });
});

describe('R-STAMPS stamps handed in become points at their face value (第12条4)', () => {
  it('counts colour, kind and daily rate', () => {
    expect(
      stampPoints({
        handedInOn: '2026-07-01',
        lots: [
          { colour: 'red', daysPerStamp: 10, dailyRate: 310, count: 10 },
          { colour: 'blue', daysPerStamp: 1, dailyRate: 320, count: 5 },
        ],
      }),
    ).toBe(31_000 + 1_600);
  });

  it('refuses a rate no stamp was issued at, and an empty hand-in, in Japanese', () => {
    const bad = {
      handedInOn: '2026-07-01',
      lots: [{ colour: 'red' as const, daysPerStamp: 1 as const, dailyRate: 315, count: 1 }],
    };
    expect(() => stampPoints(bad)).toThrow(DomainError);
    expect(() => stampPoints(bad)).toThrow(/額面/);
    expect(() => stampPoints({ handedInOn: '2026-07-01', lots: [] })).toThrow(/1行以上/);
  });
});

describe('決算期 and the 受払簿 (R-POINT: the book is the ledger)', () => {
  it('a fiscal year from its start month', () => {
    expect(fiscalPeriod(2026, 4)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(fiscalPeriod(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(fiscalPeriod(2027, 3)).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(() => fiscalPeriod(2026, 13)).toThrow(/開始月/);
  });

  it('a debit names its site and month', () => {
    expect(chargeOf('8100000001:2026-07')).toEqual({ siteId: '8100000001', workMonth: '2026-07', no: 1 });
    expect(chargeOf('8100000001:2026-07:2')).toMatchObject({ no: 2 });
    expect(chargeOf('PE-1')).toBeUndefined();
  });

  const KINDS: EntryKind[] = ['purchase', 'debit', 'exemption-refund', 'mispaid-return', 'rebate', 'stamps'];
  /** A valid ledger: a chain built with the ledger's own rule (a short debit is not written). */
  const ledgerArb = fc
    .array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        amount: fc.integer({ min: 1, max: 500_000 }),
        gapMinutes: fc.integer({ min: 0, max: 60 * 24 * 40 }),
        site: fc.constantFrom('8100000001', '8100000002'),
      }),
      { maxLength: 60 },
    )
    .map((steps) => {
      const entries: LedgerEntry[] = [];
      let balance = 0;
      let t = Date.parse('2025-12-31T14:30:00.000Z');
      for (const s of steps) {
        t += s.gapMinutes * 60_000;
        const a = applyEntry(balance, s.kind, s.amount);
        if (a.status !== 'applied') continue;
        balance = a.balanceAfter;
        entries.push({
          contractorNo: '1000000001',
          pointKind: 'regular',
          kind: s.kind,
          refId:
            s.kind === 'purchase' ? `PE-${entries.length}` : `${s.site}:2026-0${(entries.length % 9) + 1}`,
          amount: s.amount,
          balanceBefore: a.balanceBefore,
          balanceAfter: a.balanceAfter,
          seq: entries.length + 1,
          at: new Date(t).toISOString(),
          ...(s.kind === 'purchase' ? { siteId: s.site } : {}),
        });
      }
      return entries;
    });

  it('closing balance = the ledger’s balance at the period’s end, opening = at the day before, for random ledgers', () => {
    fc.assert(
      fc.property(
        ledgerArb,
        fc.integer({ min: 2026, max: 2027 }),
        fc.integer({ min: 1, max: 12 }),
        (entries, year, start) => {
          const { from, to } = fiscalPeriod(year, start);
          const book = ledgerBook(entries, from, to);
          expect(book.opening).toBe(balanceAt(entries, addDays(from, -1)));
          expect(book.closing).toBe(balanceAt(entries, to));
          // Every line's running balance chains; the last one is the closing balance.
          let running = book.opening;
          for (const l of book.lines) {
            running += l.received - l.paid;
            expect(l.balance).toBe(running);
          }
          expect(running).toBe(book.closing);
          // When the ledger's last entry is inside or before the period, closing is the stored balance.
          const last = entries.at(-1);
          if (last && japanDateOf(last.at) <= to) expect(book.closing).toBe(last.balanceAfter);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('per 工事: purchases named for it, charges and returns by month', () => {
    fc.assert(
      fc.property(ledgerArb, (entries) => {
        const a = siteLedger(entries, '8100000001');
        const b = siteLedger(entries, '8100000002');
        const named = entries.filter((e) => e.kind === 'purchase').reduce((s, e) => s + e.amount, 0);
        expect(a.bought + b.bought).toBe(named);
        const debits = entries.filter((e) => e.kind === 'debit').reduce((s, e) => s + e.amount, 0);
        expect(a.charged + b.charged).toBe(debits);
      }),
    );
  });
});

/** What Excel does with a .csv: a UTF-8 BOM means UTF-8; anything else is read as the code page (CP932). */
function readLikeExcel(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('shift_jis').decode(bytes);
}

describe('report files', () => {
  const report = {
    title: '共済証紙受払簿（退職金ポイント）',
    meta: [['共済契約者', '髙橋建設㈱（1000000001）']] as [string, string][],
    tables: [
      {
        head: ['日付', '区分', '工事名', '受入', '払出'],
        rows: [
          ['2026-04-10', '購入', '𠮷野川「1,000㎡」橋梁補修', 207_360, null],
          ['2026-09-10', '誤納返還', '=SUM(A1)', 3_200, null],
        ],
      },
    ],
  };

  it('the CSV opens with Japanese intact when read as Excel reads it (BOM → UTF-8)', () => {
    const bytes = reportCsv(report);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(readLikeExcel(bytes), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['共済証紙受払簿（退職金ポイント）']);
    expect(rows[1]).toEqual(['共済契約者', '髙橋建設㈱（1000000001）']);
    expect(rows[2]).toEqual(['日付', '区分', '工事名', '受入', '払出']);
    expect(rows[3]).toEqual(['2026-04-10', '購入', '𠮷野川「1,000㎡」橋梁補修', '207360', '']);
    // A formula-looking cell stays text.
    expect(rows[4]![2]).toBe("'=SUM(A1)");
  });

  it('without the BOM the same bytes would be read as CP932 and garbled (why the BOM is there)', () => {
    const bytes = reportCsv(report).subarray(3);
    expect(readLikeExcel(bytes)).not.toContain('共済証紙受払簿');
  });

  it('the printable page escapes what it shows', () => {
    const html = reportHtml({ ...report, title: '<script>' });
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('207,360');
    expect(html).toContain('@page');
  });
});
