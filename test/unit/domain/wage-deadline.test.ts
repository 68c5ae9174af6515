import { describe, expect, it } from 'vitest';
import { workMonthDeadline } from '../../../domain/calendar.js';
import { planWait } from '../../../domain/reminders.js';
import { DomainError } from '../../../domain/types.js';

describe('R-DEADLINE follows the 賃金支払日 (約款 第11条1 「賃金を支払う期日の属する月の翌末日まで」)', () => {
  it.each([
    ['2026-10', undefined, '2026-11-30'],
    ['2026-10', 'same-month', '2026-11-30'],
    ['2026-10', 'next-month', '2026-12-31'],
    ['2026-11', 'next-month', '2027-01-31'],
    ['2026-12', 'next-month', '2027-02-28'],
    ['2027-12', 'next-month', '2028-02-29'],
  ] as const)('work month %s, wages paid %s → due %s', (workMonth, wagePayment, due) => {
    expect(workMonthDeadline(workMonth, wagePayment)).toBe(due);
  });

  it('refuses a bad work month', () => {
    expect(() => workMonthDeadline('2026-13', 'next-month')).toThrow(DomainError);
  });
});

describe('R-DEADLINE reminders and overdue notices move with the 賃金支払日', () => {
  const at = (iso: string) => new Date(iso);
  it('翌月払い: on 2026-12-01 a wait of work month 2026-10 is still a request (due 2026-12-31)', () => {
    const p = planWait('2026-10', at('2026-12-01T00:00:00+09:00'), Number.POSITIVE_INFINITY, 'next-month');
    // The reminder goes out 7 days before the deadline: 2026-12-24 00:00 JST.
    expect(p).toEqual({ notice: 'request', dueOn: '2026-12-31', timeoutSeconds: 23 * 86_400 });
  });
  it('翌月払い: reminds from 2026-12-24 and calls overdue from 2027-01-01', () => {
    const remind = planWait('2026-10', at('2026-12-24T00:00:00+09:00'), Infinity, 'next-month');
    expect(remind).toEqual({ notice: 'reminder', dueOn: '2026-12-31', timeoutSeconds: 8 * 86_400 });
    const overdue = planWait('2026-10', at('2027-01-01T00:00:00+09:00'), Infinity, 'next-month');
    expect(overdue).toMatchObject({ notice: 'overdue', dueOn: '2026-12-31' });
  });
  it('without the setting the work month is the wage month, as before: overdue on 2026-12-01', () => {
    expect(planWait('2026-10', at('2026-12-01T00:00:00+09:00'))).toMatchObject({
      notice: 'overdue',
      dueOn: '2026-11-30',
    });
  });
});
