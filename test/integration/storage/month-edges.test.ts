// Storage of the month's edges on moto_server: 実績なし recorded on the import (R-ZERO-MONTH), a line left
// out (R-EXCLUDE) kept with its decision through revalidation, and a report made on a 一次's behalf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkLine } from '../../../domain/import/types.js';
import { createRepositories, type Repositories } from '../../../functions/shared/storage/index.js';
import { seedFromMaster } from '../../../functions/shared/storage/seed.js';
import { importOf, linesOf, masterOf } from '../support/fixtures.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

const SITE = 'S0001';
const MONTH = '2026-04';
let moto: Moto;
let repos: Repositories;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'edges');
  repos = createRepositories(store);
  await seedFromMaster(store, masterOf(2));
});
afterAll(() => moto?.stop());

describe('R-ZERO-MONTH 実績なし on the import', () => {
  it('is recorded once (the first time kept), and not on an import a newer file superseded', async () => {
    await repos.imports.saveImport(importOf(SITE, MONTH, 'Z1', []), []);
    expect(await repos.imports.markNoWork(SITE, MONTH, 'Z1', '2026-05-11T00:00:00.000Z')).toBe(true);
    expect(await repos.imports.markNoWork(SITE, MONTH, 'Z1', '2026-05-12T00:00:00.000Z')).toBe(true);
    expect((await repos.imports.getImport(SITE, MONTH, 'Z1'))?.noWorkAt).toBe('2026-05-11T00:00:00.000Z');
    // A newer file takes the month over: its own cycle decides; nothing more is recorded on Z1.
    await repos.imports.saveImport(importOf(SITE, MONTH, 'Z2', []), []);
    expect(await repos.imports.markNoWork(SITE, MONTH, 'Z2', '2026-05-13T00:00:00.000Z')).toBe(true);
    expect((await repos.imports.getImport(SITE, MONTH, 'Z1'))?.supersededBy).toBe('Z2');
    // Z1 is no longer open: the call answers false and changes nothing.
    await repos.imports.saveImport(importOf(SITE, MONTH, 'Z3', []), []);
    expect(await repos.imports.markNoWork(SITE, MONTH, 'Z2', '2026-05-14T00:00:00.000Z')).toBe(false);
    expect((await repos.imports.getImport(SITE, MONTH, 'Z2'))?.noWorkAt).toBe('2026-05-13T00:00:00.000Z');
  });
});

describe('R-EXCLUDE lines left out', () => {
  it('an excluded line is stored with its decision, and revalidation keeps the new result over an adjustment', async () => {
    const [a, b] = linesOf(2) as [WorkLine, WorkLine];
    await repos.imports.saveImport(importOf(SITE, '2026-05', 'E1', [a, b]), [a, b]);
    await repos.imports.adjustLine(
      {
        siteId: SITE,
        workMonth: '2026-05',
        importId: 'E1',
        workerId: b.workerId,
        employerCompanyId: b.employerCompanyId,
      },
      { days: 4, dates: b.dates.slice(0, 4), points: 1_280, rates: [{ dailyRate: 320, days: 4 }] },
      { by: 'U-PRIME', reason: '確認' },
    );
    const decision = await repos.registry.exclude(SITE, '2026-05', 'worker', b.workerId, {
      by: 'U-PRIME',
      reason: '未加入',
    });
    const excluded: WorkLine = {
      ...b,
      dates: [],
      days: 0,
      points: 0,
      rates: [],
      excluded: { ...decision, days: b.days, dates: b.dates, points: b.points },
    };
    await repos.imports.updateValidation(SITE, '2026-05', 'E1', '予約可能', [], [a, excluded], [], {
      rows: 10,
      workers: 1,
      days: 5,
      points: 1_600,
    });
    const lines = await repos.imports.lines(SITE, '2026-05', 'E1');
    expect(lines.find((l) => l.workerId === b.workerId)).toMatchObject({
      days: 0,
      points: 0,
      excluded: { subject: 'worker', reason: '未加入', by: 'U-PRIME', days: 5 },
    });
    expect((await repos.imports.getImport(SITE, '2026-05', 'E1'))?.totals).toEqual({
      rows: 10,
      workers: 1,
      days: 5,
      points: 1_600,
    });
    const audit = await repos.audit.bySite(SITE);
    expect(audit.some((r) => r.action === 'exclude' && r.reason === '未加入')).toBe(true);
  });
});

describe('R-FIRST-TIER a report made on a 一次’s behalf', () => {
  it('keeps onBehalfOf beside reportedBy', async () => {
    await repos.imports.saveImport(importOf(SITE, '2026-06', 'R1', []), []);
    await repos.workflow.reportFirstTier({
      siteId: SITE,
      workMonth: '2026-06',
      firstTierCompanyId: 'CO-FIRST',
      importId: 'R1',
      workers: 0,
      days: 0,
      points: 0,
      reportedBy: 'U-PRIME',
      reportedAt: '2026-08-01T00:00:00.000Z',
      onBehalfOf: 'CO-FIRST',
    });
    expect(await repos.workflow.reports(SITE, '2026-06')).toEqual([
      expect.objectContaining({ reportedBy: 'U-PRIME', onBehalfOf: 'CO-FIRST' }),
    ]);
  });
});
