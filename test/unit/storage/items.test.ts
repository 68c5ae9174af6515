// Reads map the toolbox's formatted items to the port types: the timestamps, index keys and the wait's
// task token stay in storage. With a mocked DocumentClient.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WaitInfo } from '../../../domain/ports/storage.js';
import { fieldsOf, pick } from '../../../functions/shared/storage/common.js';
import { createStore } from '../../../functions/shared/storage/entities.js';
import { gsi1, keys } from '../../../functions/shared/storage/keys.js';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { DynamoWaitTokenStore } from '../../../functions/shared/storage/waits.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-1' }));
const ddb = mockClient(doc);
const store = createStore(doc, 'app-table');
const STAMPS = { _ct: '2026-05-01T00:00:00.000Z', _md: '2026-05-01T00:00:00.000Z' };

beforeEach(() => ddb.reset());

describe('stored items as port records', () => {
  it('a ledger entry reads back without keys, entity name or timestamps', async () => {
    const entry = {
      contractorNo: 'C1',
      pointKind: 'regular' as const,
      kind: 'purchase' as const,
      refId: 'P1',
      amount: 1_000,
      balanceBefore: 0,
      balanceAfter: 1_000,
      seq: 1,
      at: '2026-05-01T00:00:00.000Z',
    };
    ddb.on(GetCommand).resolves({
      Item: {
        ...keys.ledgerEntry('C1', 'regular', 'purchase', 'P1'),
        _et: 'LedgerEntry',
        ...STAMPS,
        ...entry,
      },
    });
    expect(await new DynamoLedger(store).entry('C1', 'regular', 'purchase', 'P1')).toEqual(entry);
  });

  it('the open waits never carry the task token (AP-30)', async () => {
    const wait: WaitInfo = {
      siteId: 'S1',
      workMonth: '2026-10',
      waitKind: 'Approval',
      importId: 'I1',
      deadline: '2026-11-30',
      createdAt: '2026-11-01T00:00:00.000Z',
    };
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.waitToken('S1', '2026-10', 'Approval'),
          ...gsi1.openWait('2026-11-30', 'S1', '2026-10', 'Approval'),
          _et: 'WaitToken',
          ...STAMPS,
          ...wait,
          taskToken: 'secret-token',
        },
      ],
    });
    expect(await new DynamoWaitTokenStore(store).open()).toEqual([wait]);
  });

  it('pick keeps the listed attributes that are set, nothing else', () => {
    const item = { a: 1, b: undefined as number | undefined, c: 'extra' };
    const picked = pick(item, fieldsOf<{ a: number; b?: number }>()('a', 'b'));
    expect(picked).toEqual({ a: 1 });
    expect(Object.keys(picked)).toEqual(['a']);
  });

  it('a field list that leaves out an attribute of the port type does not compile', () => {
    // @ts-expect-error 'b' is missing: the mapper would drop it silently
    const fields = fieldsOf<{ a: number; b?: number }>()('a');
    expect(fields).toEqual(['a']);
  });
});
