import { describe, expect, it } from 'vitest';
import { checkTermination } from '../../../domain/termination.js';
import { DomainError } from '../../../domain/types.js';

describe('第24条1一 termination when the unpaid share over the last n years reaches 1/n', () => {
  it('terminates on a year with nothing paid (1/1 of the last year)', () => {
    expect(checkTermination([{ due: 120_000, paid: 0 }])).toEqual({
      terminated: true,
      window: 1,
      windows: [{ years: 1, due: 120_000, unpaid: 120_000, reached: true }],
    });
  });

  it('half unpaid over 2 years reaches 1/2; one yen less does not', () => {
    const half = checkTermination([
      { due: 120, paid: 60 },
      { due: 120, paid: 60 },
    ]);
    expect(half).toMatchObject({ terminated: true, window: 2 });
    expect(
      checkTermination([
        { due: 120, paid: 61 },
        { due: 120, paid: 60 },
      ]).terminated,
    ).toBe(false);
  });

  it('a 1/6 shortfall every year terminates only on the 6-year window', () => {
    const r = checkTermination(Array.from({ length: 6 }, () => ({ due: 600, paid: 500 })));
    expect(r.windows.map((w) => w.reached)).toEqual([false, false, false, false, false, true]);
    expect(r).toMatchObject({ terminated: true, window: 6 });
  });

  it('judges only the windows the contract has: 1/6 unpaid in its only year is no termination', () => {
    expect(checkTermination([{ due: 600, paid: 500 }])).toMatchObject({ terminated: false });
  });

  it('looks back at most 6 years', () => {
    const r = checkTermination(Array.from({ length: 8 }, () => ({ due: 100, paid: 100 })));
    expect(r.windows).toHaveLength(6);
    expect(r.terminated).toBe(false);
  });

  it('leaves excused amounts (第24条2) out of both unpaid and due', () => {
    expect(checkTermination([{ due: 120, paid: 0, excused: 120 }])).toEqual({
      terminated: false,
      windows: [{ years: 1, due: 0, unpaid: 0, reached: false }],
    });
    expect(checkTermination([{ due: 120, paid: 0, excused: 20 }])).toMatchObject({
      terminated: true,
      window: 1,
    });
    expect(checkTermination([{ due: 120, paid: 20, excused: 20 }]).terminated).toBe(false);
  });

  it('does not let an overpaid year make up for an unpaid one', () => {
    const r = checkTermination([
      { due: 100, paid: 40 },
      { due: 100, paid: 200 },
    ]);
    expect(r.windows[1]).toEqual({ years: 2, due: 200, unpaid: 60, reached: false });
  });

  it('nothing given, nothing terminated', () => {
    expect(checkTermination([])).toEqual({ terminated: false, windows: [] });
  });

  it('refuses bad amounts and excuses beyond the unpaid', () => {
    expect(() => checkTermination([{ due: -1, paid: 0 }])).toThrow(DomainError);
    expect(() => checkTermination([{ due: 100, paid: 1.5 }])).toThrow(/years\[0\].paid/);
    expect(() => checkTermination([{ due: 100, paid: 90, excused: 11 }])).toThrow(/exceeds the unpaid 10/);
  });
});
