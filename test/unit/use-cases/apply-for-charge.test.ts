import { describe, expect, it } from 'vitest';
import { applyForCharge } from '../../../functions/shared/use-cases/apply-for-charge.js';
import { ActionRefused, Conflict, NotWaiting } from '../../../functions/shared/use-cases/errors.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { M, peopleDeps, primeAccess, waiting } from './people.js';
import { drop, edge, imported, V1 } from './support.js';

describe('applyForCharge (申請する)', () => {
  it('applies for the confirmed lines of the current import and resumes the Application wait', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await waiting(deps, 'Application');

    const r = await applyForCharge(deps, await primeAccess(deps), { ...M, by: 'u-prime' });

    expect(r).toMatchObject({
      resumed: 'resumed',
      application: {
        status: '申請',
        points: V1.points,
        workers: V1.workers,
        days: V1.days,
        appliedBy: 'u-prime',
      },
    });
    expect(deps.executions.resumed.map((x) => x.taskToken)).toEqual(['token-Application']);
  });

  it('records the 申請 when nothing waits for it and says so (NotWaiting, decisionRecorded)', async () => {
    const deps = await peopleDeps();
    await imported(deps);

    const e = await applyForCharge(deps, await primeAccess(deps), { ...M, by: 'u-prime' }).catch((x) => x);

    expect(e).toBeInstanceOf(NotWaiting);
    expect(e.extra).toMatchObject({ decisionRecorded: true, result: 'not-waiting' });
    expect(e.detail).toContain('申請は記録しました');
    expect((await deps.workflow.getApplication(M.siteId, M.workMonth))?.status).toBe('申請');
  });

  it('R-ZERO-MONTH: a month closed as 実績なし has nothing to apply for', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    const access = await primeAccess(deps);
    access.imp = { ...access.imp!, noWorkAt: deps.clock.iso() };

    const e = await applyForCharge(deps, access, { ...M, by: 'u-prime' }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.extra).toEqual({ code: 'no-work' });
    expect(await deps.workflow.getApplication(M.siteId, M.workMonth)).toBeUndefined();
  });

  it('refuses a month still 要修正 (ActionRefused not-ready, a conflict of the moment)', async () => {
    const deps = await peopleDeps();
    await importWorkRecords(deps, drop(deps, edge('non-member-subcontractor.csv')));

    const e = await applyForCharge(deps, await primeAccess(deps), { ...M, by: 'u-prime' }).catch((x) => x);

    expect(e).toBeInstanceOf(ActionRefused);
    expect({ code: e.code, kind: e.kind, detail: e.detail }).toEqual({
      code: 'not-ready',
      kind: 'conflict',
      detail: '要修正の就業履歴は申請できません',
    });
  });
});
