// Site ownership and scoped corrections against moto_server: real repositories, files imported through the
// cycle's import task, and the API as API Gateway calls it. Attacks first tried by hand: a contractor that
// registers another company's 現場ID (squatting), and a 事後登録 on one prime's site that used to reach
// another prime's file and month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import {
  importWorkRecords,
  SITE_OWNER_NOTICE,
} from '../../../functions/shared/use-cases/import-work-records.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient } from './http.js';
import {
  CO,
  companies,
  depsOf,
  FIRST_A,
  member,
  OTHER,
  OTHER_SITE,
  PRIME,
  SITE,
  seedWorld,
  user,
} from './world.js';

const HEADER =
  '現場ID,現場名,対象年月,出力方法,元請事業者ID,一次事業者ID,所属事業者ID,所属事業者名,階層,共済契約者番号,技能者ID,技能者セイ,技能者メイ,被共済者番号,就業日,職種,立場';
/** The other contractor's own CCUS 事業者ID (its file's 元請). */
const CO_OTHER = '19000000000009';
/** A 一次 company that appears on both primes' sites. */
const CO_X = '29000000000001';
const SQUAT_SITE = '8100000077';

interface Row {
  employer: string;
  firstTier: string | null;
  tier: number;
  contractorNo: string | null;
  workerId: string;
  memberNo: string | null;
}

function csv(siteId: string, workMonth: string, primeCompanyId: string, rows: Row[]): string {
  const ym = workMonth.replace('-', '');
  const lines = rows.map((r) =>
    [
      siteId,
      '現場',
      ym,
      '一次一括',
      primeCompanyId,
      r.firstTier ?? '',
      r.employer,
      `事業者${r.employer.slice(-2)}`,
      r.tier,
      r.contractorNo ?? '',
      r.workerId,
      'ヤマダ',
      'タロウ',
      r.memberNo ?? '',
      `${workMonth}-03`,
      'とび',
      '一般',
    ].join(','),
  );
  return `${[HEADER, ...lines].join('\n')}\n`;
}

const primeRow = (employer: string, contractorNo: string): Row => ({
  employer,
  firstTier: null,
  tier: 0,
  contractorNo,
  workerId: '41000000000001',
  memberNo: member(1),
});
const xRow = (contractorNo: string | null): Row => ({
  employer: CO_X,
  firstTier: CO_X,
  tier: 1,
  contractorNo,
  workerId: '42000000000009',
  memberNo: member(5),
});

let moto: Moto;
let deps: ApiDeps;
const files = new Map<string, string>();

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'ownership');
  deps = {
    ...depsOf(store),
    files: {
      open: async (_bucket, key) => {
        const text = files.get(key);
        if (text === undefined) throw new Error(`no file ${key}`);
        return (async function* () {
          yield new TextEncoder().encode(text);
        })();
      },
    },
  };
  await seedWorld(store, deps);
});
afterAll(() => moto?.stop());

/** Drops a file and runs the cycle's import task on it, as the state machine would. */
async function drop(siteId: string, workMonth: string, text: string, importId: string) {
  const key = `ccus/${siteId}/${workMonth.replace('-', '')}/${importId}.csv`;
  files.set(key, text);
  return importWorkRecords(deps, {
    bucket: 'inbox',
    key,
    versionId: `v-${importId}`,
    siteId,
    workMonth,
    importId,
  });
}

const as = (claims: Parameters<typeof apiClient>[0]) => apiClient(claims, deps);
const primeBoss = () => as(user(PRIME, '事業者責任者'));
const otherBoss = () => as(user(OTHER, '事業者責任者'));
const siteBody = {
  name: '他社の現場ID',
  linkMethod: 'auto',
  outputMethod: '一次一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};

describe('R-SITE-OWNER: a site belongs to its prime', () => {
  it('R-SITE-OWNER: a squatter registers another company’s 現場ID; its file is refused, recorded, and the owner and operators are told', async () => {
    expect((await otherBoss().send('PUT', `/v1/sites/${SQUAT_SITE}`, siteBody)).status).toBe(201);
    // CCUS names PRIME's company (and number) as the 元請 of this 現場ID.
    const text = csv(SQUAT_SITE, '2026-10', CO.prime, [primeRow(CO.prime, PRIME), xRow(FIRST_A)]);
    const out = await drop(SQUAT_SITE, '2026-10', text, 'I-SQUAT');
    expect(out.status).toBe('refused');

    const [refusal] = await deps.imports.importsOfMonth(SQUAT_SITE, '2026-10');
    expect(refusal?.status).toBe('refused');
    expect(refusal?.errors).toEqual([
      { line: 2, column: '元請事業者ID', message: expect.stringContaining('取り込まない') },
    ]);
    // The refusal names neither company.
    expect(JSON.stringify(refusal)).not.toContain(PRIME);
    expect(JSON.stringify(refusal)).not.toContain(CO.prime);
    expect(await deps.imports.currentImport(SQUAT_SITE, '2026-10')).toBeUndefined();

    const notices = (await deps.outbox.pending(100)).filter((m) => m.notice === SITE_OWNER_NOTICE);
    expect(notices.map((m) => m.to).sort()).toEqual([PRIME, 'operators'].sort());
    // A replayed task queues nothing twice.
    await drop(SQUAT_SITE, '2026-10', text, 'I-SQUAT');
    expect((await deps.outbox.pending(100)).filter((m) => m.notice === SITE_OWNER_NOTICE)).toHaveLength(2);

    // The squatter sees a refusal, never the file's data.
    const seen = await otherBoss().get(`/v1/sites/${SQUAT_SITE}/months/2026-10`);
    expect(JSON.stringify(seen.json)).not.toContain('41000000000001');
    expect(JSON.stringify(seen.json)).not.toContain(member(1));
    expect(seen.json.import ?? null).toBeNull();
  });

  it('R-SITE-OWNER: registering a 現場ID held by another prime answers 409 problem+json without naming the holder', async () => {
    const r = await primeBoss().send('PUT', `/v1/sites/${SQUAT_SITE}`, siteBody);
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json.detail).toContain('登録済み');
    const text = JSON.stringify(r.json);
    for (const secret of [OTHER, '他社', 'createdBy', 'primeContractorNo'])
      expect(text).not.toContain(secret);
    // The holder's setting is unchanged.
    expect((await deps.registry.getSite(SQUAT_SITE))?.primeContractorNo).toBe(OTHER);
    // Its own site the prime may still edit.
    expect(
      (await primeBoss().send('PUT', `/v1/sites/${SITE}`, { ...siteBody, name: '○○ビル新築工事' })).status,
    ).toBe(200);
  });

  it('R-SITE-OWNER: a month whose stored import names another 元請 is not the registrant’s (404)', async () => {
    // An import stored before the check existed: the file's 元請 (with its number) is PRIME.
    await deps.imports.saveImport(
      {
        siteId: SQUAT_SITE,
        workMonth: '2026-09',
        importId: 'I-LEGACY',
        fileKey: 'ccus/legacy.csv',
        versionId: 'v-legacy',
        status: '予約可能',
        flags: [],
        totals: { rows: 1, workers: 1, days: 1, points: 320 },
        siteName: '現場',
        outputMethod: '一次一括',
        primeCompanyId: CO.prime,
        companies: [companies[0]!],
        receivedAt: '2026-10-11T00:00:00.000Z',
      },
      [],
    );
    expect((await otherBoss().get(`/v1/sites/${SQUAT_SITE}/months/2026-09`)).status).toBe(404);
    expect((await otherBoss().get(`/v1/sites/${SQUAT_SITE}/months/2026-09/lines`)).status).toBe(404);
  });
});

