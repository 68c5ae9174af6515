// Idempotency-Key records in memory, with the promises of the DynamoDB store: a key is claimed once per
// scope; a live claim answers in-progress, a completed one its first response; an abandoned claim (its
// lock ran out) or an expired record may be taken over; only the claim's own request completes or releases it.
import type { IdempotencyClaim, IdempotencyStore } from '../../../domain/ports/storage.js';
import {
  IDEMPOTENCY_LOCK_MS,
  IDEMPOTENCY_TTL_SECONDS,
} from '../../../functions/shared/storage/idempotency.js';
import { copy, key } from './clock.js';

interface Held<Reply> {
  fingerprint: string;
  status: 'in-progress' | 'completed';
  lockedUntil: number;
  expiresAt: number;
  response?: Reply;
}

export class MemoryIdempotencyStore<Reply = unknown> implements IdempotencyStore<Reply> {
  private readonly held = new Map<string, Held<Reply>>();

  async claim(scope: string, k: string, fingerprint: string, now: Date): Promise<IdempotencyClaim<Reply>> {
    const t = now.getTime();
    const was = this.held.get(key(scope, k));
    const free =
      was === undefined || was.expiresAt < t || (was.status === 'in-progress' && was.lockedUntil < t);
    if (free) {
      this.held.set(key(scope, k), {
        fingerprint,
        status: 'in-progress',
        lockedUntil: t + IDEMPOTENCY_LOCK_MS,
        expiresAt: t + IDEMPOTENCY_TTL_SECONDS * 1000,
      });
      return { status: 'claimed' };
    }
    if (was.status === 'completed')
      return { status: 'completed', fingerprint: was.fingerprint, response: copy(was.response as Reply) };
    return { status: 'in-progress', fingerprint: was.fingerprint, lockedUntil: was.lockedUntil };
  }

  private own(scope: string, k: string, fingerprint: string): Held<Reply> | undefined {
    const h = this.held.get(key(scope, k));
    return h?.status === 'in-progress' && h.fingerprint === fingerprint ? h : undefined;
  }

  async complete(scope: string, k: string, fingerprint: string, response: Reply, now: Date): Promise<void> {
    if (!this.own(scope, k, fingerprint)) throw new Error('idempotency key is not this request’s claim');
    this.held.set(key(scope, k), {
      fingerprint,
      status: 'completed',
      lockedUntil: now.getTime(),
      expiresAt: now.getTime() + IDEMPOTENCY_TTL_SECONDS * 1000,
      response: copy(response),
    });
  }

  async release(scope: string, k: string, fingerprint: string): Promise<void> {
    if (this.own(scope, k, fingerprint)) this.held.delete(key(scope, k));
  }
}
