// The ledger's transaction shape and the batch loader's chunking, with a mocked DocumentClient.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchWriteAll, cancellationReasons } from '../../../functions/shared/storage/common.js';
import { createStore } from '../../../functions/shared/storage/entities.js';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { DynamoRegistryLoader } from '../../../functions/shared/storage/registry.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-1' }));
const ddb = mockClient(doc);
const store = createStore(doc, 'app-table');

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

// The toolbox timestamps every item it writes and expects them back.
const STAMPS = { _ct: '2026-05-01T00:00:00.000Z', _md: '2026-05-01T00:00:00.000Z' };

beforeEach(() => ddb.reset());

describe('ledger debit: one TransactWriteItems (R-CHARGE)', () => {
  const ledger = new DynamoLedger(store, { now: () => '2026-05-14T00:00:00.000Z' });
  const input = {
    contractorNo: 'C1',
    pointKind: 'regular' as const,
    applicationId: 'S1:2026-04',
    amount: 3_200,
  };

  it('puts the entry (must not exist) and updates the balance (unchanged, covers the amount)', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        ...STAMPS,
        _et: 'LedgerBalance',
        contractorNo: 'C1',
        pointKind: 'regular',
        balance: 10_000,
        seq: 4,
      },
    });
    ddb.on(TransactWriteCommand).resolves({});
    expect(await ledger.debit(input)).toEqual({
      status: 'debited',
      balanceBefore: 10_000,
      balanceAfter: 6_800,
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put).toMatchObject({
      TableName: 'app-table',
      Item: {
        PK: 'LEDGER#C1#regular',
        SK: 'ENTRY#debit#S1:2026-04',
        amount: 3_200,
        balanceBefore: 10_000,
        balanceAfter: 6_800,
        seq: 5,
      },
      ConditionExpression: expect.stringContaining('attribute_not_exists'),
    });
    const update = items[1]!.Update!;
    expect(update.Key).toEqual({ PK: 'LEDGER#C1#regular', SK: 'BALANCE' });
    expect(update.ConditionExpression).toMatch(/>=/);
    expect(Object.values(update.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining([4, 3_200, 6_800, 5]),
    );
  });

  it('writes nothing when the balance is short', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({
        Item: {
          ...STAMPS,
          _et: 'LedgerBalance',
          contractorNo: 'C1',
          pointKind: 'regular',
          balance: 100,
          seq: 1,
        },
      })
      .resolves({});
    expect(await ledger.debit(input)).toEqual({ status: 'insufficient', balance: 100 });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('tells a replay (entry exists) from a moved balance by the cancellation reasons', async () => {
    const balance = {
      ...STAMPS,
      _et: 'LedgerBalance',
      contractorNo: 'C1',
      pointKind: 'regular',
      balance: 10_000,
      seq: 4,
    };
    const first = {
      ...STAMPS,
      _et: 'LedgerEntry',
      contractorNo: 'C1',
      pointKind: 'regular',
      kind: 'debit',
      refId: 'S1:2026-04',
      amount: 3_200,
      balanceBefore: 9_000,
      balanceAfter: 5_800,
      seq: 3,
      at: 't',
    };
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: balance })
      .resolvesOnce({ Item: { ...balance, seq: 5 } })
      .resolvesOnce({ Item: first });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'));
    expect(await ledger.debit(input)).toEqual({
      status: 'already-debited',
      balanceBefore: 9_000,
      balanceAfter: 5_800,
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('costs 4 WCU: two items under 1 KB, 2 WCU each in a transaction', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        ...STAMPS,
        _et: 'LedgerBalance',
        contractorNo: 'C1',
        pointKind: 'regular',
        balance: 10_000,
        seq: 4,
      },
    });
    ddb.on(TransactWriteCommand).resolves({});
    await ledger.debit(input);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    for (const i of items)
      expect(Buffer.byteLength(JSON.stringify(i.Put?.Item ?? i.Update))).toBeLessThan(1_024);
    expect(items.length * 2).toBe(4);
  });

  it('rethrows errors that are not cancellations', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(new Error('network'));
    await expect(ledger.purchase('C1', 'regular', 'P1', 5)).rejects.toThrow('network');
    expect(cancellationReasons(new Error('x'))).toBeUndefined();
    expect(cancellationReasons(null)).toBeUndefined();
  });

  it('gives up when the balance keeps moving', async () => {
    const l = new DynamoLedger(store, { maxAttempts: 2 });
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict'));
    await expect(l.purchase('C1', 'regular', 'P1', 5)).rejects.toThrow(/gave up after 2/);
  });
});

