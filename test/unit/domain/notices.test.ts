import { describe, expect, it } from 'vitest';
import { milestonesCrossed } from '../../../domain/notices.js';
import { DomainError } from '../../../domain/types.js';

const months = (from: number, to: number) => milestonesCrossed(from, to).map((m) => m.months);

describe('第15条 notices: at 12 months and at every multiple of 60 months (literal reading)', () => {
  it('notifies 12 months when days reach 252', () => {
    expect(milestonesCrossed(251, 252)).toEqual([{ months: 12, days: 252, kind: 'reached-12' }]);
    expect(months(0, 300)).toEqual([12]);
    expect(months(252, 300)).toEqual([]);
  });

  it('notifies at 60, 120, … months (1,260 days each)', () => {
    expect(milestonesCrossed(1_259, 1_260)).toEqual([{ months: 60, days: 1_260, kind: 'every-60' }]);
    expect(months(0, 2_520)).toEqual([12, 60, 120]);
    expect(months(1_260, 2_519)).toEqual([]);
    expect(months(2_519, 10_080)).toEqual([120, 180, 240, 300, 360, 420, 480]);
  });

  it('does not notify at 72 months (12 + 60): 第15条 counts 60-month steps from zero', () => {
    expect(months(1_500, 1_512)).toEqual([]);
  });

  it('crosses nothing for 0 days, equal days or a correction downwards', () => {
    expect(months(0, 0)).toEqual([]);
    expect(months(300, 300)).toEqual([]);
    expect(months(300, 200)).toEqual([]);
  });

  it('refuses negative days', () => {
    expect(() => milestonesCrossed(-1, 5)).toThrow(DomainError);
    expect(() => milestonesCrossed(0, -5)).toThrow(/toDays/);
  });
});
