import { describe, expect, it } from 'vitest';
import { ledgerPage } from '../../../functions/shared/use-cases/ledger-page.js';
import { type PeopleDeps, peopleDeps } from './people.js';
import { PRIME } from './support.js';

const OPENING = 1_000_000;

/** Purchases PE-1 … PE-n of 1,000 points each after the opening balance (entries 2 … n+1). */
async function purchases(deps: PeopleDeps, n: number, contractorNo = PRIME) {
  for (let i = 1; i <= n; i++) {
    deps.clock.advance(60_000);
    await deps.ledger.credit({
      contractorNo,
      pointKind: 'regular',
      kind: 'purchase',
      refId: `PE-${contractorNo}-${i}`,
      amount: 1_000,
    });
  }
}

describe('ledgerPage (退職金ポイントの履歴)', () => {
  it('shows the newest entries first, with each movement’s balance before and after', async () => {
    const deps = await peopleDeps();
    await purchases(deps, 2);

    const p = await ledgerPage(deps, PRIME, { pointKind: 'regular', limit: 10 });

    expect(p).toMatchObject({ contractorNo: PRIME, pointKind: 'regular', nextCursor: null });
    expect(p.entries.map((e) => e.refId)).toEqual([`PE-${PRIME}-2`, `PE-${PRIME}-1`, 'opening-balance']);
    expect(p.entries[0]).toMatchObject({
      kind: 'purchase',
      amount: 1_000,
      balanceBefore: OPENING + 1_000,
      balanceAfter: OPENING + 2_000,
    });
    expect(p.entries[0]!.at > p.entries[1]!.at).toBe(true);
  });

  it('pages through every entry once: each page at most `limit`, the cursor continues, the last has none', async () => {
    const deps = await peopleDeps();
    await purchases(deps, 6);

    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await ledgerPage(deps, PRIME, { pointKind: 'regular', limit: 3, cursor });
      expect(p.entries.length).toBeLessThanOrEqual(3);
      seen.push(...p.entries.map((e) => e.seq));
      cursor = p.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('a page that ends exactly on the last entry has no next cursor', async () => {
    const deps = await peopleDeps();
    await purchases(deps, 3);

    const first = await ledgerPage(deps, PRIME, { pointKind: 'regular', limit: 2 });
    const last = await ledgerPage(deps, PRIME, {
      pointKind: 'regular',
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });

    expect(first.nextCursor).not.toBeNull();
    expect(last.entries).toHaveLength(2);
    expect(last.nextCursor).toBeNull();
  });

  it('shows one kind of points of one contractor only', async () => {
    const deps = await peopleDeps();
    await purchases(deps, 2, '2000000001');
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'special',
      kind: 'purchase',
      refId: 'PE-S1',
      amount: 500,
    });

    const regular = await ledgerPage(deps, PRIME, { pointKind: 'regular', limit: 10 });
    const special = await ledgerPage(deps, PRIME, { pointKind: 'special', limit: 10 });
    const other = await ledgerPage(deps, '2000000001', { pointKind: 'regular', limit: 10 });

    expect(regular.entries.map((e) => e.refId)).toEqual(['opening-balance']);
    expect(special.entries.map((e) => e.refId)).toEqual(['PE-S1']);
    expect(other.entries.map((e) => e.refId)).toEqual(['PE-2000000001-2', 'PE-2000000001-1']);
  });
});
