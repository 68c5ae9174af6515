// Cell text is data, never code. Whenever the project writes CSV or Excel, a cell that a spreadsheet would
// read as a formula (leading = + - @, tab or CR: OWASP "CSV injection") is prefixed with an apostrophe.

const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** Make a text cell inert for spreadsheets: `=HYPERLINK(…)` → `'=HYPERLINK(…)`. */
export function escapeFormula(text: string): string {
  return FORMULA_LEAD.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): formula-escaped, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers are written by the project itself (days, points): a negative one stays a number.
  if (typeof value === 'number') return String(value);
  const text = escapeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with CRLF, as RFC 4180 writes it. */
export function csvRecord(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
