import { describe, expect, it } from 'vitest';
import { createInMemoryRegistry } from '../../../../domain/import/memory-registry.js';
import type { RegistryNeeds } from '../../../../domain/ports/registry.js';
import { baseData, contractor, member, SITE } from './helpers.js';

const data = baseData({
  contractors: [contractor('1000000001'), contractor('2000000001'), contractor('2000000002')],
  members: [
    member('5000000001', 'ヤマダ', 'イチロウ'),
    member('5000000002', 'サトウ', 'ジロウ'),
    member('5000000003', 'スズキ', 'サブロウ'),
  ],
  companyMappings: [
    { companyId: 'C1', contractorNo: '2000000002' },
    { companyId: 'C9', contractorNo: '1000000001' },
  ],
  workerMappings: [
    { workerId: 'W1', memberNo: '5000000003' },
    { workerId: 'W9', memberNo: '5000000002' },
  ],
  forcedImports: [
    { siteId: SITE, workerId: 'W1' },
    { siteId: SITE, workerId: 'W9' },
  ],
  firstTierChoices: [
    { siteId: SITE, companyId: 'C1', firstTierCompanyId: 'F1' },
    { siteId: 'S2', companyId: 'C1', firstTierCompanyId: 'F2' },
  ],
  reviewedDoubleEmployers: [{ siteId: SITE, workMonth: '2026-10', workerId: 'W1' }],
});

describe('in-memory registry (RegistryView & RegistryLoader)', () => {
  it('answers every question as a full view', () => {
    const r = createInMemoryRegistry(data);
    expect(r.contractor('2000000001')?.active).toBe(true);
    expect(r.contractor('0')).toBeUndefined();
    expect(r.member('5000000002')?.kanaFamily).toBe('サトウ');
    expect(r.companyMapping('C1')).toBe('2000000002');
    expect(r.workerMapping('W1')).toBe('5000000003');
    expect(r.isForcedImport(SITE, 'W1')).toBe(true);
    expect(r.isForcedImport('S2', 'W1')).toBe(false);
    expect(r.chosenFirstTier(SITE, 'C1')).toBe('F1');
    expect(r.chosenFirstTier('S2', 'C1')).toBe('F2');
    expect(r.isDoubleEmployerReviewed(SITE, '2026-10', 'W1')).toBe(true);
    expect(r.isDoubleEmployerReviewed(SITE, '2026-11', 'W1')).toBe(false);
  });

  it('works without the optional corrections', () => {
    const r = createInMemoryRegistry({
      contractors: [],
      members: [],
      companyMappings: [],
      workerMappings: [],
    });
    expect(r.isForcedImport(SITE, 'W1')).toBe(false);
    expect(r.chosenFirstTier(SITE, 'C1')).toBeUndefined();
    expect(r.isDoubleEmployerReviewed(SITE, '2026-10', 'W1')).toBe(false);
  });

  it('load(needs) answers only the needed keys, plus the numbers their mappings point to', async () => {
    const needs: RegistryNeeds = {
      siteId: SITE,
      workMonth: '2026-10',
      contractorNos: ['2000000001', '7777777777'],
      memberNos: ['5000000001'],
      companyIds: ['C1'],
      workerIds: ['W1'],
    };
    const v = await createInMemoryRegistry(data).load(needs);
    expect(v.contractor('2000000001')).toBeDefined();
    expect(v.contractor('2000000002')).toBeDefined(); // via C1's mapping
    expect(v.contractor('1000000001')).toBeUndefined(); // only C9 (not needed) maps there
    expect(v.contractor('7777777777')).toBeUndefined();
    expect(v.member('5000000001')).toBeDefined();
    expect(v.member('5000000003')).toBeDefined(); // via W1's mapping
    expect(v.member('5000000002')).toBeUndefined();
    expect(v.companyMapping('C1')).toBe('2000000002');
    expect(v.companyMapping('C9')).toBeUndefined();
    expect(v.workerMapping('W9')).toBeUndefined();
    expect(v.isForcedImport(SITE, 'W1')).toBe(true);
    expect(v.isForcedImport(SITE, 'W9')).toBe(false);
    expect(v.chosenFirstTier(SITE, 'C1')).toBe('F1');
    expect(v.chosenFirstTier('S2', 'C1')).toBeUndefined();
    expect(v.isDoubleEmployerReviewed(SITE, '2026-10', 'W1')).toBe(true);
  });
});
