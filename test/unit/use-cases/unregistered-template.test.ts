import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { UNREGISTERED_HEADERS } from '../../../functions/shared/ccus/excel.js';
import { unregisteredTemplate } from '../../../functions/shared/use-cases/unregistered-template.js';
import { M, peopleDeps, primeAccess } from './people.js';
import { SITE } from './support.js';

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('unregisteredTemplate (CCUS未登録技能者 Excel テンプレート)', () => {
  it('one sheet named after the site and month, with the header row, under a file name of both', async () => {
    const deps = await peopleDeps();

    const t = await unregisteredTemplate(await primeAccess(deps), M);
    const wb = await workbook(t.bytes);

    expect(t.fileName).toBe(`unregistered-workers-${SITE}-202610.xlsx`);
    expect(wb.worksheets.map((w) => w.name)).toEqual([`${SITE}_202610`]);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...UNREGISTERED_HEADERS]);
    const ws = wb.worksheets[0]!;
    const filled = [];
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).hasValues) filled.push(r);
    expect(filled).toEqual([]);
  });

  it('names the site for people in its title, and leaves the name out when the site is not known', async () => {
    const deps = await peopleDeps();

    const named = await workbook((await unregisteredTemplate(await primeAccess(deps), M)).bytes);
    const bare = await workbook((await unregisteredTemplate({ relation: 'own', companies: [] }, M)).bytes);

    expect(named.title).toContain('○○ビル新築工事');
    expect(named.title).toContain(M.workMonth);
    expect(bare.title).toContain(SITE);
    expect(bare.title).not.toContain('（');
  });

  it('the 就労日数 column accepts 1 to the days of the month asked for', async () => {
    const deps = await peopleDeps();
    const access = await primeAccess(deps);

    const oct = await workbook((await unregisteredTemplate(access, M)).bytes);
    const nov = await workbook((await unregisteredTemplate(access, { ...M, workMonth: '2026-11' })).bytes);

    expect(oct.worksheets[0]!.getCell(2, 5).dataValidation).toMatchObject({
      type: 'whole',
      formulae: [1, 31],
    });
    expect(nov.worksheets[0]!.getCell(2, 5).dataValidation).toMatchObject({ formulae: [1, 30] });
    expect(nov.worksheets[0]!.name).toBe(`${SITE}_202611`);
  });
});
