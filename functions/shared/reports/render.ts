// Reports as files people open: CSV for spreadsheets and a printable HTML page. One table model,
// two renderings, so the CSV and the page always say the same thing.
//
// CSV encoding: UTF-8 with a byte order mark (docs/reports.md argues it). Excel (Windows and Mac) reads
// a file that starts with the BOM as UTF-8 and otherwise as the system code page (CP932 in Japan), so
// the BOM is what keeps 工事名 and 発注者名 intact; and UTF-8 holds every character a name may carry
// (髙, 𠮷…), where CP932 would have to drop or replace some.
import Papa from 'papaparse';

export interface ReportTable {
  /** The table's caption on the printable page (the CSV carries it as its own line when there are several). */
  caption?: string;
  head: string[];
  rows: (string | number | null)[][];
}

export interface Report {
  title: string;
  /** Facts above the tables: 共済契約者, 期間, 出力日… */
  meta: [string, string][];
  tables: ReportTable[];
}

const BOM = '\uFEFF';

/** The CSV file: BOM, title and meta lines, then each table (header row first), CRLF line ends. */
export function reportCsv(r: Report): Uint8Array {
  const lines: (string | number | null)[][] = [[r.title], ...r.meta.map(([k, v]) => [k, v])];
  for (const t of r.tables) {
    lines.push([]);
    if (t.caption) lines.push([t.caption]);
    lines.push(t.head, ...t.rows);
  }
  // quotes: true — a 工事名 like 「1,000㎡」 or a leading = never turns into a number or a formula.
  const text = Papa.unparse(
    lines.map((l) => l.map((v) => (v === null ? '' : typeof v === 'number' ? v : neutralise(v)))),
    { newline: '\r\n', quotes: (v: unknown) => typeof v === 'string' },
  );
  return new TextEncoder().encode(`${BOM}${text}\r\n`);
}

/** A cell starting with = + - @ would be a formula in a spreadsheet: prefix it so it stays text. */
function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const cell = (v: string | number | null) =>
  v === null ? '' : typeof v === 'number' ? v.toLocaleString('ja-JP') : escapeHtml(v);

/** A standalone page for printing (A4, tables repeat their header on each page). */
export function reportHtml(r: Report): string {
  const meta = r.meta.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const tables = r.tables
    .map((t) => {
      const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = t.rows
        .map(
          (row) =>
            `<tr>${row.map((v) => `<td${typeof v === 'number' ? ' class="n"' : ''}>${cell(v)}</td>`).join('')}</tr>`,
        )
        .join('');
      const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
      return `<table class="report">${caption}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title>
<style>
@page { size: A4; margin: 12mm; }
body { font-family: "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 14pt; margin: 0 0 6pt; }
table { border-collapse: collapse; margin: 6pt 0 12pt; }
th, td { border: 1px solid #444; padding: 2pt 4pt; }
th { background: #eee; font-weight: normal; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 4pt 0; }
table.report { width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
</style></head>
<body><h1>${escapeHtml(r.title)}</h1><table class="meta">${meta}</table>${tables}</body></html>
`;
}
