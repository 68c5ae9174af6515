// The CCUS linkage file's header → field table (spec ccus-file.md, "Columns"). The only place that
// knows the column names: the real CCUS layout replaces this table without touching the rules.
import type { ReadError } from './errors.js';

/** The CcusRow fields read from the file (everything but `line`). */
export type CcusField =
  | 'siteId'
  | 'siteName'
  | 'workMonth'
  | 'outputMethod'
  | 'primeCompanyId'
  | 'firstTierCompanyId'
  | 'employerCompanyId'
  | 'employerName'
  | 'tier'
  | 'contractorNo'
  | 'workerId'
  | 'workerKanaFamily'
  | 'workerKanaGiven'
  | 'memberNo'
  | 'workDate'
  | 'trade'
  | 'role';

export interface ColumnSpec {
  header: string;
  field: CcusField;
  /**
   * Whether the column must be present in the header. Columns whose value may be empty
   * (一次事業者ID, 共済契約者番号, 被共済者番号, 職種, 立場) may also be absent: absent reads as empty.
   */
  required: boolean;
}

export const CCUS_COLUMNS: readonly ColumnSpec[] = [
  { header: '現場ID', field: 'siteId', required: true },
  { header: '現場名', field: 'siteName', required: true },
  { header: '対象年月', field: 'workMonth', required: true },
  { header: '出力方法', field: 'outputMethod', required: true },
  { header: '元請事業者ID', field: 'primeCompanyId', required: true },
  { header: '一次事業者ID', field: 'firstTierCompanyId', required: false },
  { header: '所属事業者ID', field: 'employerCompanyId', required: true },
  { header: '所属事業者名', field: 'employerName', required: true },
  { header: '階層', field: 'tier', required: true },
  { header: '共済契約者番号', field: 'contractorNo', required: false },
  { header: '技能者ID', field: 'workerId', required: true },
  { header: '技能者セイ', field: 'workerKanaFamily', required: true },
  { header: '技能者メイ', field: 'workerKanaGiven', required: true },
  { header: '被共済者番号', field: 'memberNo', required: false },
  { header: '就業日', field: 'workDate', required: true },
  { header: '職種', field: 'trade', required: false },
  { header: '立場', field: 'role', required: false },
];

/** Header name of each field, for error reports. */
export const HEADER_OF: Readonly<Record<CcusField, string>> = Object.fromEntries(
  CCUS_COLUMNS.map((c) => [c.field, c.header]),
) as Record<CcusField, string>;

/** Cell index of each field in a record, or -1 when the (optional) column is absent. */
export type ColumnIndex = Readonly<Record<CcusField, number>>;

export type HeaderResult =
  | { ok: true; index: ColumnIndex; width: number }
  | { ok: false; errors: ReadError[] };

/** Header cells are compared after NFKC and trimming (full-width ＩＤ, stray spaces). */
export function normalizeHeaderCell(cell: string): string {
  return cell.normalize('NFKC').trim();
}

const KNOWN = new Map(CCUS_COLUMNS.map((c) => [normalizeHeaderCell(c.header), c]));

/** Map the header row (line 1) to field positions: order free, unknown columns ignored. */
export function resolveHeader(cells: readonly string[]): HeaderResult {
  const index = Object.fromEntries(CCUS_COLUMNS.map((c) => [c.field, -1])) as Record<CcusField, number>;
  const errors: ReadError[] = [];
  let known = 0;
  cells.forEach((cell, i) => {
    const spec = KNOWN.get(normalizeHeaderCell(cell));
    if (spec === undefined) return;
    known++;
    if (index[spec.field] !== -1) {
      errors.push({
        line: 1,
        column: spec.header,
        code: 'HEADER_DUPLICATE',
        message: `ヘッダーの列「${spec.header}」が重複しています（${index[spec.field]! + 1}列目と${i + 1}列目）`,
      });
      return;
    }
    index[spec.field] = i;
  });
  if (known === 0) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          column: null,
          code: 'NO_HEADER',
          message: '1行目がヘッダー行ではありません（既知の列名がひとつもありません）',
        },
      ],
    };
  }
  for (const c of CCUS_COLUMNS) {
    if (c.required && index[c.field] === -1) {
      errors.push({
        line: 1,
        column: c.header,
        code: 'HEADER_MISSING',
        message: `必須の列「${c.header}」がヘッダーにありません`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, index, width: cells.length };
}
