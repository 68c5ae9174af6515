// The repositories against moto_server, on a table created from the CDK construct's own definition.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../functions/shared/storage/entities.js';
import { createRepositories, type Repositories } from '../../../functions/shared/storage/index.js';
import { keys } from '../../../functions/shared/storage/keys.js';
import { seedFromMaster } from '../../../functions/shared/storage/seed.js';
import { importOf, linesOf, masterOf } from '../support/fixtures.js';
import { freshStore, INSTALL_HINT, type Moto, startMoto } from '../support/moto.js';

const SITE = 'S0001';
let moto: Moto;
let store: Store;
let repos: Repositories;

beforeAll(async () => {
  moto = await startMoto();
  store = (await freshStore(moto, 'repos')).store;
  repos = createRepositories(store);
  await seedFromMaster(store, masterOf(3));
});
afterAll(() => moto?.stop());

describe('moto helper', () => {
  it('names the pip package when moto cannot be started', async () => {
    await expect(startMoto({ python: 'no-such-python-for-moto' })).rejects.toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).toContain("pip install 'moto[server]'");
  });
});

describe('seedFromMaster', () => {
  it('writes the registry and opening balances as purchase entries (balance = Σ entries)', async () => {
    expect(await repos.registry.getContractor('C0001')).toEqual({
      contractorNo: 'C0001',
      name: '元請建設',
      kind: 'regular',
      active: true,
    });
    expect(await repos.registry.getMember('M000001')).toMatchObject({
      memberNo: 'M000001',
      days: 10,
      firstBook: true,
    });
    expect(await repos.registry.getSite(SITE)).toMatchObject({
      primeContractorNo: 'C0001',
      createdBy: 'seed',
    });
    expect(await repos.registry.sitesOfContractor('C0001')).toHaveLength(1);
    expect(await repos.registry.usersOfContractor('C0001')).toEqual([
      { userId: 'U-PRIME', contractorNo: 'C0001', role: '事業者責任者' },
    ]);
    expect(await repos.registry.getUser('U-PRIME')).toMatchObject({ role: '事業者責任者' });
    expect(await repos.registry.companiesOfContractor('C0001')).toEqual(['CO-PRIME']);
    expect((await repos.registry.allSites()).map((s) => s.siteId)).toEqual([SITE]);
    await repos.registry.putSite({
      ...(await repos.registry.getSite(SITE))!,
      siteId: 'S0002',
      createdBy: 'U-PRIME',
    });
    expect((await repos.registry.allSites()).map((s) => s.siteId)).toEqual([SITE, 'S0002']);
    expect(await repos.ledger.reconcile('C0001', 'regular')).toMatchObject({
      ok: true,
      balance: 10_000,
      entries: 1,
    });
    expect(await repos.ledger.balance('C0003', 'special')).toBe(5_000);
    expect(await repos.ledger.balance('C0003', 'regular')).toBe(0);
    // Seeding again credits nothing twice.
    await seedFromMaster(store, masterOf(3));
    expect(await repos.ledger.balance('C0001', 'regular')).toBe(10_000);
  });
});

