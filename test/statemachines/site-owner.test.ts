// R-SITE-OWNER through the synthesized monthly-cycle definition, run locally with the real handlers on
// moto_server: a contractor registered a 現場ID whose CCUS file names another company as 元請.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_OWNER_NOTICE } from '../../functions/shared/use-cases/import-work-records.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, outboxOf, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe('R-SITE-OWNER in the monthly cycle', () => {
  it('R-SITE-OWNER: a squatter’s site receives a file naming another 元請: refused, recorded, owner and operators told, nothing stored', async () => {
    const s = scenario('basic-utf8');
    // The squatter registered the 現場ID; the file (from CCUS) still names the real prime, s.prime.
    const squatter = `7${s.prime.slice(1)}`;
    s.master.contractors.push({
      contractorNo: squatter,
      name: '別の共済契約者',
      kind: 'regular',
      active: true,
      points: 1_000_000,
    });
    for (const site of s.master.sites) site.primeContractorNo = squatter;
    await seed(s);
    await rt.dropFile(s.key, s.csv);
    await rt.sfn.settled();

    const execs = executionOf(rt, s);
    expect(execs).toHaveLength(1);
    expect(execs[0]?.status).toBe('SUCCEEDED');
    expect(execs[0]?.states.at(-1)).toBe('FileRefused');

    const imports = await deps().imports.importsOfMonth(s.siteId, s.workMonth);
    expect(imports.map((i) => i.status)).toEqual(['refused']);
    expect(imports[0]?.errors[0]).toMatchObject({ line: 2, column: '元請事業者ID' });
    expect(imports[0]?.companies).toEqual([]);
    expect(await deps().imports.lines(s.siteId, s.workMonth, imports[0]!.importId)).toEqual([]);
    expect(await deps().imports.currentImport(s.siteId, s.workMonth)).toBeUndefined();

    const notices = (await outboxOf(s)).map((m) => [m.notice, m.to]);
    expect(notices).toEqual(
      expect.arrayContaining([
        [SITE_OWNER_NOTICE, s.prime],
        [SITE_OWNER_NOTICE, 'operators'],
        ['file-refused', squatter],
      ]),
    );
    expect(await deps().ledger.balance(squatter, 'regular')).toBe(1_000_000);
  });
});
