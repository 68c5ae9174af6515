import { describe, expect, it } from 'vitest';
import { apply } from '../../../functions/shared/use-cases/apply-for-charge.js';
import { decideApplication } from '../../../functions/shared/use-cases/decide-application.js';
import { ActionRefused, NotWaiting } from '../../../functions/shared/use-cases/errors.js';
import { M, peopleDeps, waiting } from './people.js';
import { imported } from './support.js';

describe('decideApplication (承認 / 差戻し)', () => {
  it('承認 of the pending application resumes the Approval wait with the decision', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await apply(deps, M.siteId, M.workMonth, 'u-prime');
    await waiting(deps, 'Approval');

    const r = await decideApplication(deps, { ...M, decision: '承認', by: 'u-boss' });

    expect(r).toMatchObject({ resumed: 'resumed', application: { status: '承認', decidedBy: 'u-boss' } });
    expect(deps.executions.resumed).toEqual([{ taskToken: 'token-Approval', output: { decision: '承認' } }]);
  });

  it('差戻し keeps its reason; with nothing waiting the decision stays recorded (NotWaiting)', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    await apply(deps, M.siteId, M.workMonth, 'u-prime');

    const e = await decideApplication(deps, {
      ...M,
      decision: '差戻し',
      by: 'u-boss',
      reason: '日数を確認してください',
    }).catch((x) => x);

    expect(e).toBeInstanceOf(NotWaiting);
    expect(e.detail).toContain('差戻しは記録しました');
    expect(e.extra).toMatchObject({
      decisionRecorded: true,
      application: { status: '差戻し', reason: '日数を確認してください' },
    });
  });

  it('refuses a decision the month’s state does not allow (nothing applied for)', async () => {
    const deps = await peopleDeps();
    await imported(deps);

    const e = await decideApplication(deps, { ...M, decision: '承認', by: 'u-boss' }).catch((x) => x);

    expect(e).toBeInstanceOf(ActionRefused);
    expect(e.extra).toEqual({ code: 'refused-transition' });
    expect(await deps.workflow.getApplication(M.siteId, M.workMonth)).toBeUndefined();
  });
});
