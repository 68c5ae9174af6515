import { describe, expect, it } from 'vitest';
import { importIdOf } from '../../../functions/shared/use-cases/month/ids.js';
import { startCycle } from '../../../functions/shared/use-cases/start-cycle.js';
import { memoryCycleDeps } from '../../support/memory/index.js';

const obj = { bucket: 'inbox', key: 'ccus/9000000001/202610/ccus.csv', versionId: 'v1' };

describe('startCycle', () => {
  it("starts the month's execution named after the site, the month and the object version", async () => {
    const deps = memoryCycleDeps();
    const out = await startCycle(deps, obj);

    const importId = importIdOf(obj.key, obj.versionId);
    expect(out).toEqual({ status: 'started', executionName: `ccus-9000000001-202610-${importId}`, importId });
    expect(deps.executions.started.get(`ccus-9000000001-202610-${importId}`)).toEqual({
      ...obj,
      siteId: '9000000001',
      workMonth: '2026-10',
      importId,
    });
  });

  it('a replayed S3 event starts nothing new', async () => {
    const deps = memoryCycleDeps();
    await startCycle(deps, obj);
    const again = await startCycle(deps, obj);

    expect(again.status).toBe('already-started');
    expect(deps.executions.started.size).toBe(1);
  });

  it('a new version of the same file starts its own execution', async () => {
    const deps = memoryCycleDeps();
    const a = await startCycle(deps, obj);
    const b = await startCycle(deps, { ...obj, versionId: 'v2' });

    expect(b.status).toBe('started');
    expect(b).not.toEqual(a);
    expect(deps.executions.started.size).toBe(2);
  });

  it.each([
    'ccus/9000000001/202613/ccus.csv',
    'other/9000000001/202610/ccus.csv',
    'ccus/site/202610/ccus.csv',
    'ccus/9000000001/202610/nested/ccus.csv',
  ])('ignores a key outside ccus/<現場ID>/<YYYYMM>/<name>: %s', async (key) => {
    const deps = memoryCycleDeps();
    const out = await startCycle(deps, { ...obj, key });

    expect(out.status).toBe('ignored');
    expect(deps.executions.started.size).toBe(0);
  });
});