describe('registry loader (AP-5) and corrections (AP-3, AP-4, AP-10, AP-11, AP-12)', () => {
  it('loads what an import needs, including numbers reached through 事後登録', async () => {
    const scope = { by: 'U-PRIME', siteId: SITE, primeContractorNo: 'C0001' };
    await repos.registry.mapCompany('CO-LATE', 'C0002', scope);
    await repos.registry.mapWorker('W-NEW', 'M000002', scope);
    await repos.registry.forceImport(SITE, 'W000001', { by: 'U-PRIME', reason: '本人確認済' });
    await repos.registry.chooseFirstTier(SITE, 'CO-2ND', 'CO-FIRST', { by: 'U-PRIME' });
    await repos.registry.reviewDoubleEmployer(SITE, '2026-04', 'W000002', { by: 'U-PRIME' });

    const view = await repos.registryLoader.load({
      siteId: SITE,
      workMonth: '2026-04',
      contractorNos: ['C0001', 'C9999'],
      memberNos: ['M000000'],
      companyIds: ['CO-PRIME', 'CO-LATE'],
      workerIds: ['W000000', 'W-NEW', 'W-LATE'],
      primeContractorNo: 'C0001',
    });
    expect(view.contractor('C0001')?.name).toBe('元請建設');
    expect(view.contractor('C9999')).toBeUndefined();
    // The registry's numbers (seeded) and the prime's corrections are told apart.
    expect(view.companyMapping('CO-PRIME')).toBe('C0001');
    expect(view.companyMapping('CO-LATE')).toBeUndefined();
    expect(view.companyCorrection('CO-LATE')).toBe('C0002');
    // Reached only through the correction: loaded in the second round.
    expect(view.contractor('C0002')?.kind).toBe('regular');
    expect(view.workerMapping('W-LATE')).toBe('M000000');
    expect(view.workerCorrection('W-NEW')).toBe('M000002');
    expect(view.member('M000002')?.memberNo).toBe('M000002');
    expect(view.workerMapping('W000000')).toBeUndefined();
    expect(view.isForcedImport(SITE, 'W000001')).toBe(true);
    expect(view.isForcedImport('OTHER', 'W000001')).toBe(false);
    expect(view.isForcedImport(SITE, 'W000000')).toBe(false);
    expect(view.chosenFirstTier(SITE, 'CO-2ND')).toBe('CO-FIRST');
    expect(view.chosenFirstTier('OTHER', 'CO-2ND')).toBeUndefined();
    expect(view.isDoubleEmployerReviewed(SITE, '2026-04', 'W000002')).toBe(true);
    expect(view.isDoubleEmployerReviewed(SITE, '2026-05', 'W000002')).toBe(false);

    const audit = await repos.audit.bySite(SITE);
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['choose-first-tier', 'force-import', 'map-company', 'map-worker', 'review-double-employer'].sort(),
    );
    expect(audit.find((a) => a.action === 'force-import')).toMatchObject({
      actor: 'U-PRIME',
      reason: '本人確認済',
    });
    expect(await repos.audit.byActor('U-PRIME')).toHaveLength(5);
    expect(await repos.registry.correctionsOfSite(SITE)).toEqual({
      forcedWorkerIds: ['W000001'],
      firstTierChoices: [{ companyId: 'CO-2ND', firstTierCompanyId: 'CO-FIRST' }],
    });
  });

  it('R-MAPPING-SCOPE: a correction reaches only the prime that made it; a legacy global one only its maker', async () => {
    await repos.registry.putUser({ userId: 'U-OTHER', contractorNo: 'C0003', role: '管理者' });
    await repos.registry.mapCompany('CO-X', 'C0002', {
      by: 'U-OTHER',
      siteId: 'S-OTHER',
      primeContractorNo: 'C0003',
    });
    // Written the way corrections were stored before they were scoped: global, with the user who made it.
    await store.entities.companyMapping
      .build(PutItemCommand)
      .item({ companyId: 'CO-OLD', contractorNo: 'C0002', registeredBy: 'U-PRIME' })
      .send();
    await store.entities.workerMapping
      .build(PutItemCommand)
      .item({ workerId: 'W-OLD', memberNo: 'M000001', registeredBy: 'U-OTHER' })
      .send();
    const needs = {
      siteId: SITE,
      workMonth: '2026-04',
      contractorNos: [],
      memberNos: [],
      companyIds: ['CO-X', 'CO-OLD'],
      workerIds: ['W-OLD'],
    };
    const asC0001 = await repos.registryLoader.load({ ...needs, primeContractorNo: 'C0001' });
    expect(asC0001.companyCorrection('CO-X')).toBeUndefined();
    expect(asC0001.companyCorrection('CO-OLD')).toBe('C0002');
    expect(asC0001.workerCorrection('W-OLD')).toBeUndefined();
    // A legacy correction is never taken for the registry's own number.
    expect(asC0001.companyMapping('CO-OLD')).toBeUndefined();
    const asC0003 = await repos.registryLoader.load({ ...needs, primeContractorNo: 'C0003' });
    expect(asC0003.companyCorrection('CO-X')).toBe('C0002');
    expect(asC0003.companyCorrection('CO-OLD')).toBeUndefined();
    expect(asC0003.workerCorrection('W-OLD')).toBe('M000001');
    const noPrime = await repos.registryLoader.load(needs);
    expect(noPrime.companyCorrection('CO-X')).toBeUndefined();
    expect(noPrime.companyCorrection('CO-OLD')).toBeUndefined();
  });

  it('answers an empty view for an empty import', async () => {
    const view = await repos.registryLoader.load({
      siteId: '',
      workMonth: '',
      contractorNos: [],
      memberNos: [],
      companyIds: [],
      workerIds: [],
    });
    expect(view.contractor('C0001')).toBeUndefined();
  });
});

