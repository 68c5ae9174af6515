// The Excel sheet for CCUS-unregistered workers (CCUS未登録技能者, manual 000 手順3): the empty template for a
// site and month, and the import of a filled one into that month's lines.
//
// Layout: one worksheet named `<現場ID>_<YYYYMM>` (the site and month it belongs to; an import for another
// site or month is refused), header in row 1 — 雇用会社共済契約者番号, 被共済者番号, セイ, メイ, 就労日数 —
// and one worker per row from row 2. The workbook title repeats the identification for people.
import ExcelJS from 'exceljs';
import type { YearMonth } from '../../../domain/types.js';
import { ErrorList, type ReadError, type ReadErrorCode } from './errors.js';
import { escapeFormula } from './escape.js';

export const UNREGISTERED_HEADERS = [
  '雇用会社共済契約者番号',
  '被共済者番号',
  'セイ',
  'メイ',
  '就労日数',
] as const;
type Header = (typeof UNREGISTERED_HEADERS)[number];

export interface UnregisteredLine {
  /** Sheet row (header = 1). */
  row: number;
  contractorNo: string;
  memberNo: string;
  kanaFamily: string;
  kanaGiven: string;
  days: number;
}

export interface SheetTarget {
  siteId: string;
  /** `YYYY-MM`. */
  workMonth: YearMonth;
  /** Shown in the title only. */
  siteName?: string;
}

export type SheetOutcome =
  | { status: 'refused'; errors: ReadError[]; errorCount: number }
  | { status: 'validated'; lines: UnregisteredLine[] };

/** A workbook larger than this is refused before it is unzipped. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
/** Rows beyond this are refused: the sheet lists unregistered workers, not a site's whole month. */
export const MAX_SHEET_ROWS = 10_000;

const KANA = /^[\u3000\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff ]+$/u;
const NUMBER = /^[0-9-]{1,20}$/;

export function sheetName(t: Pick<SheetTarget, 'siteId' | 'workMonth'>): string {
  return `${t.siteId}_${t.workMonth.replace('-', '')}`;
}