describe('registry loader (AP-5): BatchGetItem in chunks of 100, UnprocessedKeys retried', () => {
  it('splits 250 keys into 3 calls and retries the unprocessed ones', async () => {
    const loader = new DynamoRegistryLoader(store, { concurrency: 1 });
    ddb.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems['app-table'].Keys as { PK: string; SK: string }[];
      const first = keys[0]!;
      // The first call leaves its first key unprocessed once.
      const unprocessed = first.PK === 'MEMBER#M000' && keys.length === 100 ? [first] : [];
      const served = keys.filter((k) => !unprocessed.includes(k));
      return {
        Responses: {
          'app-table': served.map((k) => ({
            ...k,
            ...STAMPS,
            _et: 'Member',
            memberNo: k.PK.slice('MEMBER#'.length),
            kanaFamily: 'ヤマダ',
            kanaGiven: 'タロウ',
            kind: 'regular',
            days: 0,
            firstBook: true,
          })),
        },
        UnprocessedKeys: unprocessed.length > 0 ? { 'app-table': { Keys: unprocessed } } : {},
      };
    });
    ddb.on(TransactWriteCommand).resolves({});
    const memberNos = Array.from({ length: 250 }, (_, i) => `M${String(i).padStart(3, '0')}`);
    const view = await loader.load({
      siteId: '',
      workMonth: '',
      contractorNos: [],
      memberNos,
      companyIds: [],
      workerIds: [],
    });
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 4);
    const sizes = ddb
      .commandCalls(BatchGetCommand)
      .map((c) => c.args[0].input.RequestItems!['app-table']!.Keys!.length);
    expect(sizes).toEqual([100, 1, 100, 50]);
    expect(memberNos.every((m) => view.member(m)?.memberNo === m)).toBe(true);
  });

  it('fails loudly when keys stay unprocessed', async () => {
    const loader = new DynamoRegistryLoader(store, { maxAttempts: 2 });
    ddb.on(BatchGetCommand).callsFake((input) => ({ Responses: {}, UnprocessedKeys: input.RequestItems }));
    await expect(
      loader.load({
        siteId: '',
        workMonth: '',
        contractorNos: ['C1'],
        memberNos: [],
        companyIds: [],
        workerIds: [],
      }),
    ).rejects.toThrow(/unprocessed after 2 attempts/);
  });
});

describe('batchWriteAll: 25 per BatchWriteItem, UnprocessedItems retried', () => {
  it('writes 60 items in 3 calls plus one retry', async () => {
    let first = true;
    ddb.on(BatchWriteCommand).callsFake((input) => {
      const reqs = input.RequestItems['app-table'];
      if (first) {
        first = false;
        return { UnprocessedItems: { 'app-table': reqs.slice(0, 2) } };
      }
      return { UnprocessedItems: {} };
    });
    const requests = Array.from({ length: 60 }, (_, i) =>
      store.entities.workerMapping.build(BatchPutRequest).item({ workerId: `W${i}`, memberNo: `M${i}` }),
    );
    await batchWriteAll(store, requests, { concurrency: 1 });
    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems!['app-table']!.length);
    expect(sizes).toEqual([25, 2, 25, 10]);
  });

  it('fails loudly when items stay unprocessed', async () => {
    ddb.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    const requests = [
      store.entities.workerMapping.build(BatchPutRequest).item({ workerId: 'W', memberNo: 'M' }),
    ];
    await expect(batchWriteAll(store, requests, { maxAttempts: 2 })).rejects.toThrow(/unprocessed after 2/);
  });
});
