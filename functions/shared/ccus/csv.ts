// RFC 4180 records from decoded text chunks, with their 1-based physical line (header = 1). PapaParse's
// Parser splits each chunk; the unfinished last record is carried into the next chunk. CRLF is folded
// to LF first; a CR without LF (classic Mac line ends, or a stray CR) refuses the file.
import Papa from 'papaparse';

/** Longest record accepted (characters); longer means a runaway quote or a hostile file. */
export const MAX_RECORD_CHARS = 1024 * 1024;

export type CsvProblem =
  | { kind: 'lone-cr'; line: number }
  | { kind: 'too-long'; line: number }
  | { kind: 'quote'; line: number; unterminated: boolean };

/** A fatal problem: reading stops. */
export class CsvFailure {
  constructor(readonly problem: CsvProblem) {}
}

interface PapaResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}
interface PapaParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): PapaResult;
}
// Papa.Parser is exported but typed loosely; this is the part used.
const ParserCtor = (Papa as unknown as { Parser: new (config: object) => PapaParser }).Parser;

function countNl(s: string, end = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function recordLength(cells: string[]): number {
  let n = cells.length - 1;
  for (const c of cells) n += c.length;
  return n;
}

export type RecordSink = (cells: string[], line: number) => void;

export class CsvRecords {
  /** Physical line where `leftover` starts. */
  nextLine = 1;
  private leftover = '';
  private heldCr = false;
  private readonly parser: PapaParser = new ParserCtor({ delimiter: ',', newline: '\n', quoteChar: '"' });
  constructor(
    private readonly sink: RecordSink,
    /** A bad quote does not stop reading: the caller records it and goes on (the file is refused). */
    private readonly onQuoteProblem: (p: CsvProblem) => void,
  ) {}

  /** Physical line at the end of the text handed over so far. */
  get currentLine(): number {
    return this.nextLine + countNl(this.leftover);
  }

  push(text: string): void {
    if (text === '') return;
    let t = this.heldCr ? `\r${text}` : text;
    this.heldCr = false;
    if (t.charCodeAt(t.length - 1) === 13) {
      // The LF of this CRLF may start the next chunk.
      this.heldCr = true;
      t = t.slice(0, -1);
    }
    this.parse(this.fold(t), true);
  }

  end(): void {
    if (this.heldCr) {
      this.heldCr = false;
      this.fold('\r');
    }
    if (this.leftover !== '') this.parse('', false);
  }

  private fold(t: string): string {
    if (t.indexOf('\r') === -1) return t;
    const f = t.replaceAll('\r\n', '\n');
    const cr = f.indexOf('\r');
    if (cr !== -1) {
      throw new CsvFailure({ kind: 'lone-cr', line: this.currentLine + countNl(f, cr) });
    }
    return f;
  }

  private parse(t: string, more: boolean): void {
    const input = this.leftover + t;
    const r = this.parser.parse(input, 0, more);
    // No quote in the input means PapaParse split on line feeds only: no cell can hold one.
    const quoted = input.indexOf('"') !== -1;
    /** Row index → unterminated (true) or malformed (false) quote. */
    let bad: Map<number, boolean> | null = null;
    if (quoted) {
      for (const e of r.errors) {
        // Errors of the unfinished last record come back with the next chunk; only finished ones count.
        if (e.row === undefined || e.row >= r.data.length) continue;
        bad ??= new Map();
        // After a malformed closing quote PapaParse looks for another one and may then report the field
        // unterminated: the malformed quote is the cause, so it wins.
        bad.set(e.row, (bad.get(e.row) ?? true) && e.code === 'MissingQuotes');
      }
    }
    // A record longer than the limit is refused however the text was chunked: only an input longer than
    // the limit can hold one, so the common case skips the count.
    const big = input.length > MAX_RECORD_CHARS;
    let line = this.nextLine;
    const rows = r.data;
    for (let k = 0; k < rows.length; k++) {
      const cells = rows[k]!;
      if (big && recordLength(cells) > MAX_RECORD_CHARS) throw new CsvFailure({ kind: 'too-long', line });
      const quoteProblem = bad?.get(k);
      // A record with a broken quote is reported as such: its cells are not what the writer meant.
      if (quoteProblem === undefined) this.sink(cells, line);
      else this.onQuoteProblem({ kind: 'quote', line, unterminated: quoteProblem });
      line += 1;
      if (quoted) for (const c of cells) if (c.indexOf('\n') !== -1) line += countNl(c);
    }
    this.nextLine = line;
    this.leftover = more ? input.slice(r.meta.cursor) : '';
    if (this.leftover.length > MAX_RECORD_CHARS) {
      throw new CsvFailure({ kind: 'too-long', line: this.nextLine });
    }
  }
}
