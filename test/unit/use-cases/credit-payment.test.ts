import { describe, expect, it } from 'vitest';
import { creditPayment } from '../../../functions/shared/use-cases/credit-payment.js';
import { Conflict, NotFound, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { M, peopleDeps, waiting } from './people.js';
import { appliedAndApproved, imported, PRIME } from './support.js';

const NOTICE = {
  contractorNo: PRIME,
  paymentId: 'PE-1',
  amount: 10_000,
  pointKind: 'regular' as const,
  method: 'pay-easy' as const,
  by: 'payments-client',
};

describe('creditPayment (退職金ポイントの入金)', () => {
  it('credits once per payment id, audits once, and resumes the Purchase wait of approved months', async () => {
    const deps = await peopleDeps();
    const { ids } = await imported(deps);
    await appliedAndApproved(deps, ids);
    await waiting(deps, 'Purchase');
    const before = await deps.ledger.balance(PRIME, 'regular');

    const first = await creditPayment(deps, NOTICE);
    const replay = await creditPayment(deps, NOTICE);

    expect(first).toEqual({
      credited: true,
      balanceAfter: before + 10_000,
      resumed: [{ ...M, result: 'resumed' }],
    });
    expect(replay).toMatchObject({ credited: false, balanceAfter: before + 10_000 });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(before + 10_000);
    expect(deps.audit.actions().filter((a) => a === 'credit-payment')).toHaveLength(1);
  });

  it('refuses the same payment id with another amount (409, its code), crediting nothing', async () => {
    const deps = await peopleDeps();
    await creditPayment(deps, NOTICE);

    const e = await creditPayment(deps, { ...NOTICE, amount: 20_000 }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.extra).toHaveProperty('code');
    expect((await deps.ledger.entries(PRIME, 'regular')).filter((x) => x.refId === 'PE-1')).toHaveLength(1);
  });

  it('refuses an unknown contractor, and a 工事 that is not the contractor’s', async () => {
    const deps = await peopleDeps();

    await expect(creditPayment(deps, { ...NOTICE, contractorNo: '1999999999' })).rejects.toThrow(
      new NotFound('共済契約者が見つかりません'),
    );
    const e = await creditPayment(deps, { ...NOTICE, contractorNo: '2000000001', siteId: M.siteId }).catch(
      (x) => x,
    );
    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.extra).toEqual({ code: 'site-not-of-contractor' });
  });
});
