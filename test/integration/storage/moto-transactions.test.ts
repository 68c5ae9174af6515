// The local moto launcher restores only a cancelled transaction's own items (infra/local/moto-launcher.py):
// a cancelled TransactWriteItems must still leave nothing of itself, as DynamoDB guarantees.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../functions/shared/storage/entities.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

let moto: Moto;
let store: Store;

beforeAll(async () => {
  moto = await startMoto();
  ({ store } = await freshStore(moto, 'moto-tx'));
});
afterAll(() => moto?.stop());

const get = async (PK: string) =>
  (await store.documentClient.send(new GetCommand({ TableName: store.tableName, Key: { PK, SK: 'X' } })))
    .Item;

describe('local moto transactions', () => {
  it('a cancelled transaction writes nothing: puts undone, updates undone, others untouched', async () => {
    const T = store.tableName;
    await store.documentClient.send(new PutCommand({ TableName: T, Item: { PK: 'A', SK: 'X', n: 1 } }));
    await store.documentClient.send(new PutCommand({ TableName: T, Item: { PK: 'OTHER', SK: 'X', n: 7 } }));
    const tx = store.documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: T, Item: { PK: 'NEW', SK: 'X', n: 1 } } },
          {
            Update: {
              TableName: T,
              Key: { PK: 'A', SK: 'X' },
              UpdateExpression: 'SET n = :two',
              ExpressionAttributeValues: { ':two': 2 },
            },
          },
          {
            ConditionCheck: {
              TableName: T,
              Key: { PK: 'MISSING', SK: 'X' },
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ],
      }),
    );
    await expect(tx).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await get('NEW')).toBeUndefined();
    expect((await get('A'))?.n).toBe(1);
    expect((await get('OTHER'))?.n).toBe(7);
    const calls = await moto.calls();
    expect(calls['TransactWriteItems:failed']).toBe(1);
    expect(calls['TransactWriteItems:items']).toBe(3);
  });
});
