import { describe, expect, it } from 'vitest';
import { applicationIdOf } from '../../../domain/application.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { NotFound } from '../../../functions/shared/use-cases/errors.js';
import { type BookQuery, ledgerBookReport } from '../../../functions/shared/use-cases/ledger-book.js';
import { type PeopleDeps, peopleDeps } from './people.js';
import { appliedAndApproved, imported, MONTH, PRIME, SITE, V1 } from './support.js';

const OPENING = 1_000_000;
const Q: BookQuery = { pointKind: 'regular', format: 'json' };

async function buy(deps: PeopleDeps, paymentId: string, amount: number, at: string) {
  deps.clock.set(at);
  await deps.ledger.credit({
    contractorNo: PRIME,
    pointKind: 'regular',
    kind: 'purchase',
    refId: paymentId,
    amount,
  });
}

/** The fixture month charged: 16,000 points for 50 worker-days debited on the clock's day. */
async function charged(deps: PeopleDeps) {
  const { ids } = await imported(deps);
  await appliedAndApproved(deps, ids);
  await debitPoints(deps, ids);
}

type Book = {
  fiscalYear: number;
  from: string;
  to: string;
  opening: number;
  closing: number;
  totals: { received: number; paid: number };
  lines: {
    label: string;
    refId: string;
    received: number;
    paid: number;
    balance: number;
    siteId?: string;
    siteName: string | null;
    workMonth?: string;
    days: number | null;
  }[];
};
const data = (r: Awaited<ReturnType<typeof ledgerBookReport>>) => r.data as Book;

describe('ledgerBookReport (共済証紙受払簿)', () => {
  it('R-CHARGE: the 決算期 of today, each entry with its label, the charge with its 工事, month and days', async () => {
    const deps = await peopleDeps();
    await buy(deps, 'PE-1', 10_000, '2026-11-12T02:00:00.000Z');
    await charged(deps);

    const r = await ledgerBookReport(deps, PRIME, Q);
    const book = data(r);

    expect(book).toMatchObject({ fiscalYear: 2026, from: '2026-04-01', to: '2027-03-31', opening: 0 });
    expect(book.lines.map((l) => [l.label, l.received, l.paid, l.balance])).toEqual([
      ['移行時残高', OPENING, 0, OPENING],
      ['購入', 10_000, 0, OPENING + 10_000],
      ['掛金充当', 0, V1.points, OPENING + 10_000 - V1.points],
    ]);
    expect(book.lines[2]).toMatchObject({
      refId: applicationIdOf(SITE, MONTH),
      siteId: SITE,
      siteName: '○○ビル新築工事',
      workMonth: MONTH,
      days: V1.days,
    });
    expect(book.totals).toEqual({ received: OPENING + 10_000, paid: V1.points });
    expect(book.closing).toBe(await deps.ledger.balance(PRIME, 'regular'));
    expect(r.fileName).toBe(`ukeharaibo-${PRIME}-2026`);
  });

  it("R-LATE-DAYS: a 追加申請 keeps the first charge's days; each debit shows the days it charged", async () => {
    const deps = await peopleDeps();
    const first = await imported(deps);
    const app = await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    const late = await imported(deps, 'v2-one-more-day.csv');
    await appliedAndApproved(deps, late.ids, 320, { no: 2, follows: app.applicationId, days: 1 });
    await debitPoints(deps, late.ids);

    const debits = data(await ledgerBookReport(deps, PRIME, Q)).lines.filter((l) => l.label === '掛金充当');
    expect(debits.map((l) => [l.refId, l.paid, l.days])).toEqual([
      [applicationIdOf(SITE, MONTH), V1.points, V1.days],
      [applicationIdOf(SITE, MONTH, 2), 320, 1],
    ]);
  });

  it('a 決算期 carries the last one’s closing balance forward; entries fall in the Japan day they were made', async () => {
    const deps = await peopleDeps();
    // 2027-03-31 23:30 in Japan: still the 決算期 2026. 2027-04-01 00:30 in Japan: the next one.
    await buy(deps, 'PE-MAR', 1_000, '2027-03-31T14:30:00.000Z');
    await buy(deps, 'PE-APR', 2_000, '2027-03-31T15:30:00.000Z');

    const fy2026 = data(await ledgerBookReport(deps, PRIME, { ...Q, fiscalYear: 2026 }));
    const fy2027 = data(await ledgerBookReport(deps, PRIME, { ...Q, fiscalYear: 2027 }));
    const today = data(await ledgerBookReport(deps, PRIME, Q));

    expect(fy2026.lines.map((l) => l.refId)).toEqual(['opening-balance', 'PE-MAR']);
    expect(fy2026.closing).toBe(OPENING + 1_000);
    expect(fy2027).toMatchObject({ from: '2027-04-01', to: '2028-03-31', opening: fy2026.closing });
    expect(fy2027.lines.map((l) => l.refId)).toEqual(['PE-APR']);
    expect(fy2027.closing).toBe(OPENING + 3_000);
    // The clock stands in Japan's 2027-04-01: today's 決算期 is 2027.
    expect(today.fiscalYear).toBe(2027);
  });

  it('follows the contractor’s own 決算期 start month', async () => {
    const deps = await peopleDeps();
    const c = (await deps.registry.getContractor(PRIME))!;
    await deps.registry.putContractor({ ...c, fiscalYearStartMonth: 10 });
    await buy(deps, 'PE-SEP', 1_000, '2027-09-30T03:00:00.000Z');
    await buy(deps, 'PE-OCT', 2_000, '2027-10-01T03:00:00.000Z');

    const book = data(await ledgerBookReport(deps, PRIME, { ...Q, fiscalYear: 2026 }));

    expect(book).toMatchObject({ fiscalYearStartMonth: 10, from: '2026-10-01', to: '2027-09-30' });
    expect(book.lines.map((l) => l.refId)).toEqual(['opening-balance', 'PE-SEP']);
  });

  it('one kind of points per book: the special book leaves the regular entries out', async () => {
    const deps = await peopleDeps();
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'special',
      kind: 'purchase',
      refId: 'PE-S',
      amount: 5_000,
    });

    const r = await ledgerBookReport(deps, PRIME, { ...Q, pointKind: 'special' });

    expect(data(r).lines.map((l) => l.refId)).toEqual(['PE-S']);
    expect(data(r).closing).toBe(5_000);
    expect(r.report().title).toContain('特別退職金ポイント');
  });

  it('the table opens with 前期繰越 and closes with 次期繰越 and the totals', async () => {
    const deps = await peopleDeps();
    await charged(deps);

    const table = (await ledgerBookReport(deps, PRIME, Q)).report().tables[0]!;

    expect(table.rows[0]).toEqual(['2026-04-01', '前期繰越', null, null, null, null, null, null, null, 0]);
    expect(table.rows.at(-1)).toEqual([
      '2027-03-31',
      '次期繰越',
      null,
      null,
      null,
      null,
      null,
      OPENING,
      V1.points,
      OPENING - V1.points,
    ]);
    expect(table.rows).toHaveLength(4);
  });

  it('refuses an unknown contractor', async () => {
    const deps = await peopleDeps();

    await expect(ledgerBookReport(deps, '1999999999', Q)).rejects.toThrow(
      new NotFound('共済契約者が見つかりません'),
    );
  });
});
