import { describe, expect, it } from 'vitest';
import { allowanceAt, allowanceTable, estimateAllowance } from '../../../domain/allowance.js';
import { ALLOWANCE_TABLES, type AllowanceTableId } from '../../../domain/config/allowance-tables.js';
import { DomainError } from '../../../domain/types.js';

const claim = { on: '2026-10-01', death: false };

// Seed 001 退職金額早見表 (also seed 003), every point.
const LEGACY: [number, number][] = [
  [12, 23_436],
  [18, 48_174],
  [23, 76_167],
  [24, 156_240],
  [36, 234_360],
  [48, 316_386],
  [60, 410_781],
  [72, 512_337],
  [84, 613_893],
  [96, 721_308],
  [108, 830_676],
  [120, 945_903],
  [180, 1_572_816],
  [240, 2_256_366],
  [300, 3_029_754],
  [360, 3_902_745],
  [420, 4_898_775],
  [480, 6_036_723],
];
// The current 320-yen table (spec R-ALLOWANCE).
const CURRENT: [number, number][] = [
  [12, 24_192],
  [24, 161_280],
  [36, 241_920],
  [60, 414_087],
  [120, 893_559],
  [240, 1_933_479],
  [480, 4_268_007],
];

describe('R-ALLOWANCE the published 早見表 as labelled estimates at the listed points only', () => {
  it('holds every point of the older 310-yen table of seeds 001/003 and no other', () => {
    expect(ALLOWANCE_TABLES['legacy-310'].points.map((p) => [p.months, p.yen])).toEqual(LEGACY);
    expect(ALLOWANCE_TABLES['legacy-310'].dailyRate).toBe(310);
  });

  it('holds every point of the current 320-yen table and no other', () => {
    expect(ALLOWANCE_TABLES['current-320'].points.map((p) => [p.months, p.yen])).toEqual(CURRENT);
    expect(ALLOWANCE_TABLES['current-320'].dailyRate).toBe(320);
  });

  it.each(LEGACY)(
    'legacy-310: %i months (= months × 21 days) → %i yen, labelled with its source',
    (months, yen) => {
      const e = estimateAllowance({ days: months * 21, claim, tableId: 'legacy-310' });
      expect(e).toMatchObject({ kind: 'table', months, yen, tableId: 'legacy-310' });
      expect(e.kind === 'table' && e.source).toContain('seed 001');
      expect(e.kind === 'table' && e.label).toContain('310円');
    },
  );

  it.each(CURRENT)('current-320 (the default): %i months → %i yen', (months, yen) => {
    const e = estimateAllowance({ days: months * 21, claim });
    expect(e).toMatchObject({ kind: 'table', months, yen, tableId: 'current-320' });
    expect(e.kind === 'table' && e.label).toContain('320円');
  });

  it('never interpolates: 18 months are listed in the legacy table but not in the current one', () => {
    expect(allowanceAt('legacy-310', 18)).toBe(48_174);
    expect(allowanceAt('current-320', 18)).toBeUndefined();
    expect(estimateAllowance({ days: 18 * 21, claim })).toEqual({
      kind: 'not-listed',
      months: 18,
      tableId: 'current-320',
      listedMonths: [12, 24, 36, 60, 120, 240, 480],
    });
    expect(estimateAllowance({ days: 500 * 21, claim, tableId: 'legacy-310' }).kind).toBe('not-listed');
  });

  it('reads the table at the rounded months (seed 003): 262 days → 12 months, 263 days → 13 (not listed)', () => {
    expect(estimateAllowance({ days: 262, claim })).toMatchObject({ kind: 'table', months: 12, yen: 24_192 });
    expect(estimateAllowance({ days: 263, claim })).toMatchObject({ kind: 'not-listed', months: 13 });
  });

  it('gives no allowance below 12 months (251 days), even though they round to 12 (R-ELIGIBLE)', () => {
    expect(estimateAllowance({ days: 251, claim })).toEqual({
      kind: 'none',
      reason: 'BELOW_MINIMUM',
      months: 11,
      requiredMonths: 12,
    });
    expect(estimateAllowance({ days: 0, claim }).kind).toBe('none');
  });

  it('gives none for 12–23 months when the claim event is on or before 2016-03-31 (24 months then)', () => {
    expect(estimateAllowance({ days: 252, claim: { on: '2016-03-31', death: false } })).toMatchObject({
      kind: 'none',
      requiredMonths: 24,
    });
  });

  it('pays the contributions (掛金相当額) on death with 12–23 months (seed 003)', () => {
    const death = { on: '2026-10-01', death: true };
    expect(estimateAllowance({ days: 252, claim: death, contributionsPaid: 80_640 })).toMatchObject({
      kind: 'contributions',
      months: 12,
      yen: 80_640,
    });
    expect(estimateAllowance({ days: 503, claim: death, contributionsPaid: 0 }).kind).toBe('contributions');
    expect(estimateAllowance({ days: 504, claim: death })).toMatchObject({ kind: 'table', yen: 161_280 });
  });

  it.each([undefined, -1, 1.5])('asks for contributionsPaid on such a death claim (got %s)', (paid) => {
    expect(() =>
      estimateAllowance({ days: 300, claim: { on: '2026-10-01', death: true }, contributionsPaid: paid }),
    ).toThrow(/掛金相当額/);
  });

  it('refuses an unknown table', () => {
    expect(() => allowanceTable('nope' as AllowanceTableId)).toThrow(DomainError);
    expect(() => allowanceTable('nope' as AllowanceTableId)).toThrow(/no 早見表 with id nope/);
  });

  it('tables are ordered by months with growing amounts', () => {
    for (const t of Object.values(ALLOWANCE_TABLES)) {
      for (let i = 1; i < t.points.length; i++) {
        expect(t.points[i]!.months).toBeGreaterThan(t.points[i - 1]!.months);
        expect(t.points[i]!.yen).toBeGreaterThan(t.points[i - 1]!.yen);
      }
    }
  });
});
