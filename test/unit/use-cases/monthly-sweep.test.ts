import { describe, expect, it } from 'vitest';
import type { SiteContract } from '../../../domain/evidence.js';
import { monthlySweep, todayInTokyo } from '../../../functions/shared/use-cases/monthly-sweep.js';
import { imported, master, monthDeps, PRIME, PUBLIC_WORK, SITE } from './support.js';

// R-10TH: the 2026-10 files become visible on the business day after the 10th of November.
const VISIBLE_ON = '2026-11-11';

const contract: SiteContract = { ...PUBLIC_WORK, contractOn: '2026-11-01', ratePerMille: '2.3' };

describe('monthlySweep', () => {
  it('R-10TH: on the day files become visible, the prime of an automatically linked site without a file is told, once', async () => {
    const deps = await monthDeps();
    const out = await monthlySweep(deps, { date: VISIBLE_ON });
    await monthlySweep(deps, { date: VISIBLE_ON });

    expect(out).toMatchObject({
      date: VISIBLE_ON,
      workMonth: '2026-10',
      dueToday: true,
      sitesChecked: 1,
      missing: 1,
    });
    const told = deps.outbox.messages().filter((m) => m.notice === 'file-missing');
    expect(told).toEqual([expect.objectContaining({ to: PRIME, siteId: SITE, workMonth: '2026-10' })]);
  });

  it('R-10TH: a site whose file arrived is not told', async () => {
    const deps = await monthDeps();
    await imported(deps);
    const out = await monthlySweep(deps, { date: VISIBLE_ON });

    expect(out).toMatchObject({ dueToday: true, missing: 0 });
  });

  it('R-10TH: another day checks no site for missing files', async () => {
    const deps = await monthDeps();
    const out = await monthlySweep(deps, { date: '2026-11-20' });

    expect(out).toMatchObject({ dueToday: false, sitesChecked: 0, missing: 0 });
    expect(deps.outbox.messages()).toEqual([]);
  });

  it('a manually linked site is never told of a missing file', async () => {
    const deps = await monthDeps();
    await deps.registry.putSite({ ...master().sites[0]!, linkMethod: 'manual', createdBy: 'seed' });

    expect((await monthlySweep(deps, { date: VISIBLE_ON })).missing).toBe(0);
  });

  it("without a date, today is the machine's date in Japan", async () => {
    const deps = await monthDeps();
    deps.clock.set('2026-11-10T15:30:00Z');

    expect(todayInTokyo(deps.now())).toBe(VISIBLE_ON);
    expect(await monthlySweep(deps)).toMatchObject({ date: VISIBLE_ON, dueToday: true });
  });

  it('R-PUBLIC40: a public work whose prime bought no points for it is asked once per stage', async () => {
    const deps = await monthDeps();
    await deps.registry.putSite({ ...master().sites[0]!, contract, createdBy: 'seed' });
    const out = await monthlySweep(deps, { date: '2026-11-20' });
    await monthlySweep(deps, { date: '2026-11-21' });

    expect(out.public40).toBe(1);
    const asked = deps.outbox.messages().filter((m) => m.notice === 'public40-purchase');
    expect(asked).toEqual([expect.objectContaining({ to: PRIME, siteId: SITE })]);
  });

  it('R-PUBLIC40: points bought for the work end the requests', async () => {
    const deps = await monthDeps();
    await deps.registry.putSite({ ...master().sites[0]!, contract, createdBy: 'seed' });
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'pay-1',
      amount: 230_000,
      siteId: SITE,
    });

    expect((await monthlySweep(deps, { date: '2026-11-20' })).public40).toBe(0);
    expect(deps.outbox.messages().filter((m) => m.notice === 'public40-purchase')).toEqual([]);
  });
});
