import { describe, expect, it } from 'vitest';
import type { SiteContract } from '../../../domain/evidence.js';
import { convertStamps } from '../../../functions/shared/use-cases/convert-stamps.js';
import { creditPayment } from '../../../functions/shared/use-cases/credit-payment.js';
import { NotFound } from '../../../functions/shared/use-cases/errors.js';
import { purchaseReceipt } from '../../../functions/shared/use-cases/purchase-receipt.js';
import { type PeopleDeps, peopleDeps } from './people.js';
import { PRIME, PUBLIC_WORK, SITE, STAMPS_HAND_IN } from './support.js';

const contract: SiteContract = {
  ...PUBLIC_WORK,
  workName: '○○ビル新築工事（本体）',
  contractOn: '2026-11-01',
  ratePerMille: '2.3',
};

const PAYMENT = {
  contractorNo: PRIME,
  paymentId: 'PE-1',
  amount: 230_000,
  pointKind: 'regular' as const,
  method: 'pay-easy' as const,
  by: 'payments-client',
};

async function withContract(deps: PeopleDeps) {
  const site = (await deps.registry.getSite(SITE))!;
  await deps.registry.putSite({ ...site, contract });
}

const meta = (r: Awaited<ReturnType<typeof purchaseReceipt>>) => Object.fromEntries(r.report().meta);

const NOT_FOUND = new NotFound('この納付番号の購入は見つかりません。納付番号を確かめてください');

describe('purchaseReceipt (掛金収納書に相当する購入の記録)', () => {
  it('R-PUBLIC40: a purchase for a 工事 shows what was paid, when, how, and the 発注者名・工事名 of its contract', async () => {
    const deps = await peopleDeps();
    await withContract(deps);
    await creditPayment(deps, { ...PAYMENT, siteId: SITE });

    const r = await purchaseReceipt(deps, PRIME, 'PE-1');

    expect(r.fileName).toBe('shunousho-PE-1');
    expect(r.data).toMatchObject({
      contractorNo: PRIME,
      contractorName: '山田建設株式会社',
      paymentId: 'PE-1',
      kind: 'purchase',
      label: '購入',
      pointKind: 'regular',
      points: 230_000,
      method: 'pay-easy',
      receivedAt: deps.clock.iso(),
      siteId: SITE,
      workName: contract.workName,
      ordererName: '○○市',
      stamps: null,
    });
    expect(meta(r)).toMatchObject({
      共済契約者: `山田建設株式会社（${PRIME}）`,
      納付番号: 'PE-1',
      '金額（ポイント）': '230,000 円',
      納付方法: 'pay-easy',
      発注者名: '○○市',
      工事名: contract.workName,
      現場ID: SITE,
    });
    expect(r.report().tables).toEqual([]);
  });

  it('R-STAMPS: a stamps conversion shows as 証紙振替 with the stamps handed in and their face values', async () => {
    const deps = await peopleDeps();
    await convertStamps(deps, STAMPS_HAND_IN);

    const r = await purchaseReceipt(deps, PRIME, 'ST-1');

    expect(r.data).toMatchObject({ kind: 'stamps', label: '証紙振替', points: 11_150, method: null });
    expect(meta(r).納付方法).toBe('証紙振替（約款第12条4）');
    const [table] = r.report().tables;
    expect(table?.caption).toContain('2026-11-10');
    expect(table?.rows).toEqual([
      ['赤（中小企業者用）', '10日券', 320, 3, 9_600],
      ['青（大手企業者用）', '1日券', 310, 5, 1_550],
    ]);
  });

  it('a purchase without a 工事, or for a 工事 without a contract, says what is missing', async () => {
    const deps = await peopleDeps();
    await creditPayment(deps, PAYMENT);
    await creditPayment(deps, { ...PAYMENT, paymentId: 'PE-2', siteId: SITE });

    const none = await purchaseReceipt(deps, PRIME, 'PE-1');
    const noContract = await purchaseReceipt(deps, PRIME, 'PE-2');

    expect(none.data).toMatchObject({ siteId: null, workName: null, ordererName: null });
    expect(meta(none)).toMatchObject({ 工事名: '（購入時に工事の指定なし）', 現場ID: '—' });
    expect(noContract.data).toMatchObject({ siteId: SITE, workName: '○○ビル新築工事', ordererName: null });
    expect(meta(noContract).発注者名).toContain('未設定');
  });

  it('the opening balance reads as 移行時残高, not as a payment', async () => {
    const deps = await peopleDeps();

    const r = await purchaseReceipt(deps, PRIME, 'opening-balance');

    expect(r.data).toMatchObject({ label: '移行時残高', points: 1_000_000 });
  });

  it('a special-points purchase is found and labelled as 特別退職金ポイント', async () => {
    const deps = await peopleDeps();
    await creditPayment(deps, { ...PAYMENT, paymentId: 'PE-S', pointKind: 'special', amount: 5_000 });

    const r = await purchaseReceipt(deps, PRIME, 'PE-S');

    expect(r.data).toMatchObject({ pointKind: 'special', points: 5_000 });
    expect(meta(r).区分).toBe('購入（特別退職金ポイント）');
  });

  it("another prime's 工事 contract is not shown on a contractor's receipt", async () => {
    const deps = await peopleDeps();
    await withContract(deps);
    await deps.ledger.credit({
      contractorNo: '2000000001',
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'PE-9',
      amount: 1_000,
      siteId: SITE,
    });

    const r = await purchaseReceipt(deps, '2000000001', 'PE-9');

    expect(r.data).toMatchObject({ ordererName: null });
    expect(r.data).not.toMatchObject({ workName: contract.workName });
  });

  it('refuses a payment id that is not a purchase of this contractor (unknown, a debit, another’s)', async () => {
    const deps = await peopleDeps();
    await creditPayment(deps, PAYMENT);
    await deps.ledger.debit({
      contractorNo: PRIME,
      pointKind: 'regular',
      applicationId: `${SITE}:2026-10`,
      amount: 16_000,
    });

    await expect(purchaseReceipt(deps, PRIME, 'PE-404')).rejects.toThrow(NOT_FOUND);
    await expect(purchaseReceipt(deps, PRIME, `${SITE}:2026-10`)).rejects.toThrow(NOT_FOUND);
    await expect(purchaseReceipt(deps, '2000000001', 'PE-1')).rejects.toThrow(NOT_FOUND);
    await expect(purchaseReceipt(deps, '1999999999', 'PE-1')).rejects.toBeInstanceOf(NotFound);
  });
});
