import { describe, expect, it } from 'vitest';
import {
  createImportAggregator,
  createInMemoryRegistry,
  validateImport,
} from '../../../../domain/import/index.js';
import { fixtureExpect, fixtureMaster, fixtureRows } from './helpers.js';

function flagSet(flags: { code: string; companyId?: string; workerId?: string }[]) {
  return flags.map((f) => ({
    code: f.code,
    ...(f.companyId ? { companyId: f.companyId } : {}),
    ...(f.workerId ? { workerId: f.workerId } : {}),
  }));
}

describe.each(['basic-utf8', 'basic-cp932', 'basic-run', 'corrections'])('shared fixture %s', (name) => {
  it('meets expect.json (status, flags, workers, totals)', async () => {
    const rows = fixtureRows(name);
    const expected = fixtureExpect(name);
    const registry = createInMemoryRegistry(fixtureMaster(name));
    const agg = createImportAggregator();
    for (const r of rows) agg.add(r);
    // Through load(needs), as the storage adapter would: proves needs() names every key used.
    const result = agg.finish(await registry.load(agg.needs()));
    expect(result).toEqual(validateImport(rows, registry));
    // A run case ends 'charged'; its validation must have been clean.
    expect(result.status).toBe(expected.status === '要修正' ? '要修正' : '予約可能');
    expect(flagSet(result.flags)).toEqual(flagSet(expected.flags ?? []));
    if (expected.workers) {
      expect(
        result.lines.map((l) => ({
          workerId: l.workerId,
          memberNo: l.memberNo,
          employerCompanyId: l.employerCompanyId,
          days: l.days,
        })),
      ).toEqual(expected.workers);
    }
    if (expected.totals) {
      const { workers, days, points } = result.totals;
      expect({ workers, days, points }).toEqual(expected.totals);
      expect(result.totals.rows).toBe(rows.length);
    }
  });
});
