// R-PURCHASE: points to buy for a public work (seed 001, 共済証紙購入の考え方), in exact integer arithmetic.
import { DomainError, type Yen } from './types.js';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** An exact rational n/d from a decimal such as 2.9 or '2.9' (no binary floating point in the maths). */
function rational(value: number | string, what: string): { n: bigint; d: bigint } {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m)
    throw new DomainError('INVALID_PURCHASE_INPUT', `${what} must be a non-negative decimal, got ${value}`);
  const frac = m[2] ?? '';
  return { n: BigInt(`${m[1]}${frac}`), d: 10n ** BigInt(frac.length) };
}

export interface PurchaseInput {
  /** 総工事費 including consumption tax, integer yen. */
  totalCost: Yen;
  /** 工事種別に応じた料率 in ‰, e.g. 2.9 for 土木・舗装. */
  ratePerMille: number | string;
  /** 対象工事における労働者の加入率 in %, 0–100. */
  enrolmentPercent: number | string;
  /** 日額 the units are counted in (310 in seed 001's example; 320 today, 第4条). */
  dailyRate: Yen;
}

export interface PurchasePlan {
  /** 購入金額 = floor(totalCost × ‰/1000 × enrolment% / 70%). */
  amount: Yen;
  /** 購入枚数 (day units) = ceil(amount / dailyRate). */
  units: number;
  dailyRate: Yen;
  /** units × dailyRate: the points actually bought. */
  points: Yen;
}

/** The assumed enrolment the 料率表 is built on (seed 001 「加入率を70%と仮定」). */
export const BASE_ENROLMENT_PERCENT = 70n;

/** R-PURCHASE: amount and units to buy for a public work. */
export function purchasePlan(input: PurchaseInput): PurchasePlan {
  const { totalCost, dailyRate } = input;
  if (!Number.isSafeInteger(totalCost) || totalCost < 0) {
    throw new DomainError(
      'INVALID_PURCHASE_INPUT',
      `totalCost must be a non-negative integer yen, got ${totalCost}`,
    );
  }
  if (!Number.isSafeInteger(dailyRate) || dailyRate <= 0) {
    throw new DomainError(
      'INVALID_PURCHASE_INPUT',
      `dailyRate must be a positive integer yen, got ${dailyRate}`,
    );
  }
  const rate = rational(input.ratePerMille, 'ratePerMille');
  const enrolment = rational(input.enrolmentPercent, 'enrolmentPercent');
  if (enrolment.n > 100n * enrolment.d) {
    throw new DomainError(
      'INVALID_PURCHASE_INPUT',
      `enrolmentPercent is at most 100, got ${input.enrolmentPercent}`,
    );
  }
  // floor(cost × (rn/rd)/1000 × (en/ed)/70) with one integer division at the end.
  const amount =
    (BigInt(totalCost) * rate.n * enrolment.n) / (1000n * rate.d * enrolment.d * BASE_ENROLMENT_PERCENT);
  const rateBig = BigInt(dailyRate);
  const units = (amount + rateBig - 1n) / rateBig;
  return { amount: Number(amount), units: Number(units), dailyRate, points: Number(units * rateBig) };
}