describe('R-MAPPING-SCOPE: corrections stay with the prime that made them', () => {
  it('R-MAPPING-SCOPE: prime A’s mapping does not reach prime B’s file, and A gets 404 on B’s month', async () => {
    // A (OTHER) maps CO_X, which has no number in A's own file, to A's own contractor number.
    const a = await drop(
      OTHER_SITE,
      '2026-08',
      csv(OTHER_SITE, '2026-08', CO_OTHER, [primeRow(CO_OTHER, OTHER), xRow(null)]),
      'I-A',
    );
    expect(a).toMatchObject({ status: 'imported', importStatus: '要修正' });
    const mapped = await otherBoss().post(`/v1/sites/${OTHER_SITE}/months/2026-08/corrections/company`, {
      companyId: CO_X,
      contractorNo: OTHER,
    });
    expect(mapped.status).toBe(200);

    // B (PRIME) receives a file naming CO_X without a number on B's own site.
    const b = await drop(
      SITE,
      '2026-08',
      csv(SITE, '2026-08', CO.prime, [primeRow(CO.prime, PRIME), xRow(null)]),
      'I-B',
    );
    expect(b).toMatchObject({ status: 'imported', importStatus: '要修正' });
    const imp = await deps.imports.currentImport(SITE, '2026-08');
    expect(imp?.companies.find((c) => c.companyId === CO_X)?.contractorNo).toBeNull();
    expect(imp?.flags.map((f) => [f.code, f.companyId])).toContainEqual(['F-COMPANY', CO_X]);
    expect((await otherBoss().get(`/v1/sites/${SITE}/months/2026-08`)).status).toBe(404);
    expect((await otherBoss().get(`/v1/sites/${SITE}/months/2026-08/lines`)).status).toBe(404);
    expect((await primeBoss().get(`/v1/sites/${SITE}/months/2026-08`)).json.relation).toBe('own');
  });

  it('R-MAPPING-SCOPE: the file’s number beats any mapping, and a mapping over it is refused (422)', async () => {
    const b = await drop(
      SITE,
      '2026-07',
      csv(SITE, '2026-07', CO.prime, [primeRow(CO.prime, PRIME), xRow(FIRST_A)]),
      'I-B7',
    );
    expect(b).toMatchObject({ status: 'imported' });
    const imp = await deps.imports.currentImport(SITE, '2026-07');
    expect(imp?.companies.find((c) => c.companyId === CO_X)).toMatchObject({
      contractorNo: FIRST_A,
      contractorNoSource: 'file',
    });
    expect((await otherBoss().get(`/v1/sites/${SITE}/months/2026-07`)).status).toBe(404);
    const r = await primeBoss().post(`/v1/sites/${SITE}/months/2026-07/corrections/company`, {
      companyId: CO_X,
      contractorNo: PRIME,
    });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('未登録の場合だけ');
    const w = await primeBoss().post(`/v1/sites/${SITE}/months/2026-07/corrections/worker`, {
      workerId: '42000000000009',
      memberNo: member(2),
    });
    expect(w.status).toBe(422);
  });

  it('R-MAPPING-SCOPE: a prime’s mapping keeps working on its own site', async () => {
    const again = await drop(
      OTHER_SITE,
      '2026-08',
      csv(OTHER_SITE, '2026-08', CO_OTHER, [primeRow(CO_OTHER, OTHER), xRow(null)]),
      'I-A2',
    );
    expect(again).toMatchObject({ status: 'imported', importStatus: '予約可能' });
    const imp = await deps.imports.currentImport(OTHER_SITE, '2026-08');
    expect(imp?.companies.find((c) => c.companyId === CO_X)).toMatchObject({
      contractorNo: OTHER,
      contractorNoSource: 'correction',
    });
  });
});
