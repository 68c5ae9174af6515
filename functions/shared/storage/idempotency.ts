// API Idempotency-Key records (AP-29): one item per caller × key, claimed by a conditional put before the
// request runs, then holding the first response. They expire after 24 h by TTL (expiresAt), the only
// items of the table that do: R-RETAIN concerns records of days, not request receipts.
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { IdempotencyClaim, IdempotencyStore } from '../../../domain/ports/storage.js';
import { isConditionFailure } from './common.js';
import type { Entities, Store } from './entities.js';

/** How long a key answers with the first response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/**
 * An in-progress claim older than this was abandoned: the function times out at 30 s, so nothing runs
 * under it any more and a retry with the same key takes it over and runs the request again. A request
 * that failed on storage leaves its claim to this lock (releasing it would be one more call to a table
 * that just failed); the 409 answered meanwhile says when to retry (Retry-After).
 */
export const IDEMPOTENCY_LOCK_MS = 60_000;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The record is still this request's own in-progress claim (same body fingerprint). */
function ownClaim(fingerprint: string) {
  return {
    and: [
      { attr: 'fingerprint' as const, eq: fingerprint },
      { attr: 'status' as const, eq: 'in-progress' as const },
    ],
  };
}

export class DynamoIdempotencyStore<Reply> implements IdempotencyStore<Reply> {
  private readonly e: Entities;

  constructor(store: Store) {
    this.e = store.entities;
  }

  /**
   * AP-29 (conditional put): claims the key unless a live record holds it. TTL deletion lags (up to days),
   * so an expired record is treated as absent; so is an in-progress claim whose lock ran out.
   */
  async claim(
    scope: string,
    idempotencyKey: string,
    fingerprint: string,
    now: Date,
  ): Promise<IdempotencyClaim<Reply>> {
    try {
      await this.e.idempotency
        .build(PutItemCommand)
        .item({
          scope,
          idempotencyKey,
          fingerprint,
          status: 'in-progress',
          lockedUntil: now.getTime() + IDEMPOTENCY_LOCK_MS,
          expiresAt: seconds(now) + IDEMPOTENCY_TTL_SECONDS,
        })
        .options({
          condition: {
            or: [
              { attr: 'idempotencyKey', exists: false },
              { attr: 'expiresAt', lt: seconds(now) },
              {
                and: [
                  { attr: 'status', eq: 'in-progress' },
                  { attr: 'lockedUntil', lt: now.getTime() },
                ],
              },
            ],
          },
        })
        .send();
      return { status: 'claimed' };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const { Item } = await this.e.idempotency
      .build(GetItemCommand)
      .key({ scope, idempotencyKey })
      .options({ consistent: true })
      .send();
    // Gone between the put and the get (released after a failure): claim again.
    if (!Item) return this.claim(scope, idempotencyKey, fingerprint, now);
    if (Item.status === 'completed' && Item.response !== undefined)
      return {
        status: 'completed',
        fingerprint: Item.fingerprint,
        response: JSON.parse(Item.response) as Reply,
      };
    return { status: 'in-progress', fingerprint: Item.fingerprint, lockedUntil: Item.lockedUntil };
  }

  /** AP-29 (put): the first response, kept until the key expires (24 h after the claim). */
  async complete(
    scope: string,
    idempotencyKey: string,
    fingerprint: string,
    response: Reply,
    now: Date,
  ): Promise<void> {
    await this.e.idempotency
      .build(PutItemCommand)
      .item({
        scope,
        idempotencyKey,
        fingerprint,
        status: 'completed',
        lockedUntil: now.getTime(),
        response: JSON.stringify(response),
        expiresAt: seconds(now) + IDEMPOTENCY_TTL_SECONDS,
      })
      .options({
        condition: ownClaim(fingerprint),
      })
      .send();
  }

  /** AP-29 (delete): only our own in-progress claim. */
  async release(scope: string, idempotencyKey: string, fingerprint: string): Promise<void> {
    try {
      await this.e.idempotency
        .build(DeleteItemCommand)
        .key({ scope, idempotencyKey })
        .options({
          condition: ownClaim(fingerprint),
        })
        .send();
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}
