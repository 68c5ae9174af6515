// What people read of a month: 取込結果 (month-view), 就労実績 (month-lines) and the 掛金納付状況 of a member.
import { describe, expect, it } from 'vitest';
import { NotFound } from '../../../functions/shared/use-cases/errors.js';
import { memberStatement } from '../../../functions/shared/use-cases/member-statement.js';
import { monthLines } from '../../../functions/shared/use-cases/month-lines.js';
import { monthView } from '../../../functions/shared/use-cases/month-view.js';
import { chainAccess, M, peopleDeps, primeAccess } from './people.js';
import { imported, PRIME, V1 } from './support.js';

describe('month reads', () => {
  it('shows the prime the whole month and a 一次 its own chain only', async () => {
    const deps = await peopleDeps();
    await imported(deps);

    const prime = await monthView(deps, await primeAccess(deps), M);
    const sato = await monthLines(deps, await chainAccess(deps, '2000000001'), M);

    expect(prime).toMatchObject({ relation: 'own', import: { status: '予約可能' } });
    expect(prime.counts).toMatchObject({ workers: V1.workers, days: V1.days, points: V1.points });
    expect(sato.lines.map((l) => l.workerId).sort()).toEqual([
      '42000000000001',
      '42000000000003',
      '43000000000001',
    ]);
  });

  it('a month without a file has no lines to show', async () => {
    const deps = await peopleDeps();
    await expect(monthLines(deps, await primeAccess(deps), M)).rejects.toThrow(
      new NotFound('この月の就業履歴はまだ取り込まれていません'),
    );
  });

  it('約款 第11条5: a member’s statement is for a contractor that employed it on a charged month only', async () => {
    const deps = await peopleDeps();
    expect(await memberStatement(deps, '5000000001', PRIME)).toBeUndefined();
    expect(await memberStatement(deps, '5000000001', undefined)).toBeUndefined();
  });
});
