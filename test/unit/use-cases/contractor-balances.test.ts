import { describe, expect, it } from 'vitest';
import { contractorBalances } from '../../../functions/shared/use-cases/contractor-balances.js';
import { peopleDeps } from './people.js';
import { PRIME } from './support.js';

/** The prime's opening balance in the fixtures (master.json: 1,000,000 regular points, no special). */
const OPENING = 1_000_000;

describe('contractorBalances (退職金ポイント残高)', () => {
  it('R-POINT: shows the regular and the special balances of the contractor, each on its own', async () => {
    const deps = await peopleDeps();
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'special',
      kind: 'purchase',
      refId: 'PE-S1',
      amount: 4_200,
    });

    expect(await contractorBalances(deps, PRIME)).toEqual({
      contractorNo: PRIME,
      regular: OPENING,
      special: 4_200,
    });
  });

  it('follows the ledger: a purchase and a debit move the balance of their kind only', async () => {
    const deps = await peopleDeps();
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'PE-1',
      amount: 10_000,
    });
    await deps.ledger.debit({
      contractorNo: PRIME,
      pointKind: 'regular',
      applicationId: '9000000001:2026-10',
      amount: 16_000,
    });

    const b = await contractorBalances(deps, PRIME);

    expect(b.regular).toBe(OPENING + 10_000 - 16_000);
    expect(b.special).toBe(0);
  });

  it('a contractor without points (or unknown to the ledger) has 0 of each, not an error', async () => {
    const deps = await peopleDeps();

    expect(await contractorBalances(deps, '2000000001')).toEqual({
      contractorNo: '2000000001',
      regular: 0,
      special: 0,
    });
    expect(await contractorBalances(deps, '1999999999')).toMatchObject({ regular: 0, special: 0 });
  });
});
