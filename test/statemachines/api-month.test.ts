// One month driven end to end through the approval API alone, on the embedded local stack: the
// `corrections` fixture in 一次一括 → the four corrections → 確認・予約登録 → both 一次 report → 申請 → 承認
// → charged. Every POST is sent twice with the same Idempotency-Key: the replay answers the first
// response and the points move exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, type Reply } from '../integration/api/http.js';
import { deps, executionOf, scenario, seed } from './support.js';

let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startLocalRuntime({ quiet: true, clock: '2026-11-13T09:00:00+09:00' });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

/** Both replies of a POST sent twice: the same status and body, the second marked as a replay. */
function once([first, second]: readonly [Reply, Reply], status = 200): Reply {
  expect(first.status, JSON.stringify(first.json)).toBe(status);
  expect(second.status).toBe(first.status);
  expect(second.raw.body).toBe(first.raw.body);
  expect(second.headers['idempotent-replayed']).toBe('true');
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  return first;
}

describe('a month through the approval API (local runtime)', () => {
  it('corrections → revalidate → 一次 reports → 申請 → 承認 → charged, each POST twice, points moved once', async () => {
    const s = scenario('corrections', {
      csv: (t) => t.split('元請一括').join('一次一括'),
      master: (m) => {
        for (const site of m.sites) site.outputMethod = '一次一括';
      },
    });
    await seed(s);
    await rt.dropFile(s.key, s.csv);
    await rt.sfn.settled();
    const [exec] = executionOf(rt, s);
    expect(exec?.states.at(-1)).toBe('AwaitCorrections');

    const prime = apiClient({ sub: `boss-${s.prime}`, contractorNo: s.prime, role: '事業者責任者' });
    const approver = apiClient({ sub: `kanri-${s.prime}`, contractorNo: s.prime, role: '管理者' });
    const sato = apiClient({ sub: 'sato-user', contractorNo: '2000000001', role: '担当者' });
    const suzuki = apiClient({ sub: 'suzuki-user', contractorNo: '2000000002', role: '事業者責任者' });
    const month = `/v1/sites/${s.siteId}/months/${s.workMonth}`;

    // 取込結果: 要修正 with the four flags of the manual, waiting for corrections; never the token.
    const before = await prime.get(month);
    expect(before.status).toBe(200);
    expect(before.json.import.status).toBe('要修正');
    expect(before.json.import.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'F-COMPANY',
      'F-MULTI-PRIME',
      'F-WORKER-MISSING',
      'F-WORKER-NAME',
    ]);
    expect(before.json.wait).toMatchObject({ kind: 'Corrections' });
    expect(before.raw.body).not.toMatch(/task|token/i);

    // The corrections (手順3), each POST twice.
    once(
      await prime.postTwice(`${month}/corrections/company`, {
        companyId: '30000000000001',
        contractorNo: '3000000001',
      }),
    );
    once(
      await prime.postTwice(`${month}/corrections/first-tier`, {
        companyId: '30000000000001',
        firstTierCompanyId: '20000000000001',
      }),
    );
    once(
      await prime.postTwice(`${month}/corrections/worker`, {
        workerId: '42000000000002',
        memberNo: '5000000003',
      }),
    );
    once(
      await prime.postTwice(`${month}/corrections/force-import`, {
        workerId: '42000000000001',
        identityConfirmed: true,
      }),
    );
    // 確認・予約登録: resumes the Corrections wait once; the replay does not resume anything again.
    const revalidated = once(await prime.postTwice(`${month}/revalidate`), 202);
    expect(revalidated.json.status).toBe('accepted');
    await rt.sfn.settled();
    expect(exec?.states.at(-1)).toBe('AwaitFirstTierReports');
    const ready = await prime.get(month);
    expect(ready.json.import.status).toBe('予約可能');
    expect(ready.json.wait).toMatchObject({ kind: 'FirstTierReports', label: '一次事業者の報告待ち' });

    // Each 一次 sees only its own chain and reports for itself.
    const satoLines = await sato.get(`${month}/lines`);
    expect(satoLines.status).toBe(200);
    expect(satoLines.json.lines.length).toBeGreaterThan(0);
    for (const l of satoLines.json.lines) expect(l.firstTierCompanyId).toBe('20000000000001');
    const first = once(await sato.postTwice(`${month}/report`, { firstTierCompanyId: '20000000000001' }));
    expect(first.json).toMatchObject({ remaining: 1, resumed: 'waiting' });
    const second = once(await suzuki.postTwice(`${month}/report`, { firstTierCompanyId: '20000000000002' }));
    expect(second.json).toMatchObject({ remaining: 0, resumed: 'resumed' });
    await rt.sfn.settled();
    expect(exec?.states.at(-1)).toBe('AwaitApplication');

    // 申請 (the prime), then 承認 (its 管理者).
    const applied = once(await prime.postTwice(`${month}/apply`));
    expect(applied.json.application.status).toBe('申請');
    await rt.sfn.settled();
    expect(exec?.states.at(-1)).toBe('AwaitApproval');
    // A 一次 cannot approve (visible month, insufficient relation): 403.
    expect((await sato.post(`${month}/approve`)).status).toBe(403);
    const approved = once(await approver.postTwice(`${month}/approve`));
    expect(approved.json.application.status).toBe('承認');
    await rt.sfn.settled();
    expect(exec?.status).toBe('SUCCEEDED');
    expect(exec?.states.at(-1)).toBe('Charged');

    // The points moved exactly once, by the applied amount.
    const points = applied.json.application.points as number;
    expect(points).toBeGreaterThan(0);
    const debits = (await deps().ledger.entries(s.prime, 'regular')).filter((e) => e.kind === 'debit');
    expect(debits).toHaveLength(1);
    expect(debits[0]?.amount).toBe(points);
    const balances = await prime.get(`/v1/contractors/${s.prime}/balances`);
    expect(balances.json).toEqual({ contractorNo: s.prime, regular: 1_000_000 - points, special: 0 });
    const ledger = await prime.get(`/v1/contractors/${s.prime}/ledger`);
    expect(ledger.json.entries.map((e: { kind: string }) => e.kind)).toEqual(['debit', 'purchase']);

    // After the charge: the month shows 充当済, and a new 承認 answers 409 (nothing to decide).
    const after = await prime.get(month);
    expect(after.json.application.status).toBe('充当済');
    expect(after.json.wait).toBeNull();
    const again = await approver.post(`${month}/approve`);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
  });
});
