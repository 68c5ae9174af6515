// How many DynamoDB calls one 1,000-worker month costs end to end through the repositories:
// load the registry, save the import and its lines, report, apply, approve, debit, mark charged,
// record the contributions. Lines are batched (BatchWriteItem, 25 per call).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../../functions/shared/storage/index.js';
import { seedFromMaster } from '../../../functions/shared/storage/seed.js';
import { applicationIdOf } from '../../../functions/shared/storage/workflow.js';
import { type CallCounter, countCalls } from '../support/counter.js';
import { importOf, linesOf, masterOf } from '../support/fixtures.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

const WORKERS = 1_000;
const SITE = 'S0001';
const MONTH = '2026-04';

let moto: Moto;
let repos: Repositories;
let counter: CallCounter;

beforeAll(async () => {
  moto = await startMoto();
  const { store, client } = await freshStore(moto, 'month-cost');
  await seedFromMaster(store, masterOf(WORKERS, { points: 2_000_000 }));
  repos = createRepositories(store);
  counter = countCalls(client);
});
afterAll(() => moto?.stop());

describe('one 1,000-worker month', () => {
  it('costs a fixed, counted number of DynamoDB calls', { timeout: 300_000 }, async () => {
    const lines = linesOf(WORKERS);
    const started = performance.now();
    const steps: Record<string, number> = {};
    const step = async (name: string, f: () => Promise<unknown>) => {
      const before = counter.total();
      await f();
      steps[name] = counter.total() - before;
    };

    await step('load registry', async () => {
      const view = await repos.registryLoader.load({
        siteId: SITE,
        workMonth: MONTH,
        contractorNos: ['C0001'],
        memberNos: lines.map((l) => l.memberNo!),
        companyIds: ['CO-PRIME'],
        workerIds: lines.map((l) => l.workerId),
        // As an import loads: the site prime's corrections are read too (R-MAPPING-SCOPE).
        primeContractorNo: 'C0001',
      });
      expect(view.member('M000999')?.days).toBe(10);
    });
    await step('save import + lines', async () => {
      expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'IMP-1', lines), lines)).toEqual({
        status: 'saved',
      });
    });
    let points = 0;
    await step('read lines', async () => {
      const stored = await repos.imports.lines(SITE, MONTH, 'IMP-1');
      expect(stored).toHaveLength(WORKERS);
      points = stored.reduce((s, l) => s + l.points, 0);
    });
    await step('first-tier report', () =>
      repos.workflow.reportFirstTier({
        siteId: SITE,
        workMonth: MONTH,
        firstTierCompanyId: 'CO-FIRST',
        importId: 'IMP-1',
        workers: 0,
        days: 0,
        points: 0,
        reportedBy: 'U-FIRST',
        reportedAt: '2026-05-12T00:00:00Z',
      }),
    );
    await step('apply', () =>
      repos.workflow.apply(
        {
          siteId: SITE,
          workMonth: MONTH,
          importId: 'IMP-1',
          primeContractorNo: 'C0001',
          pointKind: 'regular',
          points,
          workers: WORKERS,
          days: WORKERS * 5,
          appliedBy: 'U-PRIME',
        },
        '2026-05-13T00:00:00Z',
      ),
    );
    await step('approve', () =>
      repos.workflow.approve(SITE, MONTH, { by: 'U-PRIME' }, '2026-05-14T00:00:00Z'),
    );
    await step('debit', async () => {
      const r = await repos.ledger.debit({
        contractorNo: 'C0001',
        pointKind: 'regular',
        applicationId: applicationIdOf(SITE, MONTH),
        amount: points,
      });
      expect(r).toEqual({ status: 'debited', balanceBefore: 2_000_000, balanceAfter: 2_000_000 - 1_600_000 });
    });
    await step('mark charged', async () => {
      await repos.workflow.markApplicationCharged(SITE, MONTH, '2026-05-14T00:00:01Z');
      await repos.imports.markCharged(SITE, MONTH, 'IMP-1', '2026-05-14T00:00:01Z');
    });
    await step('record contributions', async () => {
      const r = await repos.contributions.recordContributions(SITE, MONTH, lines, '2026-05-14T00:00:02Z');
      expect(r).toEqual({ recorded: WORKERS, alreadyRecorded: 0, skipped: 0 });
    });
    const ms = Math.round(performance.now() - started);
    console.info(`1,000-worker month: ${counter.total()} calls in ${ms} ms`, steps, counter.byCommand());

    expect(steps).toEqual({
      // 3,003 keys (1 contractor, 1,000 members, 1 company, 1,000 workers, and the prime's corrections
      // of that company and those workers) / 100 = 31 BatchGetItem
      // + 4 Query (forced imports, 一次 choices, reviewed double employment, 取り込まない)
      'load registry': 35,
      // 1 GetItem (month state) + 1,000 lines / 25 = 40 BatchWriteItem + 1 TransactWriteItems (publish)
      'save import + lines': 42,
      'read lines': 1,
      'first-tier report': 1,
      // 1 TransactWriteItems: the lifecycle model read the month before; storage only writes
      apply: 1,
      approve: 2,
      // 1 UpdateItem (a ticket in the prime's debit queue) + 1 GetItem (balance) + 1 TransactWriteItems
      // + 1 UpdateItem (the turn handed on)
      debit: 4,
      'mark charged': 3,
      // 1,000 members × (1 Update + 1 Put) = 2,000 items / 100 per transaction
      'record contributions': 20,
    });
    expect(counter.total()).toBe(109);
  });
});
