import { describe, expect, it } from 'vitest';
import { adjustLine } from '../../../functions/shared/use-cases/adjust-line.js';
import { apply } from '../../../functions/shared/use-cases/apply-for-charge.js';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../../functions/shared/use-cases/errors.js';
import { chainAccess, M, peopleDeps, primeAccess } from './people.js';
import { imported } from './support.js';

/** The prime's own worker: 10 days in 2026-10 (1st to 10th). */
const YAMADA = { workerId: '41000000000001', employerCompanyId: '10000000000001' };

describe('adjustLine (就労日数の調整 — 保存する)', () => {
  it('R-RATE: days down without dates drop the latest dates; the line is priced again', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const before = (
      await deps.imports.lines(M.siteId, M.workMonth, (await primeAccess(deps)).imp!.importId)
    ).find((l) => l.workerId === YAMADA.workerId)!;

    const r = await adjustLine(deps, await primeAccess(deps), {
      ...M,
      by: 'u-prime',
      line: { ...YAMADA, days: 8, reason: '雨天中止' },
    });

    expect(r.line.days).toBe(8);
    expect(r.line.dates).toEqual(before.dates.slice(0, 8));
    expect(r.line.points).toBe((before.points / before.days) * 8);
    expect(r.line.adjustments.at(-1)).toMatchObject({ by: 'u-prime', reason: '雨天中止' });
  });

  it('days up need the complete dates of the month, as many as the days', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await primeAccess(deps);
    const input = { ...M, by: 'u-prime' };

    await expect(
      adjustLine(deps, access, { ...input, line: { ...YAMADA, days: 11, reason: '追加' } }),
    ).rejects.toThrow(new InvalidInput('日数を増やすときは就労日（dates）を指定してください'));
    await expect(
      adjustLine(deps, access, {
        ...input,
        line: { ...YAMADA, days: 1, reason: 'x', dates: ['2026-11-01'] },
      }),
    ).rejects.toThrow('就労日は 2026-10 の日付にしてください');
    await expect(
      adjustLine(deps, access, {
        ...input,
        line: { ...YAMADA, days: 2, reason: 'x', dates: ['2026-10-01', '2026-10-01'] },
      }),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it('a line the month does not have is not found', async () => {
    const deps = await peopleDeps();
    await imported(deps);

    await expect(
      adjustLine(deps, await primeAccess(deps), {
        ...M,
        by: 'u-prime',
        line: { workerId: '49999999999999', employerCompanyId: '10000000000001', days: 1, reason: 'x' },
      }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('lines stay as applied while an application covers them (Conflict after 申請)', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await apply(deps, M.siteId, M.workMonth, 'u-prime');

    const e = await adjustLine(deps, await primeAccess(deps), {
      ...M,
      by: 'u-prime',
      line: { ...YAMADA, days: 8, reason: 'x' },
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).toBe('掛金充当の申請中は就労実績を変更できません（差戻し後に変更してください）');
  });

  it("R-FIRST-TIER: a 一次 adjusts its own chain only, not the prime's workers", async () => {
    const deps = await peopleDeps();
    await imported(deps);

    await expect(
      adjustLine(deps, await chainAccess(deps, '2000000001'), {
        ...M,
        by: 'u-sato',
        line: { ...YAMADA, days: 8, reason: 'x' },
      }),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
