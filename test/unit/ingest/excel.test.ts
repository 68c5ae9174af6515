// The CCUS未登録技能者 sheet: template round trip, cell types, and refusals with sheet, row, column, value.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  importUnregisteredSheet,
  MAX_SHEET_BYTES,
  sheetName,
  UNREGISTERED_HEADERS,
  unregisteredTemplate,
} from '../../../functions/shared/ccus/excel.js';

const target = { siteId: '9000000001', workMonth: '2026-02', siteName: '=○○ビル' };

async function edit(buf: Buffer, fn: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  fn(wb.worksheets[0]!, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('template', () => {
  it('is one sheet named after the site and month, with the header row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await unregisteredTemplate(target)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['9000000001_202602']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...UNREGISTERED_HEADERS]);
    expect(wb.title).toContain('9000000001');
    expect(sheetName(target)).toBe('9000000001_202602');
  });

  it('escapes formula-leading text it writes', async () => {
    const buf = await unregisteredTemplate(target, [
      {
        contractorNo: '1000000001',
        memberNo: '5000000001',
        kanaFamily: '=HYPERLINK("x")',
        kanaGiven: '@A1',
        days: 1,
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const r = wb.worksheets[0]!.getRow(2);
    expect([r.getCell(3).value, r.getCell(4).value]).toEqual([`'=HYPERLINK("x")`, "'@A1"]);
  });

  it('the empty template imports as "no data"', async () => {
    const o = await importUnregisteredSheet(await unregisteredTemplate(target), target);
    expect(o).toMatchObject({ status: 'refused', errors: [{ code: 'NO_DATA' }] });
  });

  it('round trips, numbers may be numeric cells, blank rows are skipped', async () => {
    const prefill = [
      {
        contractorNo: '1000000001',
        memberNo: '5000000001',
        kanaFamily: 'ヤマダ',
        kanaGiven: 'タロウ',
        days: 3,
      },
    ];
    const buf = await edit(await unregisteredTemplate(target, prefill), (ws) => {
      ws.getRow(5).values = [
        1000000002,
        5000000002,
        'ｻﾄｳ',
        { richText: [{ text: 'ジ' }, { text: 'ロウ' }] },
        28,
      ] as never;
    });
    const o = await importUnregisteredSheet(buf, target);
    expect(o).toEqual({
      status: 'validated',
      lines: [
        { row: 2, ...prefill[0] },
        {
          row: 5,
          contractorNo: '1000000002',
          memberNo: '5000000002',
          kanaFamily: 'ｻﾄｳ',
          kanaGiven: 'ジロウ',
          days: 28,
        },
      ],
    });
  });
});

describe('import errors', () => {
  it('names the sheet, row, column and value of each bad cell', async () => {
    const buf = await edit(await unregisteredTemplate(target), (ws) => {
      ws.getRow(2).values = ['10-00', '5000000001', 'ヤマダ', { formula: '"タロウ"' }, 29] as never;
      ws.getRow(3).values = ['x', '5000000002', '山田', 'タロウ', 2.5] as never;
      ws.getRow(4).values = ['1000000001', '', 'ヤマダ', 'タロウ', '0'] as never;
    });
    const o = await importUnregisteredSheet(buf, target);
    expect(o.status).toBe('refused');
    if (o.status !== 'refused') return;
    const sheet = '9000000001_202602';
    expect(o.errors.map((e) => [e.sheet, e.line, e.column, e.value])).toEqual([
      [sheet, 2, 'メイ', undefined],
      [sheet, 2, '就労日数', '29'],
      [sheet, 3, '雇用会社共済契約者番号', 'x'],
      [sheet, 3, 'セイ', undefined],
      [sheet, 3, '就労日数', undefined],
      [sheet, 4, '被共済者番号', undefined],
      [sheet, 4, '就労日数', '0'],
    ]);
    expect(o.errors[0]!.message).toContain('数式');
    expect(o.errors[1]!.message).toContain('28 日まで');
    expect(o.errorCount).toBe(7);
  });

  it('refuses a duplicated worker, a sheet of another site or month, and a missing header', async () => {
    const line = ['1000000001', '5000000001', 'ヤマダ', 'タロウ', 3];
    const dup = await edit(await unregisteredTemplate(target), (ws) => {
      ws.getRow(2).values = line as never;
      ws.getRow(3).values = line as never;
    });
    expect(await importUnregisteredSheet(dup, target)).toMatchObject({
      status: 'refused',
      errors: [{ line: 3, column: '被共済者番号', message: expect.stringContaining('2 行目') }],
    });
    const other = await unregisteredTemplate({ ...target, workMonth: '2026-03' });
    expect(await importUnregisteredSheet(other, target)).toMatchObject({
      status: 'refused',
      errors: [{ code: 'MISMATCH', value: '9000000001_202603' }],
    });
    const noHeader = await edit(await unregisteredTemplate(target), (ws) => {
      ws.getCell(1, 5).value = '日数';
    });
    expect(await importUnregisteredSheet(noHeader, target)).toMatchObject({
      status: 'refused',
      errors: [{ line: 1, column: '就労日数', code: 'HEADER_MISSING' }],
    });
  });

  it('refuses bytes that are not a workbook, an empty or huge file, and two sheets', async () => {
    expect(await importUnregisteredSheet(new TextEncoder().encode('a,b,c'), target)).toMatchObject({
      errors: [{ code: 'SHEET', message: expect.stringContaining('xlsx') }],
    });
    expect(await importUnregisteredSheet(new Uint8Array(0), target)).toMatchObject({
      errors: [{ code: 'EMPTY_FILE' }],
    });
    expect(await importUnregisteredSheet(new Uint8Array(MAX_SHEET_BYTES + 1), target)).toMatchObject({
      errors: [{ code: 'SHEET' }],
    });
    const two = await edit(await unregisteredTemplate(target), (_ws, wb) => {
      wb.addWorksheet('extra');
    });
    expect(await importUnregisteredSheet(two, target)).toMatchObject({
      errors: [{ message: expect.stringContaining('2枚') }],
    });
  });
});
