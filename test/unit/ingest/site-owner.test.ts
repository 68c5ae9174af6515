// The ingest's R-SITE-OWNER check and R-MAPPING-SCOPE loading: the file's 元請 against the site's prime,
// and the corrections of that prime only.
import { describe, expect, it } from 'vitest';
import { createInMemoryRegistry } from '../../../domain/import/memory-registry.js';
import type { Site } from '../../../domain/types.js';
import type { IngestOutcome, IngestRefused } from '../../../functions/shared/ccus/ingest.js';
import { csv, HEADERS, row, subRow } from '../../fixtures/bad-input/make.js';
import { ingest, registryData } from './helpers.js';

const H = [...HEADERS];
const utf8 = (s: string) => new TextEncoder().encode(s);
const siteOf = (primeContractorNo: string): Site => ({
  siteId: '9000000001',
  name: '○○ビル新築工事',
  primeContractorNo,
  linkMethod: 'auto',
  outputMethod: '元請一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
});

function refused(o: IngestOutcome): IngestRefused {
  if (o.status !== 'refused') throw new Error(`expected a refusal, got ${o.status}`);
  return o;
}

const month = utf8(csv([H, row({}, 1), subRow({}, 2)]));

describe('R-SITE-OWNER in the ingest', () => {
  it('R-SITE-OWNER: a file whose 元請 is the site’s prime is validated', async () => {
    expect((await ingest(month, { site: siteOf('1000000001') })).status).toBe('validated');
  });

  it('R-SITE-OWNER: a file naming another 元請 is refused at the 元請 field, naming neither company', async () => {
    const o = refused(await ingest(month, { site: siteOf('2000000001') }));
    expect(o.errorCount).toBe(1);
    expect(o.errors).toEqual([
      {
        line: 2,
        column: '元請事業者ID',
        code: 'SITE_OWNER',
        message: expect.stringContaining('取り込まない'),
      },
    ]);
    expect(o.errors[0]?.message).not.toMatch(/\d{10}/);
    expect(o.fileOwner).toEqual({ contractorNo: '1000000001' });
  });

  it('R-SITE-OWNER: a 元請 without its own rows and unknown to the registry cannot be confirmed', async () => {
    const o = refused(await ingest(utf8(csv([H, subRow({}, 2)])), { site: siteOf('1000000001') }));
    expect(o.errors[0]).toMatchObject({ line: 2, column: '元請事業者ID', code: 'PRIME_UNKNOWN' });
    expect(o.fileOwner).toEqual({ contractorNo: null });
  });

  it('R-SITE-OWNER: cycle check (a site lookup) applies the same check', async () => {
    const o = refused(await ingest(month, { site: () => siteOf('2000000001') }));
    expect(o.errors[0]?.code).toBe('SITE_OWNER');
  });
});

describe('R-MAPPING-SCOPE in the ingest', () => {
  const noNumber = utf8(csv([H, row({}, 1), subRow({ 共済契約者番号: '' }, 2)]));
  const registry = createInMemoryRegistry({
    ...registryData,
    companyCorrections: [
      { primeContractorNo: '1000000001', companyId: '20000000000001', contractorNo: '2000000001' },
    ],
  });

  it('R-MAPPING-SCOPE: the site prime’s correction applies to its own file', async () => {
    const o = await ingest(noNumber, { registry, site: siteOf('1000000001') });
    if (o.status !== 'validated') throw new Error(o.status);
    expect(o.result.companies.find((c) => c.companyId === '20000000000001')).toMatchObject({
      contractorNo: '2000000001',
      contractorNoSource: 'correction',
    });
  });

  it('R-MAPPING-SCOPE: without a site there is no prime, so no correction applies', async () => {
    const o = await ingest(noNumber, { registry });
    if (o.status !== 'validated') throw new Error(o.status);
    expect(o.result.flags.map((f) => f.code)).toEqual(['F-COMPANY']);
  });
});
