import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type UnregisteredLine, unregisteredTemplate } from '../../../functions/shared/ccus/excel.js';
import {
  addUnregisteredWorkers,
  EXCEL_REASON,
} from '../../../functions/shared/use-cases/add-unregistered-workers.js';
import { apply } from '../../../functions/shared/use-cases/apply-for-charge.js';
import { debitPoints } from '../../../functions/shared/use-cases/debit-points.js';
import { decide } from '../../../functions/shared/use-cases/decide-application.js';
import { Conflict, InvalidInput, Unprocessable } from '../../../functions/shared/use-cases/errors.js';
import { revalidateImport } from '../../../functions/shared/use-cases/revalidate-import.js';
import { M, type PeopleDeps, peopleDeps, primeAccess } from './people.js';
import { appliedAndApproved, INBOX, imported, MONTH, SITE, V1 } from './support.js';

/** A member of 建退共 who is not in the month's CCUS file. */
const NEW_MEMBER = '5000000009';
/** 佐藤工業 (2000000001): a 一次 of the month, company 20000000000001. */
const SATO = { contractorNo: '2000000001', companyId: '20000000000001' };
/** 高橋塗装 (3000000001): tier 2 under 佐藤工業, company 30000000000001. */
const TAKAHASHI = { contractorNo: '3000000001', companyId: '30000000000001' };
/** R-RATE: 320 yen a day for work in 2026-10. */
const RATE = 320;

type Row = Omit<UnregisteredLine, 'row'>;
const row = (r: Partial<Row> = {}): Row => ({
  contractorNo: SATO.contractorNo,
  memberNo: NEW_MEMBER,
  kanaFamily: 'キムラ',
  kanaGiven: 'ハナコ',
  days: 4,
  ...r,
});

/** The month's template filled with rows, as the API receives it (base64). */
async function sheet(rows: Row[], workMonth = MONTH) {
  return (await unregisteredTemplate({ siteId: SITE, workMonth }, rows)).toString('base64');
}

async function world() {
  const deps = await peopleDeps();
  await deps.registry.putMember({
    memberNo: NEW_MEMBER,
    kanaFamily: 'キムラ',
    kanaGiven: 'ハナコ',
    kind: 'regular',
    days: 100,
    firstBook: false,
  });
  const v1 = await imported(deps);
  return { deps, v1 };
}

async function upload(deps: PeopleDeps, rows: Row[], workMonth = MONTH) {
  return addUnregisteredWorkers(deps, await primeAccess(deps), {
    ...M,
    by: 'u-prime',
    base64: await sheet(rows, workMonth),
  });
}

const excelLines = async (deps: PeopleDeps, importId: string) =>
  (await deps.imports.lines(SITE, MONTH, importId)).filter((l) => l.workerId.startsWith('EXCEL-'));

