// Step Functions task tokens of the waits for people, one per site × month × wait kind. The token is
// a bearer credential for resuming the execution: only token() returns it, nothing else exposes it.

import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { OutboxMessage, WaitInfo, WaitKind, WaitTokenStore } from '../../../domain/ports/storage.js';
import type { AccessPatterns } from './access-patterns.js';
import { cancellationReasons, fieldsOf, isConditionFailure, pick } from './common.js';
import type { Entities, Store, StoredItem } from './entities.js';
import { gsi1 } from './keys.js';
import { outboxPutTransaction } from './outbox.js';

const WAIT_FIELDS = fieldsOf<WaitInfo>()(
  'siteId',
  'workMonth',
  'waitKind',
  'importId',
  'deadline',
  'createdAt',
);

/** What a wait shows to people: never its task token. */
const toWait = (i: StoredItem<'waitToken'>): WaitInfo => pick(i, WAIT_FIELDS);

export class DynamoWaitTokenStore implements WaitTokenStore {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  /**
   * AP-19 (write): a new wait replaces the previous token of the same kind, in one transaction with a
   * check of the month state: its import must still be the month's current one. A run whose file was replaced meanwhile stores nothing and is told so, so no
   * wait ever points at a stale import and no newer run's token is overwritten. The wait's notices
   * travel in the same transaction: none is queued about an import that is no longer current.
   */
  async put(
    wait: WaitInfo,
    taskToken: string,
    notices: readonly Omit<OutboxMessage, 'sentAt'>[] = [],
  ): Promise<'stored' | 'not-current'> {
    const { siteId, workMonth, importId } = wait;
    try {
      await executeTransactWrite(
        this.e.waitToken.build(PutTransaction).item({
          ...wait,
          taskToken,
          ...gsi1.openWait(wait.deadline, wait.siteId, wait.workMonth, wait.waitKind),
        }),
        this.e.monthState
          .build(ConditionCheck)
          .key({ siteId, workMonth })
          // Current, whether or not the month was charged before: a file after the charge (R-LATE-DAYS)
          // becomes current beside the charged import and waits for its 追加申請.
          .condition({ attr: 'currentImportId', eq: importId }),
        ...notices.map((m) => outboxPutTransaction(this.e, m)),
      );
      return 'stored';
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons?.[1] === 'ConditionalCheckFailed') return 'not-current';
      // A retried task: its notices are queued already (same ids); store the wait alone.
      if (notices.length > 0 && reasons?.slice(2).includes('ConditionalCheckFailed'))
        return this.put(wait, taskToken);
      throw err;
    }
  }

  private async read(siteId: string, workMonth: string, waitKind: WaitKind) {
    const { Item } = await this.e.waitToken
      .build(GetItemCommand)
      .key({ siteId, workMonth, waitKind })
      .options({ consistent: true })
      .send();
    return Item;
  }

  /** AP-19: the token, for the callback sender only. */
  async token(siteId: string, workMonth: string, waitKind: WaitKind): Promise<string | undefined> {
    return (await this.read(siteId, workMonth, waitKind))?.taskToken;
  }

  /** AP-19: what a wait shows to people (kind, deadline…), without the token. */
  async get(siteId: string, workMonth: string, waitKind: WaitKind): Promise<WaitInfo | undefined> {
    const i = await this.read(siteId, workMonth, waitKind);
    return i && toWait(i);
  }

  /** AP-30: the open waits (GSI1 `WAIT#OPEN`, by deadline); a wait leaves it when its item is deleted. */
  async open(): Promise<WaitInfo[]> {
    const { Items = [] } = await this.ap.openWaits.query({}).send();
    return Items.map(toWait);
  }

  /**
   * AP-19 (delete): once resumed; a used token is worthless. With `onlyToken`, a newer wait of the same
   * kind (another token) is left alone.
   */
  async clear(siteId: string, workMonth: string, waitKind: WaitKind, onlyToken?: string): Promise<void> {
    const del = this.e.waitToken.build(DeleteItemCommand).key({ siteId, workMonth, waitKind });
    if (onlyToken === undefined) {
      await del.send();
      return;
    }
    try {
      await del.options({ condition: { attr: 'taskToken', eq: onlyToken } }).send();
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}
