import { describe, expect, it } from 'vitest';
import { applicationIdOf } from '../../../domain/application.js';
import { apply } from '../../../functions/shared/use-cases/apply-for-charge.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { decide } from '../../../functions/shared/use-cases/decide-application.js';
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { monthHistory } from '../../../functions/shared/use-cases/month-history.js';
import { M, type PeopleDeps, peopleDeps } from './people.js';
import { appliedAndApproved, drop, imported, MONTH, PRIME, SITE, V1 } from './support.js';

const HOUR = 3_600_000;

type History = Awaited<ReturnType<typeof monthHistory>>;

function inTimeOrder(h: History) {
  const times = h.events.map((e) => e.at);
  expect(times).toEqual([...times].sort());
}

/** v1 charged: imported, 申請, 承認 and debited, an hour apart. */
async function chargedV1(deps: PeopleDeps) {
  const first = await imported(deps);
  deps.clock.advance(HOUR);
  const app = await appliedAndApproved(deps, first.ids);
  deps.clock.advance(HOUR);
  await debitPoints(deps, first.ids);
  return { first, app };
}

describe('monthHistory (この月の履歴)', () => {
  it('R-REPLACE: a newer file before the charge shows the old one replaced and the application withdrawn', async () => {
    const deps = await peopleDeps();
    const v1 = await imported(deps);
    deps.clock.advance(HOUR);
    await apply(deps, SITE, MONTH, 'u-prime');
    deps.clock.advance(HOUR);
    const v2 = await imported(deps, 'v2-one-more-day.csv');

    const h = await monthHistory(deps, M);

    inTimeOrder(h);
    expect(h).toMatchObject({ siteId: SITE, workMonth: MONTH, lifecycle: '申請待ち' });
    expect(h.events[0]).toMatchObject({
      kind: 'import',
      what: '取込（予約可能）',
      importId: v1.ids.importId,
      points: V1.points,
    });
    expect(h.events[1]).toMatchObject({
      kind: 'action',
      what: '申請',
      by: 'u-prime',
      applicationId: applicationIdOf(SITE, MONTH),
    });
    const replacedAt = deps.clock.iso();
    expect(h.events.slice(2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ at: replacedAt, what: '差替え済み', importId: v1.ids.importId }),
        expect.objectContaining({ kind: 'action', what: '取下げ（新しいファイルに差替え）' }),
        expect.objectContaining({
          at: replacedAt,
          what: '取込（予約可能）',
          importId: v2.ids.importId,
          points: 16_320,
        }),
      ]),
    );
    expect(h.events).toHaveLength(5);
  });

  it('shows who sent the application back, and why', async () => {
    const deps = await peopleDeps();
    await imported(deps);
    deps.clock.advance(HOUR);
    await apply(deps, SITE, MONTH, 'u-prime');
    deps.clock.advance(HOUR);
    await decide(deps, SITE, MONTH, '差戻し', { by: 'u-boss', reason: '日数の確認' });

    const h = await monthHistory(deps, M);

    expect(h.lifecycle).toBe('申請待ち');
    expect(h.events.at(-1)).toMatchObject({
      kind: 'action',
      what: '差戻し',
      by: 'u-boss',
      reason: '日数の確認',
    });
  });

  it('R-CHARGE: the charge shows as the prime’s points going out for the month’s application', async () => {
    const deps = await peopleDeps();
    await chargedV1(deps);

    const h = await monthHistory(deps, M);

    inTimeOrder(h);
    expect(h.lifecycle).toBe('充当済');
    expect(h.events.map((e) => `${e.kind}:${e.what}`)).toEqual([
      'import:取込（予約可能）',
      'action:申請',
      'action:承認',
      'ledger:掛金充当（引落し）',
    ]);
    expect(h.events.at(-1)).toMatchObject({
      applicationId: applicationIdOf(SITE, MONTH),
      points: -V1.points,
    });
  });

  it('R-LATE-DAYS / R-MISPAID: a file after the charge, its 追加申請 and the 誤納 points coming back', async () => {
    const deps = await peopleDeps();
    const { app } = await chargedV1(deps);
    deps.clock.advance(HOUR);
    const late = await imported(deps, 'v3-one-day-fewer.csv');
    deps.clock.advance(HOUR);
    await appliedAndApproved(deps, late.ids, 0, { no: 2, returnPoints: 320, follows: app.applicationId });
    deps.clock.advance(HOUR);
    await debitPoints(deps, late.ids);

    const h = await monthHistory(deps, M);

    inTimeOrder(h);
    expect(h.lifecycle).toBe('充当済');
    const after = h.events.slice(4);
    expect(after[0]).toMatchObject({ kind: 'import', what: '充当後のファイル（予約可能）', points: 15_680 });
    expect(after.map((e) => e.what)).toContain('追加申請');
    expect(after.at(-1)).toMatchObject({
      kind: 'ledger',
      what: '誤納掛金の返還（第40条）',
      applicationId: applicationIdOf(SITE, MONTH, 2),
      points: 320,
    });
  });

  it('leaves out other months, other kinds of records and the prime’s other ledger movements', async () => {
    const deps = await peopleDeps();
    await chargedV1(deps);
    const before = await monthHistory(deps, M);
    await deps.ledger.debit({
      contractorNo: PRIME,
      pointKind: 'regular',
      applicationId: applicationIdOf(SITE, '2026-09'),
      amount: 320,
    });
    await deps.ledger.credit({
      contractorNo: PRIME,
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'PE-1',
      amount: 1_000,
      siteId: SITE,
    });
    await deps.audit.append({
      actor: 'u-prime',
      action: 'apply',
      siteId: SITE,
      workMonth: '2026-09',
      subject: {},
    });
    await deps.audit.append({ actor: 'u-prime', action: 'map-company', ...M, subject: { companyId: 'c' } });

    expect(await monthHistory(deps, M)).toEqual(before);
  });

  it('a month without a file has no history yet; a refused file shows as 取込不可', async () => {
    const deps = await peopleDeps();

    expect(await monthHistory(deps, M)).toEqual({ ...M, lifecycle: '取込待ち', events: [] });

    const refused = drop(deps, 'not,a,ccus,file\n');
    await importWorkRecords(deps, refused);
    const h = await monthHistory(deps, M);

    expect(h.lifecycle).toBe('取込不可');
    expect(h.events).toEqual([expect.objectContaining({ kind: 'import', what: '取込不可' })]);
  });
});
