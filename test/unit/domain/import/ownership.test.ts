import { describe, expect, it } from 'vitest';
import {
  type CcusRow,
  checkSiteOwner,
  createImportAggregator,
  createInMemoryRegistry,
  type RegistryData,
  validateImport,
} from '../../../../domain/import/index.js';
import { baseData, PRIME, row } from './helpers.js';

const FIRST_A = '20000000000001';
const SITE_PRIME_NO = '1000000001';
const SQUATTER_NO = '3000000001';

/** A 一次 worker only: the 元請 has no rows of its own, so its number can come only from the registry. */
const firstTierOnly = (): CcusRow[] => [
  row({
    firstTierCompanyId: FIRST_A,
    employerCompanyId: FIRST_A,
    employerName: '佐藤工業株式会社',
    tier: 1,
    contractorNo: '2000000001',
    workerId: '42000000000001',
    workerKanaFamily: 'サトウ',
    workerKanaGiven: 'ジロウ',
    memberNo: '5000000002',
  }),
];

function verdict(rows: CcusRow[], sitePrime: string, data: Partial<RegistryData> = {}) {
  const registry = createInMemoryRegistry(baseData(data), { primeContractorNo: sitePrime });
  return checkSiteOwner(validateImport(rows, registry), registry, sitePrime);
}

describe('R-SITE-OWNER: the file’s 元請 against the site’s registered prime', () => {
  it('R-SITE-OWNER: the 元請’s own rows carry its number; the registered prime matches', () => {
    expect(verdict([row()], SITE_PRIME_NO)).toEqual({ ok: true, primeContractorNo: SITE_PRIME_NO });
  });

  it('R-SITE-OWNER: a site registered by another contractor (a squatter) does not match the file’s 元請', () => {
    expect(verdict([row()], SQUATTER_NO)).toEqual({ ok: false, reason: 'other-prime' });
  });

  it('R-SITE-OWNER: without rows of its own, the 元請 is mapped through the registry', () => {
    const registry = { companyMappings: [{ companyId: PRIME, contractorNo: SITE_PRIME_NO }] };
    expect(verdict(firstTierOnly(), SITE_PRIME_NO, registry).ok).toBe(true);
    expect(verdict(firstTierOnly(), SQUATTER_NO, registry)).toEqual({ ok: false, reason: 'other-prime' });
  });

  it('R-SITE-OWNER: a 元請 with no number in the file or the registry cannot be confirmed', () => {
    expect(verdict(firstTierOnly(), SITE_PRIME_NO)).toEqual({ ok: false, reason: 'prime-unknown' });
  });

  it('R-SITE-OWNER: the registrant’s own 事後登録 of the 元請 proves nothing', () => {
    const fix = {
      companyCorrections: [{ primeContractorNo: SQUATTER_NO, companyId: PRIME, contractorNo: SQUATTER_NO }],
    };
    expect(verdict([row({ contractorNo: null })], SQUATTER_NO, fix)).toEqual({
      ok: false,
      reason: 'prime-unknown',
    });
  });

  it('R-SITE-OWNER: the 元請 is among the keys to load even when it has no rows', () => {
    const agg = createImportAggregator();
    for (const r of firstTierOnly()) agg.add(r);
    expect(agg.needs().companyIds).toEqual([PRIME, FIRST_A].sort());
  });
});
