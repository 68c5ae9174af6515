import { describe, expect, it } from 'vitest';
import { myTasks } from '../../../functions/shared/use-cases/my-tasks.js';
import { peopleDeps, waiting } from './people.js';
import { imported, MONTH, PRIME, SITE } from './support.js';

describe('myTasks (自分の作業一覧)', () => {
  it('lists an open wait the user may act on, with the manual’s words and its deadline', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await waiting(deps, 'Application');
    deps.clock.set('2026-12-02T01:00:00.000Z');

    const r = await myTasks(deps, { contractorNo: PRIME, may: () => true });

    expect(r.tasks).toEqual([
      expect.objectContaining({
        siteId: SITE,
        workMonth: MONTH,
        action: 'apply',
        label: '申請する',
        importStatus: '予約可能',
        dueOn: '2026-11-30',
        overdueDays: 2,
      }),
    ]);
  });

  it('leaves out what the matrix does not allow, and months of other contractors', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await waiting(deps, 'Approval');
    const asked: [string, string][] = [];

    const tanto = await myTasks(deps, {
      contractorNo: PRIME,
      may: (action, relation) => {
        asked.push([action, relation]);
        return false;
      },
    });
    const strangerAsked: string[] = [];
    const stranger = await myTasks(deps, {
      contractorNo: '1999999999',
      // As the matrix answers: another's month is invisible.
      may: (_action, relation) => {
        strangerAsked.push(relation);
        return relation !== 'other';
      },
    });

    expect(tanto.tasks).toEqual([]);
    expect(asked).toEqual([['approve', 'own']]);
    expect(strangerAsked).toEqual(['other']);
    expect(stranger.tasks).toEqual([]);
  });

  it('R-FIRST-TIER: a 一次 gets one 報告する task per own 一次 not reported yet', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await waiting(deps, 'FirstTierReports');

    const r = await myTasks(deps, { contractorNo: '2000000001', may: () => true });

    expect(r.tasks.map((t) => [t.action, t.firstTierCompanyId])).toEqual([['report', '20000000000001']]);
  });
});
