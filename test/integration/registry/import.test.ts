// The registry import on moto_server, below the local stack: a large file written in rounds and an import
// cut short that the next delivery of the same file finishes (the refund still paid once), a full export
// that ends — never deletes — what it lacks, and the counts each run reports.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executions } from '../../../domain/ports/cycle.js';
import { importRegistryFile, type RegistryImportDeps } from '../../../functions/shared/registry/import.js';
import {
  createRepositories,
  createStore,
  type Repositories,
  type Store,
} from '../../../functions/shared/storage/index.js';
import { seedFromMaster } from '../../../functions/shared/storage/seed.js';
import { countCalls } from '../support/counter.js';
import { documentClientOf, freshStore, type Moto, startMoto } from '../support/moto.js';

const HEADER =
  '種別,共済契約者番号,名称,契約種別,状態,被共済者番号,セイ,メイ,掛金納付日数,手帳交付日,手帳更新回数,手帳更新日,消印免除日数,事業者ID';
const PRIME = '1000000001';
const MEMBERS = 1_200;

let moto: Moto;
let store: Store;
let repos: Repositories;
let client: Parameters<typeof documentClientOf>[0];

const executions: Executions = {
  start: async () => 'started',
  resume: async () => 'resumed',
  fail: async () => 'failed',
};
const depsOf = (s: Store): RegistryImportDeps => ({
  store: s,
  cycle: {
    ledger: repos.ledger,
    waits: repos.waits,
    imports: repos.imports,
    executions,
    now: () => new Date('2026-11-13T00:00:00Z'),
  },
});

const memberNo = (i: number) => `6${String(i).padStart(9, '0')}`;
/** 1,200 members of the prime; the first one's first book renewed at 300 days. */
function bigFile(extra = ''): Buffer {
  const rows = [HEADER, `共済契約者,${PRIME},元請建設,一般,,,,,,,,,,`];
  for (let i = 0; i < MEMBERS; i++)
    rows.push(
      i === 0
        ? `被共済者,${PRIME},,一般,,${memberNo(i)},ヤマダ,タロウ,300,,1,2026-11-02,,`
        : `被共済者,${PRIME},,一般,,${memberNo(i)},ヤマダ,タロウ,${i % 250},,0,,,`,
    );
  return Buffer.from(`${rows.join('\n')}\n${extra}`);
}

/** The same table through a client whose BatchWriteItem fails after `calls` calls (a Lambda cut short). */
function failingAfter(calls: number): Store {
  const real = documentClientOf(client);
  let n = 0;
  const cut = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: unknown, ...rest: unknown[]) => {
        if (command instanceof BatchWriteCommand && ++n > calls)
          return Promise.reject(Object.assign(new Error('cut short'), { name: 'TimeoutError' }));
        return (target.send as (...a: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  }) as DynamoDBDocumentClient;
  return createStore(cut, store.tableName);
}

beforeAll(async () => {
  moto = await startMoto();
  ({ store, client } = await freshStore(moto, 'registry'));
  repos = createRepositories(store);
  await seedFromMaster(store, {
    contractors: [{ contractorNo: PRIME, name: '元請建設', kind: 'regular', active: true, points: 0 }],
    members: [
      {
        memberNo: memberNo(0),
        kanaFamily: 'ヤマダ',
        kanaGiven: 'タロウ',
        kind: 'regular',
        days: 280,
        firstBook: true,
      },
    ],
    companyMappings: [{ companyId: '10000000000001', contractorNo: PRIME }],
    workerMappings: [],
    sites: [],
  });
}, 60_000);
afterAll(() => moto?.stop());