function daysIn(month: YearMonth): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** The empty template (or prefilled with earlier lines, e.g. to correct them), as xlsx bytes. */
export async function unregisteredTemplate(
  target: SheetTarget,
  prefill: readonly Omit<UnregisteredLine, 'row'>[] = [],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = escapeFormula(
    `CCUS未登録技能者 現場ID ${target.siteId}${target.siteName ? `（${target.siteName}）` : ''} 対象年月 ${target.workMonth}`,
  );
  wb.subject = sheetName(target);
  const ws = wb.addWorksheet(sheetName(target), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = UNREGISTERED_HEADERS.map((h, i) => ({
    header: h,
    key: h,
    width: i < 2 ? 24 : 16,
    // Numbers as text: leading zeros and hyphens of 建退共 numbers survive editing.
    style: i < 4 ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const l of prefill) {
    ws.addRow([
      escapeFormula(l.contractorNo),
      escapeFormula(l.memberNo),
      escapeFormula(l.kanaFamily),
      escapeFormula(l.kanaGiven),
      l.days,
    ]);
  }
  const max = daysIn(target.workMonth);
  for (let r = 2; r <= Math.max(prefill.length + 1, 200); r++) {
    ws.getCell(r, 5).dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [1, max],
      showErrorMessage: true,
      errorTitle: '就労日数',
      error: `1〜${max} の整数を入力してください`,
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type CellText = { ok: true; text: string; numeric: boolean } | { ok: false; message: string };

/** The text of a cell, as data: formulas are refused, never evaluated; rich text and links give their text. */
function cellText(v: ExcelJS.CellValue): CellText {
  if (v === null || v === undefined) return { ok: true, text: '', numeric: false };
  if (typeof v === 'string') return { ok: true, text: v, numeric: false };
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return { ok: false, message: '整数ではありません' };
    return { ok: true, text: String(v), numeric: true };
  }
  if (typeof v === 'boolean' || v instanceof Date)
    return { ok: false, message: '文字または数値ではありません' };
  if ('richText' in v) return { ok: true, text: v.richText.map((t) => t.text).join(''), numeric: false };
  if ('formula' in v || 'sharedFormula' in v) {
    return { ok: false, message: '数式のセルは読み込めません（値を入力してください）' };
  }
  if ('hyperlink' in v) return cellText(v.text as ExcelJS.CellValue);
  if ('error' in v) return { ok: false, message: 'エラー値のセルです' };
  return { ok: false, message: '読み込めないセルです' };
}

/** Import a filled sheet for `target`'s site and month: all rows valid, or refused with each bad cell. */
export async function importUnregisteredSheet(
  input: Uint8Array | ArrayBuffer,
  target: SheetTarget,
): Promise<SheetOutcome> {
  const errors = new ErrorList();
  const expectedName = sheetName(target);
  const refuse = (): SheetOutcome => ({
    status: 'refused',
    errors: [...errors.listed],
    errorCount: errors.count,
  });
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const sheetError = (message: string, code: ReadErrorCode = 'SHEET'): SheetOutcome => {
    errors.add({ line: null, column: null, code, message, sheet: expectedName });
    return refuse();
  };
  if (bytes.length === 0) return sheetError('ファイルが空です', 'EMPTY_FILE');
  if (bytes.length > MAX_SHEET_BYTES) return sheetError(`ファイルが ${MAX_SHEET_BYTES} バイトを超えています`);

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch {
    return sheetError('Excel（.xlsx）ファイルとして読めません');
  }
  if (wb.worksheets.length !== 1) {
    return sheetError(`シートはひとつだけにしてください（${wb.worksheets.length}枚あります）`);
  }
  const ws = wb.worksheets[0]!;
  if (ws.name !== expectedName) {
    errors.add({
      line: null,
      column: null,
      code: 'MISMATCH',
      message: `シート名が「${expectedName}」ではありません（この現場・対象年月のテンプレートを使ってください）`,
      value: ws.name,
      sheet: ws.name,
    });
    return refuse();
  }
  if (ws.rowCount > MAX_SHEET_ROWS + 1) return sheetError(`行数が ${MAX_SHEET_ROWS} を超えています`);

  // Header row: order free, unknown columns ignored, each required header exactly once.
  const col = new Map<Header, number>();
  const headerRow = ws.getRow(1);
  for (let c = 1; c <= headerRow.cellCount; c++) {
    const t = cellText(headerRow.getCell(c).value);
    const name = t.ok ? t.text.normalize('NFKC').trim() : '';
    const h = UNREGISTERED_HEADERS.find((x) => x === name);
    if (h === undefined) continue;
    if (col.has(h)) {
      errors.add({
        line: 1,
        column: h,
        code: 'HEADER_DUPLICATE',
        message: `列「${h}」が重複しています`,
        sheet: ws.name,
      });
    } else col.set(h, c);
  }
  for (const h of UNREGISTERED_HEADERS) {
    if (!col.has(h)) {
      errors.add({
        line: 1,
        column: h,
        code: 'HEADER_MISSING',
        message: `必須の列「${h}」がありません`,
        sheet: ws.name,
      });
    }
  }
  if (!errors.empty) return refuse();

  const maxDays = daysIn(target.workMonth);
  const lines: UnregisteredLine[] = [];
  const seen = new Map<string, number>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = new Map<Header, CellText>();
    let blank = true;
    for (const h of UNREGISTERED_HEADERS) {
      const t = cellText(row.getCell(col.get(h)!).value);
      if (!t.ok || t.text.trim() !== '') blank = false;
      cells.set(h, t);
    }
    // Rows left empty (or only formatted) are not data.
    if (blank) continue;
    const bad = (h: Header, message: string, value?: string) =>
      errors.add({
        line: r,
        column: h,
        code: 'FORMAT',
        message,
        sheet: ws.name,
        ...(value !== undefined ? { value } : {}),
      });
    const get = (h: Header): { text: string; numeric: boolean } | null => {
      const t = cells.get(h)!;
      if (!t.ok) {
        bad(h, t.message);
        return null;
      }
      const text = t.text.normalize('NFKC').trim();
      if (text === '') {
        errors.add({ line: r, column: h, code: 'REQUIRED', message: '値がありません', sheet: ws.name });
        return null;
      }
      return { text, numeric: t.numeric };
    };
    const contractorNo = get('雇用会社共済契約者番号');
    if (contractorNo && !NUMBER.test(contractorNo.text)) {
      bad('雇用会社共済契約者番号', '半角数字とハイフン1〜20文字ではありません', contractorNo.text);
    }
    const memberNo = get('被共済者番号');
    if (memberNo && !NUMBER.test(memberNo.text))
      bad('被共済者番号', '半角数字とハイフン1〜20文字ではありません');
    const family = get('セイ');
    if (family && !KANA.test(family.text)) bad('セイ', 'カナではありません');
    const given = get('メイ');
    if (given && !KANA.test(given.text)) bad('メイ', 'カナではありません');
    const daysCell = get('就労日数');
    let days = Number.NaN;
    if (daysCell) {
      days = /^\d{1,2}$/.test(daysCell.text) ? Number(daysCell.text) : Number.NaN;
      if (!(days >= 1 && days <= maxDays)) {
        bad(
          '就労日数',
          `1〜${maxDays} の整数ではありません（${target.workMonth} は ${maxDays} 日まで）`,
          daysCell.text,
        );
      }
    }
    if (contractorNo && memberNo && family && given && daysCell && errors.empty) {
      const key = `${contractorNo.text}\u0000${memberNo.text}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.add({
          line: r,
          column: '被共済者番号',
          code: 'FORMAT',
          message: `同じ雇用会社・被共済者番号の行が ${first} 行目にもあります`,
          sheet: ws.name,
        });
        continue;
      }
      seen.set(key, r);
      lines.push({
        row: r,
        contractorNo: contractorNo.text,
        memberNo: memberNo.text,
        // Kana are kept as written (trimmed); the rules fold them when comparing.
        kanaFamily: (cells.get('セイ') as { text: string }).text.trim(),
        kanaGiven: (cells.get('メイ') as { text: string }).text.trim(),
        days,
      });
    }
  }
  if (!errors.empty) return refuse();
  if (lines.length === 0) return sheetError('データ行がありません', 'NO_DATA');
  return { status: 'validated', lines };
}
