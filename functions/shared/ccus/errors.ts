// Structural errors of a refused file: one shape for the CSV reader and the Excel import, capped so a
// hostile file cannot grow memory, with the total kept.

/** Stable codes, so callers and tests need not match on the Japanese wording. */
export type ReadErrorCode =
  | 'EMPTY_FILE'
  | 'ENCODING'
  | 'LINE_END'
  | 'RECORD_TOO_LONG'
  | 'QUOTE'
  | 'HEADER_MISSING'
  | 'HEADER_DUPLICATE'
  | 'NO_HEADER'
  | 'NO_DATA'
  | 'FIELD_COUNT'
  | 'EMPTY_LINE'
  | 'REQUIRED'
  | 'FORMAT'
  | 'DATE_OUTSIDE_MONTH'
  | 'MISMATCH'
  | 'PROVISION'
  | 'SITE_UNKNOWN'
  /** R-SITE-OWNER: the file's 元請 is not the site's registered prime. */
  | 'SITE_OWNER'
  /** R-SITE-OWNER: the file's 元請 has no 共済契約者番号 in the file or the registry. */
  | 'PRIME_UNKNOWN'
  | 'SHEET'
  /** Registry file: the same record twice. */
  | 'DUPLICATE'
  /** Registry file: a 共済契約者番号 neither in the file nor in the registry. */
  | 'UNKNOWN_CONTRACTOR';

export interface ReadError {
  /**
   * CSV: 1-based physical line (header = 1; a quoted field spanning lines counts its lines).
   * Excel: 1-based sheet row. null only when no line applies.
   */
  line: number | null;
  /** Header name of the column, or null for errors of a whole line or file. */
  column: string | null;
  code: ReadErrorCode;
  message: string;
  /** The offending cell text (shortened); never set for names or 被共済者番号. */
  value?: string;
  /** Excel only: the sheet name. */
  sheet?: string;
}

export const MAX_LISTED_ERRORS = 100;
const MAX_VALUE_CHARS = 40;

/** Columns whose values are personal data: refusals name the cell but never echo its text. */
export const PERSONAL_COLUMNS: ReadonlySet<string> = new Set([
  '技能者セイ',
  '技能者メイ',
  '被共済者番号',
  'セイ',
  'メイ',
]);

/**
 * A fresh copy of a string. V8 keeps substrings as views of their parent: a cell kept past its chunk
 * (a cached group, an error) would otherwise keep the whole decoded chunk alive, and with it the file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** Shorten a cell for an error report (a 10 MB field must not come back in the refusal). */
export function shortValue(value: string): string {
  return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…(${value.length}文字)` : value;
}

/** Keeps the first MAX_LISTED_ERRORS errors and counts them all. */
export class ErrorList {
  readonly listed: ReadError[] = [];
  count = 0;

  constructor(private readonly max = MAX_LISTED_ERRORS) {}

  add(e: ReadError): void {
    this.count++;
    if (this.listed.length >= this.max) return;
    const out: ReadError = { ...e, message: detach(e.message) };
    if (e.value === undefined || (e.column !== null && PERSONAL_COLUMNS.has(e.column))) delete out.value;
    else out.value = detach(shortValue(e.value));
    this.listed.push(out);
  }

  get empty(): boolean {
    return this.count === 0;
  }
}
