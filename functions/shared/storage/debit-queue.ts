// The debits of one balance (contractor × point kind) take turns: a ticket queue on one item of the
// ledger partition, so N months of one prime approved at once do not all read the balance, race on its
// seq and retry (measured before: 167 ledger transactions for 50 debits). It works the same in AWS and
// on the local stack, since it is plain DynamoDB:
//   enter: UpdateItem ADD next 1 (atomic, never refused) → my ticket; serving starts at 1;
//   wait:  while serving < my ticket, sleep about (ticket − serving) × the pace seen so far, read again;
//   leave: UpdateItem SET serving = ticket + 1 IF serving = ticket.
// The queue orders attempts, it does not make them correct: the ledger's own conditions (the entry's
// key, the balance's seq and amount) keep every debit exactly-once whatever the queue does. So a turn
// held too long (a Lambda that died holding it, or a ticket taken by one that timed out waiting) is
// skipped once serving has not moved for HOLD_MS (timed by each waiter's own clock, so no clocks are
// compared), and a queue that cannot be read just lets the debit go ahead.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './common.js';
import { keys } from './keys.js';

/** A turn not handed on within this time is skipped (a debit takes well under a second). */
export const HOLD_MS = 10_000;
/** The sort key of the queue item in the balance's ledger partition. */
export const DEBIT_QUEUE_SK = 'DEBIT-QUEUE';

export interface DebitTurn {
  /** Hands the turn to the next ticket (only if this one still holds it). */
  leave(): Promise<void>;
  /** Reads of the queue while waiting (the benchmark reports them). */
  waits: number;
}

export class DebitQueue {
  constructor(
    private readonly client: {
      send(
        command: UpdateCommand | GetCommand,
      ): Promise<{ Attributes?: unknown; Item?: unknown } | undefined>;
    },
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private key(contractorNo: string, pointKind: 'regular' | 'special') {
    return { PK: keys.ledgerPartition(contractorNo, pointKind), SK: DEBIT_QUEUE_SK };
  }

  async enter(contractorNo: string, pointKind: 'regular' | 'special'): Promise<DebitTurn> {
    const Key = this.key(contractorNo, pointKind);
    const taken = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET serving = if_not_exists(serving, :one) ADD #next :one',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const a = taken?.Attributes as { next?: number; serving?: number } | undefined;
    const turn: DebitTurn = { leave: async () => undefined, waits: 0 };
    if (typeof a?.next !== 'number' || typeof a.serving !== 'number') return turn;
    const ticket = a.next;
    let serving = a.serving;
    // The pace of the queue (ms per turn), learnt from how fast serving moves; 50 ms to start.
    let pace = 50;
    let seen = { serving, at: this.clock() };
    while (serving < ticket) {
      if (this.clock() - seen.at > HOLD_MS) {
        await this.handOn(Key, serving, serving + 1);
      } else {
        // The next in line looks often (a turn takes tens of ms); the others sleep through the turns ahead.
        const ahead = ticket - serving;
        const ms = (ahead <= 1 ? 20 : Math.min(1_000, (ahead - 1) * pace)) * (0.8 + Math.random() * 0.4);
        await new Promise((r) => setTimeout(r, ms));
      }
      const read = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      turn.waits++;
      const item = read?.Item as { serving?: number } | undefined;
      if (typeof item?.serving !== 'number') break;
      serving = item.serving;
      if (serving > seen.serving) {
        const now = this.clock();
        pace = (pace + Math.max(5, (now - seen.at) / (serving - seen.serving))) / 2;
        seen = { serving, at: now };
      }
    }
    turn.leave = () => this.handOn(Key, ticket, ticket + 1);
    return turn;
  }

  private async handOn(Key: Record<string, string>, from: number, to: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET serving = :to',
          ConditionExpression: 'serving = :from',
          ExpressionAttributeValues: { ':from': from, ':to': to },
        }),
      );
    } catch (err) {
      // Someone else moved it on (this turn was skipped, or another waiter skipped the same one).
      if (!isConditionFailure(err)) throw err;
    }
  }
}
