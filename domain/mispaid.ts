// R-MISPAID: 誤納掛金 returned in the form it was paid (約款 第40条), never beyond what was debited.
import { type ContractorKind, DomainError, type Yen } from './types.js';

export interface MispaidClaim {
  /** The 共済契約者 that paid (届出 under 第40条1). */
  contractorNo: string;
  contractorKind: ContractorKind;
  /** How the mispaid contribution was paid. */
  paidWith: 'points' | 'stamps';
  /** 誤納掛金 claimed back. */
  amount: Yen;
  /** What was actually debited for the lines concerned. */
  debited: Yen;
  /** Already returned earlier for the same debit. */
  alreadyReturned?: Yen;
  /** The prime doing the paperwork under 法第47条 (事務受託 / 一括作業方式), if any. */
  actingPrimeNo?: string;
}

export interface MispaidReturn {
  /** Who receives it: the contractor, or the prime acting for it (第40条2). */
  to: string;
  via: 'contractor' | 'prime';
  /** 第40条2(1) stamps back for stamps; (2) points back for points (特別退職金ポイント for 特別, 第41条2). */
  form: 'points' | 'special-points' | 'stamps';
  amount: Yen;
}

function assertYen(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new DomainError('INVALID_AMOUNT', `${what} must be a non-negative integer yen, got ${v}`);
  }
  return v;
}

/** R-MISPAID: what to return for a 誤納掛金 claim, and to whom. */
export function mispaidReturn(claim: MispaidClaim): MispaidReturn {
  const amount = assertYen(claim.amount, 'amount');
  const debited = assertYen(claim.debited, 'debited');
  const already = assertYen(claim.alreadyReturned ?? 0, 'alreadyReturned');
  if (amount === 0) throw new DomainError('INVALID_AMOUNT', 'a 誤納掛金 claim needs a positive amount');
  if (already + amount > debited) {
    throw new DomainError(
      'MISPAID_EXCEEDS_DEBIT',
      `cannot return ${amount} yen: ${debited} debited, ${already} already returned`,
    );
  }
  const form =
    claim.paidWith === 'stamps' ? 'stamps' : claim.contractorKind === 'special' ? 'special-points' : 'points';
  return claim.actingPrimeNo
    ? { to: claim.actingPrimeNo, via: 'prime', form, amount }
    : { to: claim.contractorNo, via: 'contractor', form, amount };
}
