import { describe, expect, it } from 'vitest';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { recordContributions } from '../../../functions/shared/use-cases/record-contributions.js';
import { appliedAndApproved, imported, MONTH, monthDeps, SITE } from './support.js';

describe('recordContributions', () => {
  it("第14条1: adds each member's charged days of the month once; a replay adds nothing", async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    const out = await recordContributions(deps, ids);
    const again = await recordContributions(deps, ids);

    expect(out).toMatchObject({ recorded: 5, alreadyRecorded: 0, skipped: 0 });
    expect(again).toMatchObject({ recorded: 0, alreadyRecorded: 5 });
    expect((await deps.registry.getMember('5000000001'))?.days).toBe(3000 + 10);
    expect(await deps.contributions.contributionsOf('5000000001')).toEqual([
      { workMonth: MONTH, siteId: SITE, employerCompanyId: '10000000000001', days: 10 },
    ]);
  });

  it('第15条 / R-MONTHS: a member crossing 12 months (252 days) is told once, named by id only', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps);
    const out = await recordContributions(deps, ids);
    await recordContributions(deps, ids);

    // 5000000002 had 240 days and works 12 more: 252 = 12 × 21.
    expect(out.milestoneNotices).toBe(1);
    const told = deps.outbox.messages().filter((m) => m.notice === 'member-milestone');
    expect(told).toEqual([expect.objectContaining({ to: 'member:5000000002', payload: { months: 12 } })]);
    expect(told[0]?.messageId).not.toContain('5000000002');
  });

  it('lines without a member are skipped, nothing recorded for them', async () => {
    const deps = await monthDeps();
    const { ids } = await imported(deps, 'non-member-subcontractor.csv');
    const out = await recordContributions(deps, ids);

    expect(out).toMatchObject({ recorded: 5, skipped: 1 });
  });

  it('R-LATE-DAYS: a later charge of the month moves the days by the difference, not again in full', async () => {
    const deps = await monthDeps();
    const first = await imported(deps);
    await appliedAndApproved(deps, first.ids);
    await debitPoints(deps, first.ids);
    await recordContributions(deps, first.ids);
    const daysBefore = await Promise.all(
      ['5000000001', '5000000002', '5000000003', '5000000004', '5000000005'].map(
        async (m) => (await deps.registry.getMember(m))?.days ?? 0,
      ),
    );
    const late = await imported(deps, 'v2-one-more-day.csv');
    const out = await recordContributions(deps, late.ids);
    const replay = await recordContributions(deps, late.ids);

    expect(out.recorded).toBe(1);
    expect(replay.recorded).toBe(0);
    const daysAfter = await Promise.all(
      ['5000000001', '5000000002', '5000000003', '5000000004', '5000000005'].map(
        async (m) => (await deps.registry.getMember(m))?.days ?? 0,
      ),
    );
    const moved = daysAfter.map((d, i) => d - (daysBefore[i] ?? 0));
    expect(moved.reduce((s, d) => s + d, 0)).toBe(1);
  });
});
