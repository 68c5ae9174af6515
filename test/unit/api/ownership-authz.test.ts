// monthAccess / siteAccess against R-SITE-OWNER and R-MAPPING-SCOPE, pure: the imports are built by the
// import engine itself (with the corrections as inputs), the storage is a two-method stand-in.
import { describe, expect, it } from 'vitest';
import { createInMemoryRegistry, type RegistryData, validateImport } from '../../../domain/import/index.js';
import type { CcusRow } from '../../../domain/import/types.js';
import type { CycleDeps } from '../../../domain/ports/cycle.js';
import type { ImportRecord, SiteSetting } from '../../../domain/ports/storage.js';
import { monthAccess, type Principal, siteAccess } from '../../../functions/api/authz.js';
import { baseData, PRIME, row, SITE } from '../domain/import/helpers.js';

const B = '1000000001'; // the site's prime (the 元請 PRIME's number)
const A = '3000000001'; // another prime
const X = '29000000000001';

const site = (primeContractorNo: string, deletedAt?: string): SiteSetting => ({
  siteId: SITE,
  name: '現場',
  primeContractorNo,
  linkMethod: 'auto',
  outputMethod: '元請一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
  createdBy: 'u-1',
  ...(deletedAt ? { deletedAt, deletedBy: 'u-1' } : {}),
});

const boss = (contractorNo: string): Principal => ({
  id: `boss-${contractorNo}`,
  contractorNo,
  role: '事業者責任者',
  groups: [],
});

/** The stored import of a file validated for the site's prime `prime`, with `data` as the registry. */
function stored(rows: CcusRow[], prime: string, data: Partial<RegistryData> = {}): ImportRecord {
  const r = validateImport(rows, createInMemoryRegistry(baseData(data), { primeContractorNo: prime }));
  return {
    siteId: SITE,
    workMonth: r.workMonth,
    importId: 'I-1',
    fileKey: 'k',
    versionId: 'v',
    status: r.status,
    flags: r.flags,
    totals: r.totals,
    siteName: r.siteName,
    outputMethod: r.outputMethod,
    primeCompanyId: r.primeCompanyId,
    companies: r.companies,
    errors: [],
    receivedAt: '2026-11-01T00:00:00.000Z',
  };
}

const depsOf = (s: SiteSetting | undefined, imp: ImportRecord | undefined) =>
  ({
    registry: { getSite: async () => s },
    imports: { currentImport: async () => imp },
  }) as unknown as Pick<CycleDeps, 'registry' | 'imports'>;

const xRow = (contractorNo: string | null) =>
  row({
    firstTierCompanyId: X,
    employerCompanyId: X,
    employerName: '一次X',
    tier: 1,
    contractorNo,
    workerId: '42000000000009',
  });

describe('R-MAPPING-SCOPE in authorization', () => {
  it('R-MAPPING-SCOPE: prime A’s mapping of a company in B’s file gives A no relation to B’s month (404)', async () => {
    const aMapsX = { companyCorrections: [{ primeContractorNo: A, companyId: X, contractorNo: A }] };
    const imp = stored([row(), xRow(null)], B, aMapsX);
    const access = await monthAccess(depsOf(site(B), imp), boss(A), SITE, '2026-10');
    expect(access.relation).toBe('other');
    expect((await monthAccess(depsOf(site(B), imp), boss(B), SITE, '2026-10')).relation).toBe('own');
  });

  it('R-MAPPING-SCOPE: the file’s number for a company beats A’s mapping, so A stays outside', async () => {
    const aMapsX = { companyCorrections: [{ primeContractorNo: A, companyId: X, contractorNo: A }] };
    const imp = stored([row(), xRow('2000000001')], B, aMapsX);
    expect((await monthAccess(depsOf(site(B), imp), boss(A), SITE, '2026-10')).relation).toBe('other');
    expect((await monthAccess(depsOf(site(B), imp), boss('2000000001'), SITE, '2026-10')).relation).toBe(
      'chain',
    );
  });
});

describe('R-SITE-OWNER in authorization', () => {
  it('R-SITE-OWNER: the registrant of a site whose import names another 元請 is not `own`', async () => {
    const imp = stored([row()], A); // the file's 元請 PRIME carries B's number
    const access = await monthAccess(depsOf(site(A), imp), boss(A), SITE, '2026-10');
    expect(access.relation).toBe('other');
  });

  it('R-SITE-OWNER: a 元請 number from a correction decides nothing: the site registration does', async () => {
    const fix = { companyCorrections: [{ primeContractorNo: A, companyId: PRIME, contractorNo: A }] };
    const imp = stored([row({ contractorNo: null })], A, fix);
    // Neither `own` by the import (the number is a correction) nor refused by it: the site decides.
    expect((await monthAccess(depsOf(site(A), imp), boss(A), SITE, '2026-10')).relation).toBe('own');
    expect((await monthAccess(depsOf(site(A), imp), boss(B), SITE, '2026-10')).relation).toBe('other');
  });

  it('R-SITE-OWNER: a 現場ID held by another prime is `other` and marked held; a released one is free', async () => {
    expect(await siteAccess(depsOf(site(B), undefined), boss(A), SITE)).toMatchObject({
      relation: 'other',
      heldByOther: true,
    });
    expect(await siteAccess(depsOf(site(B), undefined), boss(B), SITE)).toMatchObject({ relation: 'own' });
    const released = await siteAccess(depsOf(site(B, '2026-11-01T00:00:00Z'), undefined), boss(A), SITE);
    expect(released).toEqual({ relation: 'own' });
  });
});
