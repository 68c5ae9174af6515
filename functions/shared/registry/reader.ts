// Reads a registry file (docs/registry-file.md) with the CCUS reader's discipline: strict CP932 / UTF-8
// detection, RFC 4180 records with their physical line, every error with line, column, value (never for
// personal columns) and a Japanese message; a file with any error yields no record at all. The file's
// SHA-256 is computed on the bytes as they stream by: it names the import (a replay is recognised).
import { createHash } from 'node:crypto';
import {
  type CellError,
  parseRegistryRow,
  REGISTRY_COLUMNS,
  REQUIRED_COLUMNS,
  type RegistryColumn,
  type RegistryRecord,
} from '../../../domain/registry.js';
import { CsvRecords } from '../ccus/csv.js';
import { type Encoding, StreamDecoder } from '../ccus/decode.js';
import { ErrorList, type ReadError } from '../ccus/errors.js';
import { normalizeHeaderCell } from '../ccus/header.js';
import { type ByteSource, chunksOf, problemError, readFailureError } from '../ccus/ingest.js';

export interface RegistryRow {
  record: RegistryRecord;
  line: number;
}

export type RegistryRead =
  | { status: 'read'; rows: RegistryRow[]; encoding: Encoding; bytes: number; fileHash: string }
  | {
      status: 'refused';
      errors: ReadError[];
      errorCount: number;
      encoding: Encoding | null;
      bytes: number;
      fileHash: string;
    };

const STOP = Symbol('stop');
const KNOWN = new Map<string, RegistryColumn>(REGISTRY_COLUMNS.map((c) => [normalizeHeaderCell(c), c]));

function resolveHeader(cells: readonly string[], errors: ErrorList): Map<RegistryColumn, number> | null {
  const index = new Map<RegistryColumn, number>();
  let ok = true;
  cells.forEach((cell, i) => {
    const c = KNOWN.get(normalizeHeaderCell(cell));
    if (c === undefined) return;
    if (index.has(c)) {
      ok = false;
      errors.add({
        line: 1,
        column: c,
        code: 'HEADER_DUPLICATE',
        message: `ヘッダーの列「${c}」が重複しています（${index.get(c)! + 1}列目と${i + 1}列目）`,
      });
    } else index.set(c, i);
  });
  if (index.size === 0) {
    errors.add({
      line: 1,
      column: null,
      code: 'NO_HEADER',
      message: '1行目がヘッダー行ではありません（種別・共済契約者番号などの列名がありません）',
    });
    return null;
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!index.has(c)) {
      ok = false;
      errors.add({
        line: 1,
        column: c,
        code: 'HEADER_MISSING',
        message: `必須の列「${c}」がヘッダーにありません`,
      });
    }
  }
  return ok ? index : null;
}

function cellError(e: CellError, line: number): ReadError {
  return {
    line,
    column: e.column,
    code: e.value === '' ? 'REQUIRED' : 'FORMAT',
    message: e.message,
    ...(e.value === undefined || e.value === '' ? {} : { value: e.value }),
  };
}

/** Read and validate every row; records only when the whole file is clean. */
export async function readRegistryFile(input: ByteSource): Promise<RegistryRead> {
  const errors = new ErrorList();
  const decoder = new StreamDecoder();
  const hash = createHash('sha256');
  const rows: RegistryRow[] = [];
  let index: Map<RegistryColumn, number> | null = null;
  let width = 0;
  let emptyRun: number | null = null;

  const records = new CsvRecords(
    (cells, line) => {
      if (index === null) {
        index = resolveHeader(cells, errors);
        if (index === null) throw STOP;
        width = cells.length;
        return;
      }
      if (cells.length === 1 && cells[0] === '') {
        emptyRun ??= line;
        return;
      }
      if (emptyRun !== null) {
        errors.add({
          line: emptyRun,
          column: null,
          code: 'EMPTY_LINE',
          message: '空行の後にデータ行があります（空行はファイルの末尾にだけ置けます）',
        });
        emptyRun = null;
      }
      if (cells.length !== width) {
        errors.add({
          line,
          column: null,
          code: 'FIELD_COUNT',
          message: `項目数が ${cells.length} です（ヘッダーは ${width} 項目）`,
        });
        return;
      }
      const at = index;
      const r = parseRegistryRow((c) => {
        const i = at.get(c);
        return i === undefined ? '' : (cells[i] ?? '');
      });
      if (!r.ok) for (const e of r.errors) errors.add(cellError(e, line));
      // Once refused, rows are only checked (errors counted), not kept.
      else if (errors.empty) rows.push({ record: r.record, line });
    },
    (p) => errors.add(problemError(p)),
  );

  try {
    for await (const chunk of chunksOf(input)) {
      hash.update(chunk);
      records.push(decoder.push(chunk));
    }
    records.push(decoder.end());
    records.end();
  } catch (e) {
    const failure = readFailureError(e, records.currentLine);
    if (failure) errors.add(failure);
    else if (e !== STOP) throw e;
  }
  const fileHash = hash.digest('hex');
  if (decoder.bytes === 0 || (index === null && errors.empty)) {
    errors.add({ line: 1, column: null, code: 'EMPTY_FILE', message: 'ファイルが空です' });
  } else if (index !== null && rows.length === 0 && errors.empty) {
    errors.add({ line: 1, column: null, code: 'NO_DATA', message: 'ヘッダー行だけでデータ行がありません' });
  }
  if (!errors.empty || decoder.encoding === null) {
    return {
      status: 'refused',
      errors: [...errors.listed].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      errorCount: errors.count,
      encoding: decoder.encoding,
      bytes: decoder.bytes,
      fileHash,
    };
  }
  return { status: 'read', rows, encoding: decoder.encoding, bytes: decoder.bytes, fileHash };
}