describe('imports and lines (AP-13, AP-14, AP-15)', () => {
  const MONTH = '2026-05';

  it('saves, replaces before a charge, keeps old lines, and pins the month once charged', async () => {
    const lines = linesOf(3);
    expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'I1', lines), lines)).toEqual({
      status: 'saved',
    });
    expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'I1', lines), lines)).toEqual({
      status: 'exists',
    });
    expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'I2', lines), lines, 'WRONG')).toEqual({
      status: 'conflict',
      currentImportId: 'I1',
    });
    const two = lines.slice(0, 2);
    expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'I2', two), two, 'I1')).toEqual({
      status: 'saved',
      replacedImportId: 'I1',
    });
    expect((await repos.imports.currentImport(SITE, MONTH))?.importId).toBe('I2');
    expect((await repos.imports.getImport(SITE, MONTH, 'I1'))?.supersededBy).toBe('I2');
    // Nothing deleted: the superseded import keeps its lines.
    expect(await repos.imports.lines(SITE, MONTH, 'I1')).toHaveLength(3);
    expect(await repos.imports.lines(SITE, MONTH, 'I2')).toHaveLength(2);

    const adjusted = await repos.imports.adjustLine(
      { siteId: SITE, workMonth: MONTH, importId: 'I2', workerId: 'W000000', employerCompanyId: 'CO-PRIME' },
      {
        days: 4,
        dates: ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04'],
        points: 1_280,
        rates: [{ dailyRate: 320, days: 4 }],
      },
      { by: 'U-PRIME', reason: '重複打刻' },
    );
    expect(adjusted.adjustments).toEqual([
      expect.objectContaining({ fromDays: 5, toDays: 4, reason: '重複打刻', by: 'U-PRIME' }),
    ]);
    const stored = (await repos.imports.lines(SITE, MONTH, 'I2')).find((l) => l.workerId === 'W000000');
    expect(stored).toMatchObject({
      days: 4,
      points: 1_280,
      adjustments: [expect.objectContaining({ toDays: 4 })],
    });

    // Revalidation re-resolves lines; the adjusted line keeps its adjusted days.
    const resolved = two.map((l) => ({ ...l, firstTierCompanyId: 'CO-FIRST' }));
    await repos.imports.updateValidation(
      SITE,
      MONTH,
      'I2',
      '要修正',
      [
        {
          code: 'F-WORKER-NAME',
          workerId: 'W000001',
          message: '建退共登録の被共済者情報の内容と異なります。',
        },
      ],
      resolved,
      [],
    );
    const revalidated = await repos.imports.lines(SITE, MONTH, 'I2');
    expect(revalidated.map((l) => [l.workerId, l.days, l.firstTierCompanyId])).toEqual([
      ['W000000', 4, 'CO-FIRST'],
      ['W000001', 5, 'CO-FIRST'],
    ]);
    await expect(repos.imports.updateValidation(SITE, MONTH, 'I1', '予約可能', [], resolved)).rejects.toThrow(
      /not open/,
    );
    expect(await repos.imports.getImport(SITE, MONTH, 'I2')).toMatchObject({
      status: '要修正',
      flags: [{ code: 'F-WORKER-NAME' }],
    });
    // A superseded import cannot be revalidated or adjusted.
    await expect(repos.imports.updateValidation(SITE, MONTH, 'I1', '予約可能', [])).rejects.toThrow();

    await repos.imports.markCharged(SITE, MONTH, 'I2', '2026-06-01T00:00:00Z');
    await repos.imports.markCharged(SITE, MONTH, 'I2', '2026-06-02T00:00:00Z');
    expect((await repos.imports.getImport(SITE, MONTH, 'I2'))?.chargedAt).toBe('2026-06-01T00:00:00Z');
    expect(await repos.imports.saveImport(importOf(SITE, MONTH, 'I3', lines), lines)).toEqual({
      status: 'charged',
      chargedImportId: 'I2',
    });
    await expect(
      repos.imports.adjustLine(
        {
          siteId: SITE,
          workMonth: MONTH,
          importId: 'I2',
          workerId: 'W000001',
          employerCompanyId: 'CO-PRIME',
        },
        { days: 1, dates: ['2026-04-01'], points: 320, rates: [{ dailyRate: 320, days: 1 }] },
        { by: 'U-PRIME', reason: 'x' },
      ),
    ).rejects.toThrow();
  });

  it('records a refused file without making it current', async () => {
    await repos.imports.saveRefusal({
      ...importOf(SITE, '2026-06', 'R1', []),
      errors: [{ line: 2, column: '就業日', message: '日付の形式が不正です' }],
    });
    await repos.imports.saveRefusal({ ...importOf(SITE, '2026-06', 'R1', []), errors: [] });
    expect(await repos.imports.currentImport(SITE, '2026-06')).toBeUndefined();
    const all = await repos.imports.importsOfMonth(SITE, '2026-06');
    expect(all).toEqual([
      expect.objectContaining({ importId: 'R1', status: 'refused', errors: [expect.anything()] }),
    ]);
  });
});

