// The registry import on the local stack (moto_server, the synthesized state machine, the real handlers):
// a registry file dropped under registry/ of the inbox adds the member a month was waiting for, and that
// month, 要修正 for an unknown member, validates again to 予約可能; a 手帳更新 row pays the R-EXEMPT refund
// once, however often the file (or another stating the same renewal) comes.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../functions/shared/ccus/cp932.js';
import { exemptionRefundId } from '../../functions/shared/registry/import.js';
import { keys, storeFromEnv } from '../../functions/shared/storage/index.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { deps, executionOf, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const HEADER =
  '種別,共済契約者番号,名称,契約種別,状態,被共済者番号,セイ,メイ,掛金納付日数,手帳交付日,手帳更新回数,手帳更新日,消印免除日数,事業者ID';

describe('registry import (docs/registry-file.md)', () => {
  it('R-EXEMPT: a registry file makes an unknown member known (要修正 → 予約可能) and its 手帳更新 row pays the 50-day refund once', async () => {
    // The month's file names 5000000005 (イトウ ゴロウ), whom the table does not know yet.
    const s = scenario('basic-utf8', {
      master: (m) => {
        m.members = m.members.filter((x) => x.memberNo !== '5000000005');
      },
    });
    await seed(s);
    await rt.dropFile(s.key, s.csv);
    await rt.sfn.settled();
    const [exec] = executionOf(rt, s);
    expect(exec?.states.at(-1)).toBe('AwaitCorrections');
    const before = await deps().imports.currentImport(s.siteId, s.workMonth);
    expect(before?.status).toBe('要修正');
    expect(before?.flags.map((f) => f.code)).toEqual(['F-MEMBER-UNKNOWN']);
    const balance = await deps().ledger.balance(s.prime, 'regular');

    // The 機構's export (CP932): the member who was missing, and 5000000002's first book renewed at
    // 300 days (≥ 12 months) for the prime.
    const registry = encodeCp932(
      [
        HEADER,
        `共済契約者,${s.prime},山田建設株式会社,一般,有効,,,,,,,,,`,
        `被共済者,${s.prime},,一般,有効,5000000005,イトウ,ゴロウ,100,2025-04-01,0,,,`,
        `被共済者,${s.prime},,一般,有効,5000000002,サトウ,ジロウ,300,2026-11-02,1,2026-11-02,,`,
      ].join('\r\n'),
    );
    const first = (await rt.dropFile(`registry/${s.siteId}.csv`, registry)).result as Record<string, unknown>;
    expect(first).toMatchObject({
      status: 'imported',
      full: false,
      rows: 3,
      counts: {
        共済契約者: { added: 0, changed: 0, ended: 0, unchanged: 1 },
        被共済者: { added: 1, changed: 1, ended: 0, unchanged: 0 },
      },
      renewals: { renewals: 1, refunded: 1, points: 16_000, alreadyDecided: 0 },
      revalidated: 1,
    });
    await rt.sfn.settled();

    // The month validated again against the registry as it is now: nothing left to correct.
    const after = await deps().imports.currentImport(s.siteId, s.workMonth);
    expect(after?.status).toBe('予約可能');
    expect(after?.flags).toEqual([]);
    expect(exec?.states.at(-1)).toBe('AwaitApplication');
    expect(await deps().registry.getMember('5000000005')).toMatchObject({ kanaFamily: 'イトウ', days: 100 });
    expect(await deps().registry.getMember('5000000002')).toMatchObject({ firstBook: false, days: 300 });

    // 50 days × 320 yen to the contractor that applied for the renewal (第14条3).
    const refundEntries = async () =>
      (await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'exemption-refund');
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(balance + 16_000);
    expect((await refundEntries()).map((e) => [e.refId, e.amount])).toEqual([
      [exemptionRefundId('5000000002'), 16_000],
    ]);

    // The same file again (a redelivery, or dropped twice): recognised, nothing changes.
    const replay = (await rt.dropFile(`registry/${s.siteId}.csv`, registry)).result as Record<
      string,
      unknown
    >;
    expect(replay).toMatchObject({ status: 'already-imported', fileHash: first.fileHash, revalidated: 0 });
    expect(String(replay.detail)).toContain('取り込み済み');
    // Another export stating the same renewal: decided already, paid nothing.
    const restated = Buffer.concat([registry, Buffer.from('\r\n')]);
    const again = (await rt.dropFile(`registry/${s.siteId}-2.csv`, restated)).result as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({
      status: 'imported',
      counts: { 被共済者: { added: 0, changed: 0, unchanged: 2 } },
    });
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(balance + 16_000);
    expect(await refundEntries()).toHaveLength(1);
    expect((await deps().ledger.reconcile(s.prime, 'regular')).ok).toBe(true);
    // Each imported file is in the audit trail once, by its hash and counts (the replay added none).
    const audited = (await deps().audit!.global()).filter(
      (r) => r.action === 'registry-import' && [first.fileHash, again.fileHash].includes(r.subject.fileHash),
    );
    expect(audited.map((r) => [r.actor, r.subject.fileHash, r.subject.added])).toEqual([
      ['system:registry-inbox', first.fileHash, '1'],
      ['system:registry-inbox', again.fileHash, '0'],
    ]);
    expect(JSON.stringify(audited)).not.toContain('5000000005');
  });

  it('R-EXEMPT: a 手帳更新 below 12 months pays nothing and records why (第14条4)', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    const balance = await deps().ledger.balance(s.prime, 'regular');
    // 5000000003 (スズキ サブロウ) holds the first book with 0 days.
    const out = (
      await rt.dropFile(
        `registry/below-${s.siteId}.csv`,
        Buffer.from(
          [HEADER, `被共済者,${s.prime},,一般,,5000000003,スズキ,サブロウ,40,,1,2026-11-05,,`].join('\n'),
        ),
      )
    ).result as Record<string, unknown>;
    expect(out).toMatchObject({
      status: 'imported',
      renewals: { renewals: 1, refunded: 0, points: 0, notDue: { BELOW_12_MONTHS: 1 } },
    });
    expect(await deps().ledger.balance(s.prime, 'regular')).toBe(balance);
    // Why, kept beside the member: the decision of that renewal.
    const store = storeFromEnv();
    const { Item } = await store.documentClient.send(
      new GetCommand({ TableName: store.tableName, Key: keys.memberExemption('5000000003', 1) }),
    );
    expect(Item).toMatchObject({ refunded: false, reason: 'BELOW_12_MONTHS', contractorNo: s.prime });
    expect(String(Item?.message)).toContain('第14条4');
  });

  it('a refused registry file writes nothing and says where (line, column)', async () => {
    const s = scenario('basic-utf8');
    await seed(s);
    const out = (
      await rt.dropFile(
        `registry/bad-${s.siteId}.csv`,
        Buffer.from(
          [
            HEADER,
            `被共済者,${s.prime},,一般,,5000000003,スズキ,サブロウ,40,,,,,`,
            `被共済者,${s.prime},,一般,,5000000004,タカハシ,シロウ,abc,,,,,`,
          ].join('\n'),
        ),
      )
    ).result as Record<string, unknown>;
    expect(out).toMatchObject({
      status: 'refused',
      errorCount: 1,
      errors: [{ line: 3, column: '掛金納付日数', code: 'FORMAT', value: 'abc' }],
    });
    // The valid row before it was not written either.
    expect((await deps().registry.getMember('5000000003'))?.days).toBe(0);
  });
});
