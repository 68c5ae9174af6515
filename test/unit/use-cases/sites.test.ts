import { describe, expect, it } from 'vitest';
import { deleteSite } from '../../../functions/shared/use-cases/delete-site.js';
import { Conflict, NotFound } from '../../../functions/shared/use-cases/errors.js';
import { listSites } from '../../../functions/shared/use-cases/list-sites.js';
import { putSite } from '../../../functions/shared/use-cases/put-site.js';
import { peopleDeps } from './people.js';
import { PRIME } from './support.js';

const SETTING = {
  name: '△△倉庫新築工事',
  linkMethod: 'auto' as const,
  outputMethod: '元請一括' as const,
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};

describe('電子申請現場設定 (put, list, delete)', () => {
  it('registers a new site for the caller’s contractor, keeps its creator on edit, and lists it', async () => {
    const deps = await peopleDeps();
    const input = { siteId: '9000000077', contractorNo: PRIME, by: 'u-prime', setting: SETTING };

    const created = await putSite(deps, { relation: 'own' }, input);
    const site = await deps.registry.getSite('9000000077');
    const edited = await putSite(deps, { relation: 'own', site: site! }, { ...input, by: 'u-other' });

    expect(created).toMatchObject({
      created: true,
      site: { primeContractorNo: PRIME, createdBy: 'u-prime' },
    });
    expect(edited).toMatchObject({ created: false, site: { createdBy: 'u-prime' } });
    const mine = await listSites(deps, { contractorNo: PRIME, userId: 'u-prime', mode: 'mine' });
    expect(mine.sites.map((s) => s.siteId)).toEqual(['9000000077']);
    expect(deps.audit.actions().filter((a) => a.endsWith('-site'))).toEqual(['create-site', 'edit-site']);
  });

  it('R-SITE-OWNER: a 現場ID held by another prime is refused and left as it was', async () => {
    const deps = await peopleDeps();
    const held = await deps.registry.getSite('9000000001');

    const e = await putSite(
      deps,
      { relation: 'other', site: held!, heldByOther: true },
      { siteId: '9000000001', contractorNo: '2000000001', by: 'u-sato', setting: SETTING },
    ).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).not.toContain(PRIME);
    expect(await deps.registry.getSite('9000000001')).toEqual(held);
  });

  it('deletes a live site once; a deleted one is not found', async () => {
    const deps = await peopleDeps();
    const site = await deps.registry.getSite('9000000001');

    expect(
      await deleteSite(deps, { relation: 'own', site: site! }, { siteId: '9000000001', by: 'u-prime' }),
    ).toEqual({ siteId: '9000000001', deleted: true });
    const gone = await deps.registry.getSite('9000000001');
    await expect(
      deleteSite(
        deps,
        { relation: 'own', ...(gone ? { site: gone } : {}) },
        { siteId: '9000000001', by: 'u-prime' },
      ),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
