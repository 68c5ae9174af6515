import { describe, expect, it } from 'vitest';
import { convertStamps } from '../../../functions/shared/use-cases/convert-stamps.js';
import { Conflict, NotFound, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { peopleDeps } from './people.js';
import { PRIME, SITE, STAMPS_HAND_IN } from './support.js';

const OPENING = 1_000_000;

const HAND_IN = STAMPS_HAND_IN;

const stampEntries = async (deps: Awaited<ReturnType<typeof peopleDeps>>) =>
  (await deps.ledger.entries(PRIME, 'regular')).filter((e) => e.kind === 'stamps');

describe('convertStamps (共済証紙の退職金ポイントへの振替)', () => {
  it('R-STAMPS: credits the face value as its own ledger kind, with the hand-in, and audits it', async () => {
    const deps = await peopleDeps();

    const r = await convertStamps(deps, { ...HAND_IN, siteId: SITE });

    expect(r).toEqual({ credited: true, points: 11_150, balanceAfter: OPENING + 11_150 });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING + 11_150);
    expect(await stampEntries(deps)).toEqual([
      expect.objectContaining({
        refId: 'ST-1',
        amount: 11_150,
        siteId: SITE,
        stamps: { handedInOn: HAND_IN.handedInOn, lots: HAND_IN.lots },
      }),
    ]);
    expect(deps.audit.records.filter((a) => a.action === 'convert-stamps')).toEqual([
      expect.objectContaining({
        actor: 'u-operator',
        subject: { contractorNo: PRIME, conversionId: 'ST-1', points: '11150', pointKind: 'regular' },
      }),
    ]);
  });

  it('R-STAMPS: once per conversion id — a replay credits nothing, says so and records nothing', async () => {
    const deps = await peopleDeps();
    await convertStamps(deps, HAND_IN);

    const replay = await convertStamps(deps, HAND_IN);

    expect(replay).toEqual({ credited: false, points: 11_150, balanceAfter: OPENING + 11_150 });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING + 11_150);
    expect(await stampEntries(deps)).toHaveLength(1);
    expect(deps.audit.actions().filter((a) => a === 'convert-stamps')).toHaveLength(1);
  });

  it('R-STAMPS (約款 第12条4): points other than the face value are refused, nothing credited', async () => {
    const deps = await peopleDeps();

    const e = await convertStamps(deps, { ...HAND_IN, points: 11_000 }).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.extra).toEqual({ code: 'STAMPS_POINTS_MISMATCH' });
    expect(e.detail).toContain('11,150');
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING);
    expect(deps.audit.actions()).not.toContain('convert-stamps');
  });

  it('R-STAMPS: stamps that were never issued, none at all, or no count are refused with their code', async () => {
    const deps = await peopleDeps();
    const lot = HAND_IN.lots[0]!;

    for (const bad of [
      { ...HAND_IN, lots: [{ ...lot, dailyRate: 250 }], points: 7_500 },
      { ...HAND_IN, lots: [], points: 0 },
      { ...HAND_IN, lots: [{ ...lot, count: 0 }], points: 0 },
    ]) {
      const e = await convertStamps(deps, bad).catch((x) => x);
      expect(e).toBeInstanceOf(Unprocessable);
      expect(e.extra).toEqual({ code: 'INVALID_STAMPS' });
    }
    expect(await stampEntries(deps)).toEqual([]);
  });

  it('refuses a conversion id already used for another hand-in (Conflict), crediting nothing more', async () => {
    const deps = await peopleDeps();
    await convertStamps(deps, HAND_IN);

    const e = await convertStamps(deps, {
      ...HAND_IN,
      lots: [{ colour: 'red', daysPerStamp: 1, dailyRate: 320, count: 1 }],
      points: 320,
    }).catch((x) => x);

    expect(e).toBeInstanceOf(Conflict);
    expect(e.extra).toEqual({ code: 'conversion-id-reused' });
    expect(await deps.ledger.balance(PRIME, 'regular')).toBe(OPENING + 11_150);
    expect(deps.audit.actions().filter((a) => a === 'convert-stamps')).toHaveLength(1);
  });

  it("refuses a 工事 that is not the contractor's own as prime (another prime's site, or none), crediting nothing", async () => {
    const deps = await peopleDeps();
    const other = '2000000001';
    expect(await deps.registry.getContractor(other)).toBeDefined();

    for (const siteId of [SITE, '9999999999']) {
      const e = await convertStamps(deps, { ...HAND_IN, contractorNo: other, siteId }).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(Unprocessable);
      expect((e as Unprocessable).extra).toEqual({ code: 'site-not-of-contractor' });
    }
    expect((await deps.ledger.entries(other, 'regular')).filter((x) => x.kind === 'stamps')).toEqual([]);
    expect(deps.audit.actions()).not.toContain('convert-stamps');
  });

  it('refuses an unknown contractor', async () => {
    const deps = await peopleDeps();

    await expect(convertStamps(deps, { ...HAND_IN, contractorNo: '1999999999' })).rejects.toThrow(
      new NotFound('共済契約者が見つかりません'),
    );
    expect(await deps.ledger.entries('1999999999', 'regular')).toEqual([]);
  });
});