describe('registry import: large files, resumption, full exports', () => {
  it('R-EXEMPT: an import cut short is finished by the same file; counts kept, the refund paid once', async () => {
    // 1,201 records in rounds of 500: the cut comes in the second round (after 25 batches of 25).
    await expect(
      importRegistryFile(depsOf(failingAfter(25)), { body: bigFile(), key: 'registry/big.csv' }),
    ).rejects.toThrow('cut short');
    expect(await repos.ledger.balance(PRIME, 'regular')).toBe(16_000);
    expect(await repos.registry.getMember(memberNo(MEMBERS - 1))).toBeUndefined();

    const resumed = await importRegistryFile(depsOf(store), { body: bigFile(), key: 'registry/big.csv' });
    expect(resumed).toMatchObject({
      status: 'imported',
      resumed: true,
      rows: MEMBERS + 1,
      // As first computed: the resumed run found part of the work done.
      counts: { 被共済者: { added: MEMBERS - 1, changed: 1, ended: 0, unchanged: 0 } },
      renewals: { renewals: 1, refunded: 1, points: 16_000 },
    });
    expect(await repos.registry.getMember(memberNo(MEMBERS - 1))).toMatchObject({
      days: (MEMBERS - 1) % 250,
    });
    expect(await repos.ledger.balance(PRIME, 'regular')).toBe(16_000);
    expect((await repos.ledger.reconcile(PRIME, 'regular')).ok).toBe(true);

    const replay = await importRegistryFile(depsOf(store), { body: bigFile(), key: 'registry/big.csv' });
    expect(replay).toMatchObject({
      status: 'already-imported',
      counts: resumed.status !== 'refused' && resumed.counts,
    });
  });

  it('a full export ends what it lacks — kept with 状態 and endedAt, no longer found by validation', async () => {
    const last = memberNo(MEMBERS - 1);
    const full = Buffer.from(
      `${bigFile()
        .toString()
        .split('\n')
        .filter((l) => !l.includes(`,${last},`))
        .join('\n')}`,
    );
    const out = await importRegistryFile(depsOf(store), { body: full, key: 'registry/full/2026-11.csv' });
    expect(out).toMatchObject({
      status: 'imported',
      full: true,
      // The file has no 事業者 rows: mappings are not ended by it.
      counts: {
        被共済者: { added: 0, changed: 0, ended: 1, unchanged: MEMBERS - 1 },
        事業者: { added: 0, changed: 0, ended: 0, unchanged: 0 },
      },
    });
    const raw = await repos.registryLoader.batchGet([{ PK: `MEMBER#${last}`, SK: 'PROFILE' }]);
    expect(raw[0]).toMatchObject({ status: '脱退', endedAt: '2026-11-13T00:00:00.000Z' });
    const view = await repos.registryLoader.load({
      siteId: '',
      workMonth: '',
      contractorNos: [],
      memberNos: [last, memberNo(1)],
      companyIds: ['10000000000001'],
      workerIds: [],
    });
    expect(view.member(last)).toBeUndefined();
    expect(view.member(memberNo(1))).toBeDefined();
    expect(view.companyMapping('10000000000001')).toBe(PRIME);
  });
  it('writes in batches: 25 records per BatchWriteItem, reads by BatchGetItem, one history item', async () => {
    const calls = countCalls(client);
    const rows = [HEADER];
    for (let i = 0; i < 1_000; i++)
      rows.push(`被共済者,${PRIME},,一般,,7${String(i).padStart(9, '0')},スズキ,ハナコ,0,,0,,,`);
    const out = await importRegistryFile(depsOf(store), {
      body: Buffer.from(rows.join('\n')),
      key: 'registry/batch.csv',
    });
    expect(out).toMatchObject({ status: 'imported', counts: { 被共済者: { added: 1_000 } } });
    const by = calls.byCommand();
    // 1,000 records: 40 batches; 1,000 member keys + 1 contractor key in batches of 100: 11 reads.
    expect(by.BatchWriteItem).toBe(40);
    expect(by.BatchGetItem).toBe(11);
    // The history: started, checkpointed after each of the 2 rounds, done; nothing written per record.
    expect(by.PutItem).toBe(4);
    expect(by.Scan).toBeUndefined();
  });
});
