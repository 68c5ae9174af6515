// ConvertStamps (共済証紙の退職金ポイントへの振替, 約款 第12条4, R-STAMPS)
// In: the contractor, the hand-in (lots of stamps), its conversion id, the points, who. Out: credited or
// not (a replay), the points, the balance after.
// Course: a 工事 named must be the contractor's own; the points must equal the stamps' face value;
// credited once per conversion id; audited once.
import { type StampHandIn, stampPoints } from '../../../domain/evidence.js';
import { PAYMENT_ID_REUSED, type PointKind } from '../../../domain/ledger.js';
import { DomainError } from '../../../domain/types.js';
import { Conflict, NotFound, Unprocessable } from './errors.js';
import type { AppDeps } from './month/deps.js';
import { assertSiteOfContractor, domainUnprocessable, yen } from './month/evidence.js';

export interface StampsInput extends StampHandIn {
  contractorNo: string;
  /** The bank's or the operator's id of this hand-in: the same id is credited once. */
  conversionId: string;
  pointKind: PointKind;
  /** The points the operator credits: must equal the stamps' face value (第12条4). */
  points: number;
  siteId?: string;
}

export async function convertStamps(deps: AppDeps, input: StampsInput & { by: string }) {
  if (!(await deps.registry.getContractor(input.contractorNo)))
    throw new NotFound('共済契約者が見つかりません');
  await assertSiteOfContractor(deps, input.contractorNo, input.siteId);
  let faceValue = 0;
  try {
    faceValue = stampPoints(input);
  } catch (e) {
    domainUnprocessable(e);
  }
  if (faceValue !== input.points)
    throw new Unprocessable(
      `証紙の額面の合計は ${yen(faceValue)} 円です（入力 ${yen(input.points)}）。約款第12条4により額面と同じポイントを加算します。枚数・日額・券種を確かめて入力し直してください`,
      { code: 'STAMPS_POINTS_MISMATCH' },
    );
  const r = await deps.ledger
    .credit({
      contractorNo: input.contractorNo,
      pointKind: input.pointKind,
      kind: 'stamps',
      refId: input.conversionId,
      amount: faceValue,
      stamps: { handedInOn: input.handedInOn, lots: input.lots },
      ...(input.siteId === undefined ? {} : { siteId: input.siteId }),
    })
    .catch((e: unknown) => {
      if (e instanceof DomainError && e.code === PAYMENT_ID_REUSED)
        throw new Conflict(e.message, { code: e.code });
      return domainUnprocessable(e);
    });
  if (r.entry.amount !== faceValue)
    throw new Conflict(
      'この conversionId は別の内容の証紙振替ですでに使われています。振替の識別子を確かめてください',
      { code: 'conversion-id-reused' },
    );
  // Once per conversion: a replay credits nothing and records nothing.
  if (r.status === 'credited')
    await deps.audit?.append({
      actor: input.by,
      action: 'convert-stamps',
      subject: {
        contractorNo: input.contractorNo,
        conversionId: input.conversionId,
        points: String(faceValue),
        pointKind: input.pointKind,
      },
    });
  return { credited: r.status === 'credited', points: faceValue, balanceAfter: r.entry.balanceAfter };
}