describe('reports and applications (AP-16, AP-17, AP-18)', () => {
  const MONTH = '2026-07';

  it('moves 申請 → 差戻し → 申請 → 承認 → 充当済, refusing other steps', async () => {
    const lines = linesOf(2);
    await repos.imports.saveImport(importOf(SITE, MONTH, 'I1', lines), lines);
    await repos.workflow.reportFirstTier({
      siteId: SITE,
      workMonth: MONTH,
      firstTierCompanyId: 'CO-FIRST',
      importId: 'I1',
      workers: 2,
      days: 10,
      points: 3_200,
      reportedBy: 'U-FIRST',
      reportedAt: '2026-08-11T00:00:00Z',
    });
    expect(await repos.workflow.reports(SITE, MONTH)).toEqual([
      expect.objectContaining({ firstTierCompanyId: 'CO-FIRST' }),
    ]);

    const app = {
      siteId: SITE,
      workMonth: MONTH,
      importId: 'I1',
      primeContractorNo: 'C0001',
      pointKind: 'regular' as const,
      points: 3_200,
      workers: 2,
      days: 10,
      appliedBy: 'U-PRIME',
    };
    expect(await repos.workflow.approve(SITE, MONTH, { by: 'U-PRIME' }, 't0')).toEqual({
      status: 'refused',
      current: undefined,
    });
    const applied = await repos.workflow.apply(app, '2026-08-12T00:00:00Z');
    expect(applied).toMatchObject({
      status: 'ok',
      record: { status: '申請', revision: 1, applicationId: `${SITE}:${MONTH}` },
    });
    expect((await repos.workflow.apply(app, 't')).status).toBe('refused');
    expect(await repos.workflow.applicationsOfContractor('C0001', '申請')).toHaveLength(1);

    const rejected = await repos.workflow.reject(SITE, MONTH, { by: 'U-PRIME', reason: '日数誤り' }, 't1');
    expect(rejected).toMatchObject({ status: 'ok', record: { status: '差戻し', reason: '日数誤り' } });
    expect(await repos.workflow.applicationsOfContractor('C0001', '申請')).toHaveLength(0);
    expect(await repos.workflow.markApplicationCharged(SITE, MONTH, 't')).toMatchObject({
      status: 'refused',
    });

    // The lifecycle model allows 申請 after 差戻し; storage writes it at the revision the model saw.
    expect(await repos.workflow.apply(app, 't2', 1)).toMatchObject({ status: 'ok', record: { revision: 2 } });
    expect(await repos.workflow.approve(SITE, MONTH, { by: 'U-PRIME' }, 't3')).toMatchObject({
      status: 'ok',
      record: { status: '承認', decidedBy: 'U-PRIME' },
    });
    expect(await repos.workflow.markApplicationCharged(SITE, MONTH, 't4')).toMatchObject({
      status: 'ok',
      record: { status: '充当済', chargedAt: 't4' },
    });
    expect(await repos.workflow.markApplicationCharged(SITE, MONTH, 't5')).toMatchObject({
      status: 'ok',
      record: { chargedAt: 't4' },
    });
    expect(await repos.workflow.applicationsOfContractor('C0001')).toEqual([
      expect.objectContaining({ status: '充当済' }),
    ]);
    const actions = (await repos.audit.bySite(SITE))
      .filter((a) => a.workMonth === MONTH)
      .map((a) => a.action);
    expect(actions).toEqual(['report-first-tier', 'apply', 'reject', 'apply', 'approve']);
  });
});