describe('addUnregisteredWorkers (CCUS未登録技能者 Excel の取込)', () => {
  beforeEach(() => vi.stubEnv('INBOX_BUCKET', INBOX));
  afterEach(() => vi.unstubAllEnvs());

  it('R-RATE: adds a line per row to the current import, priced at the month’s rate, adjusted 0 → days', async () => {
    const { deps, v1 } = await world();

    const r = await upload(deps, [row()]);

    expect(r).toEqual({
      importId: v1.ids.importId,
      added: 1,
      lines: [
        { workerId: `EXCEL-${NEW_MEMBER}`, employerCompanyId: SATO.companyId, days: 4, points: 4 * RATE },
      ],
    });
    expect(await excelLines(deps, v1.ids.importId)).toEqual([
      expect.objectContaining({
        memberNo: NEW_MEMBER,
        tier: 1,
        firstTierCompanyId: SATO.companyId,
        dates: [],
        days: 4,
        points: 4 * RATE,
        adjustments: [
          expect.objectContaining({ fromDays: 0, toDays: 4, reason: EXCEL_REASON, by: 'u-prime' }),
        ],
      }),
    ]);
    expect(deps.audit.records.filter((a) => a.action === 'add-lines')).toEqual([
      expect.objectContaining({ actor: 'u-prime', ...M, reason: EXCEL_REASON }),
    ]);
  });

  it('R-FIRST-TIER: a lower-tier employer’s line belongs to its 一次’s chain; the prime’s own to none', async () => {
    const { deps, v1 } = await world();
    await deps.registry.putMember({
      ...(await deps.registry.getMember(NEW_MEMBER))!,
      memberNo: '5000000010',
    });

    await upload(deps, [
      row({ contractorNo: TAKAHASHI.contractorNo }),
      row({ contractorNo: '1000000001', memberNo: '5000000010' }),
    ]);
    const lines = await excelLines(deps, v1.ids.importId);

    expect(lines.find((l) => l.employerCompanyId === TAKAHASHI.companyId)).toMatchObject({
      tier: 2,
      firstTierCompanyId: SATO.companyId,
    });
    expect(lines.find((l) => l.memberNo === '5000000010')).toMatchObject({
      tier: 0,
      firstTierCompanyId: null,
    });
  });

  it('R-CHARGE: 申請 counts the added days and points like any line', async () => {
    const { deps } = await world();
    await upload(deps, [row({ days: 5 })]);

    const { application } = await apply(deps, SITE, MONTH, 'u-prime');

    expect(application).toMatchObject({
      points: V1.points + 5 * RATE,
      days: V1.days + 5,
      workers: V1.workers + 1,
    });
  });

  it('a re-upload replaces the line of the same member and employer; it does not add a second', async () => {
    const { deps, v1 } = await world();
    await upload(deps, [row({ days: 4 })]);

    await upload(deps, [row({ days: 6 })]);

    expect(await excelLines(deps, v1.ids.importId)).toEqual([
      expect.objectContaining({ days: 6, points: 6 * RATE }),
    ]);
  });

  it('the added lines survive the revalidation of the file', async () => {
    const { deps, v1 } = await world();
    await upload(deps, [row()]);

    await revalidateImport(deps, v1.ids);

    expect(await excelLines(deps, v1.ids.importId)).toEqual([expect.objectContaining({ days: 4 })]);
  });

  it('refuses a sheet of another month (InvalidInput), listing where and why, not the cells’ values', async () => {
    const { deps, v1 } = await world();

    const e = await upload(deps, [row()], '2026-09').catch((x) => x);

    expect(e).toBeInstanceOf(InvalidInput);
    expect(e.detail).toBe('Excel ファイルに 1 件の誤りがあります');
    expect(e.extra.errors).toEqual([
      { row: null, column: null, code: 'MISMATCH', message: expect.stringContaining(`${SITE}_202610`) },
    ]);
    expect(await excelLines(deps, v1.ids.importId)).toEqual([]);
  });

  it('refuses rows it cannot take — employer outside the chain, unknown member, member in the CCUS file — adding none', async () => {
    const { deps, v1 } = await world();
    await deps.registry.putMember({
      ...(await deps.registry.getMember(NEW_MEMBER))!,
      memberNo: '5000000010',
    });

    const e = await upload(deps, [
      row({ memberNo: '5000000010' }),
      row({ contractorNo: '4000000001' }),
      row({ memberNo: '5999999999' }),
      row({ memberNo: '5000000002' }),
    ]).catch((x) => x);

    expect(e).toBeInstanceOf(Unprocessable);
    expect(e.detail).toBe('取り込めない行が 3 件あります');
    expect(e.extra.errors).toEqual([
      { row: 3, column: '雇用会社共済契約者番号', message: 'この月の施工体制にない共済契約者です' },
      { row: 4, column: '被共済者番号', message: '建退共に登録されていない被共済者番号です' },
      { row: 5, column: '被共済者番号', message: 'CCUS の就業履歴に含まれる被共済者です' },
    ]);
    expect(await excelLines(deps, v1.ids.importId)).toEqual([]);
    expect(deps.audit.actions()).not.toContain('add-lines');
  });

  it('only before 申請: refused while applied, accepted again after 差戻し', async () => {
    const { deps, v1 } = await world();
    await apply(deps, SITE, MONTH, 'u-prime');

    const e = await upload(deps, [row()]).catch((x) => x);
    expect(e).toBeInstanceOf(Conflict);
    expect(e.detail).toBe('掛金充当の申請中は就労実績を変更できません（差戻し後に変更してください）');
    expect(await excelLines(deps, v1.ids.importId)).toEqual([]);

    await decide(deps, SITE, MONTH, '差戻し', { by: 'u-prime', reason: '未登録技能者の追加' });
    expect(await upload(deps, [row()])).toMatchObject({ added: 1 });
  });

  it('refuses a month without a file, and a charged month', async () => {
    const empty = await peopleDeps();
    await expect(upload(empty, [row()])).rejects.toThrow(
      new Conflict('この月の就業履歴はまだ取り込まれていません'),
    );

    const { deps, v1 } = await world();
    await appliedAndApproved(deps, v1.ids);
    await debitPoints(deps, v1.ids);
    await expect(upload(deps, [row()])).rejects.toThrow(new Conflict('掛金充当済みの月は変更できません'));
  });
});