describe('wait tokens (AP-19)', () => {
  it('keeps the token out of what people see', async () => {
    await repos.imports.saveImport(importOf(SITE, '2026-04', 'I1', linesOf(1)), linesOf(1));
    const wait = {
      siteId: SITE,
      workMonth: '2026-04',
      waitKind: 'Approval' as const,
      importId: 'I1',
      deadline: '2026-05-31',
      createdAt: '2026-05-11T00:00:00Z',
    };
    expect(await repos.waits.put(wait, 'TOKEN-SECRET')).toBe('stored');
    expect(await repos.waits.get(SITE, '2026-04', 'Approval')).toEqual(wait);
    expect(await repos.waits.token(SITE, '2026-04', 'Approval')).toBe('TOKEN-SECRET');
    // A clear for an older token leaves the newer wait alone.
    await repos.waits.clear(SITE, '2026-04', 'Approval', 'OLD-TOKEN');
    expect(await repos.waits.token(SITE, '2026-04', 'Approval')).toBe('TOKEN-SECRET');
    await repos.waits.clear(SITE, '2026-04', 'Approval', 'TOKEN-SECRET');
    expect(await repos.waits.token(SITE, '2026-04', 'Approval')).toBeUndefined();
    await repos.waits.clear(SITE, '2026-04', 'Approval');
    expect(await repos.waits.get(SITE, '2026-04', 'Approval')).toBeUndefined();
  });

  it('stores a wait only for the import that is the month current one, in the same write', async () => {
    const month = '2026-03';
    const wait = (importId: string) => ({
      siteId: SITE,
      workMonth: month,
      waitKind: 'Application' as const,
      importId,
      deadline: '2026-04-30',
      createdAt: '2026-04-11T00:00:00Z',
    });
    // No import at all for the month: nothing to wait for.
    expect(await repos.waits.put(wait('I-OLD'), 'T-NONE')).toBe('not-current');
    await repos.imports.saveImport(importOf(SITE, month, 'I-OLD', linesOf(1)), linesOf(1));
    expect(await repos.waits.put(wait('I-OLD'), 'T-OLD')).toBe('stored');
    await repos.imports.saveImport(importOf(SITE, month, 'I-NEW', linesOf(1)), linesOf(1));
    expect(await repos.waits.put(wait('I-NEW'), 'T-NEW')).toBe('stored');
    // The run of the replaced file comes late: it stores nothing and the newer run's token stays.
    expect(await repos.waits.put(wait('I-OLD'), 'T-LATE')).toBe('not-current');
    expect(await repos.waits.token(SITE, month, 'Application')).toBe('T-NEW');
    expect((await repos.waits.get(SITE, month, 'Application'))?.importId).toBe('I-NEW');
    // Its notices travel with it: queued with a current wait, never with a refused one.
    const notice = (messageId: string, importId: string) => ({
      messageId,
      notice: 'await-Application',
      to: 'C0001',
      siteId: SITE,
      workMonth: month,
      payload: { importId },
      createdAt: '2026-04-11T00:00:00Z',
    });
    expect(await repos.waits.put(wait('I-OLD'), 'T-LATE', [notice('n-old', 'I-OLD')])).toBe('not-current');
    expect(await repos.waits.put(wait('I-NEW'), 'T-NEW2', [notice('n-new', 'I-NEW')])).toBe('stored');
    const queued = (await repos.outbox.pending(1000)).filter(
      (m) => m.siteId === SITE && m.workMonth === month,
    );
    expect(queued.map((m) => m.messageId)).toEqual(['n-new']);
    await repos.outbox.markSent('n-new', '2026-04-11T00:00:01Z');
  });

  it('is stored under the key a direct state-machine write would use', async () => {
    await repos.imports.saveImport(importOf(SITE, '2026-09', 'I', linesOf(1)), linesOf(1));
    await repos.waits.put(
      {
        siteId: SITE,
        workMonth: '2026-09',
        waitKind: 'Purchase',
        importId: 'I',
        deadline: 'd',
        createdAt: 'c',
      },
      'T',
    );
    const { Items = [] } = await store.documentClient.send(new ScanCommand({ TableName: store.tableName }));
    expect(Items.find((i) => i.taskToken === 'T')).toMatchObject(keys.waitToken(SITE, '2026-09', 'Purchase'));
  });
});

describe('outbox (AP-24)', () => {
  it('lists pending messages oldest first and drops them from the index once sent', async () => {
    const base = { notice: 'charged', to: 'C0001', payload: { points: 3_200 } };
    await repos.outbox.enqueue({ ...base, messageId: 'm2', createdAt: '2026-05-02T00:00:00Z' });
    await repos.outbox.enqueue({ ...base, messageId: 'm1', createdAt: '2026-05-01T00:00:00Z', siteId: SITE });
    await repos.outbox.enqueue({ ...base, messageId: 'm1', createdAt: '2026-05-09T00:00:00Z' });
    expect((await repos.outbox.pending()).map((m) => m.messageId)).toEqual(['m1', 'm2']);
    await repos.outbox.markSent('m1', '2026-05-03T00:00:00Z');
    expect((await repos.outbox.pending()).map((m) => m.messageId)).toEqual(['m2']);
    await expect(repos.outbox.markSent('nope', 't')).rejects.toThrow();
  });
});

describe('contributions (AP-23)', () => {
  it('adds the days once per member × month × site × employer', async () => {
    const lines = [
      { memberNo: 'M000000', employerCompanyId: 'CO-A', days: 3 },
      { memberNo: 'M000000', employerCompanyId: 'CO-B', days: 2 },
      { memberNo: 'M000001', employerCompanyId: 'CO-A', days: 4 },
      { memberNo: null, employerCompanyId: 'CO-A', days: 4 },
      { memberNo: 'M-UNKNOWN', employerCompanyId: 'CO-A', days: 1 },
    ];
    const first = await repos.contributions.recordContributions(SITE, '2026-04', lines, 't');
    expect(first).toEqual({ recorded: 2, alreadyRecorded: 0, skipped: 2 });
    const again = await repos.contributions.recordContributions(SITE, '2026-04', lines, 't');
    expect(again).toEqual({ recorded: 0, alreadyRecorded: 2, skipped: 2 });
    expect((await repos.registry.getMember('M000000'))?.days).toBe(15);
    expect((await repos.registry.getMember('M000001'))?.days).toBe(14);
    expect(await repos.contributions.contributionsOf('M000000')).toEqual([
      { workMonth: '2026-04', siteId: SITE, employerCompanyId: 'CO-A', days: 3 },
      { workMonth: '2026-04', siteId: SITE, employerCompanyId: 'CO-B', days: 2 },
    ]);
  });
});
