// Ingest one CCUS linkage file: decode strictly, split RFC 4180 records, validate each row and aggregate it
// as it streams by, so memory grows with workers, not rows. Either the whole file validates and is
// checked against the registry, or it is refused with its errors: nothing half-read is returned.
import { isWorkMonthProvided, provisionWindow } from '../../../domain/calendar.js';
import {
  createImportAggregator,
  type ImportAggregator,
  zeroDayImport,
} from '../../../domain/import/engine.js';
import { checkSiteOwner, filePrimeContractorNo } from '../../../domain/import/ownership.js';
import type { ImportResult } from '../../../domain/import/types.js';
import type { RegistryLoader } from '../../../domain/ports/registry.js';
import type { Site } from '../../../domain/types.js';
import { CsvFailure, type CsvProblem, CsvRecords, MAX_RECORD_CHARS } from './csv.js';
import { DecodeFailure, type Encoding, StreamDecoder } from './decode.js';
import { ErrorList, type ReadError } from './errors.js';
import { HEADER_OF, resolveHeader } from './header.js';
import { RowValidator } from './rows.js';

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array;

export interface IngestOptions {
  registry: RegistryLoader;
  /** 現場ID from the object key `ccus/<現場ID>/<YYYYMM>/…`. */
  expectedSiteId?: string;
  /** Work month from the object key, `YYYY-MM` (or `YYYYMM`). */
  expectedWorkMonth?: string;
  /**
   * The site's master record (enables R-PROVISION and the 現場ID check against it), or a lookup by the
   * file's 現場ID when the caller has no object key (`cycle check`); a site it does not know is refused.
   */
  site?: Site | ((siteId: string) => Site | undefined);
}

export interface IngestRefused {
  status: 'refused';
  /** At most MAX_LISTED_ERRORS, in line order. */
  errors: ReadError[];
  /** All errors found, listed or not. */
  errorCount: number;
  /** What could be read before the refusal (null when unknown). */
  siteId: string | null;
  workMonth: string | null;
  bytes: number;
  encoding: Encoding | null;
  /**
   * R-SITE-OWNER refusals only: the 共済契約者番号 of the file's 元請 (null when unknown), so the caller
   * can tell the site's real owner. Never put in a message: the site's registrant may read those.
   */
  fileOwner?: { contractorNo: string | null };
}

export interface IngestValidated {
  status: 'validated';
  result: ImportResult;
  bytes: number;
  encoding: Encoding;
}

export type IngestOutcome = IngestRefused | IngestValidated;

export const ENCODING_LABEL: Record<Encoding, string> = { 'utf-8': 'UTF-8', cp932: 'CP932（Shift_JIS）' };

/** The located error of a file that cannot be decoded or split into records; undefined for anything else. */
export function readFailureError(e: unknown, currentLine: number): ReadError | undefined {
  if (e instanceof DecodeFailure)
    return {
      line: currentLine + e.lfBefore,
      column: null,
      code: 'ENCODING',
      message:
        e.encoding === null
          ? '文字コードが UTF-8 でも CP932（Shift_JIS）でもありません'
          : `${ENCODING_LABEL[e.encoding]} として不正なバイト列があります（ファイルは ${ENCODING_LABEL[e.encoding]} と判定されました）`,
    };
  if (e instanceof CsvFailure) return problemError(e.problem);
  return undefined;
}

/** Thrown inside the record sink to stop reading after a fatal header problem. */
const STOP = Symbol('stop');

export async function* chunksOf(input: ByteSource): AsyncIterable<Uint8Array> {
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array>) {
    // A Readable with setEncoding() would hand over strings: the bytes are needed to detect the encoding.
    if (!(chunk instanceof Uint8Array)) throw new TypeError('ingestCcusFile: the source must yield bytes');
    yield chunk;
  }
}

function normalizeMonth(m: string | undefined): string | undefined {
  if (m === undefined) return undefined;
  return /^\d{6}$/.test(m) ? `${m.slice(0, 4)}-${m.slice(4)}` : m;
}

/** A fatal or quote problem of the CSV layer as a read error (the registry reader shares it). */
export function problemError(p: CsvProblem): ReadError {
  switch (p.kind) {
    case 'lone-cr':
      return {
        line: p.line,
        column: null,
        code: 'LINE_END',
        message: '改行が CR だけの箇所があります（行末は CRLF または LF にしてください）',
      };
    case 'too-long':
      return {
        line: p.line,
        column: null,
        code: 'RECORD_TOO_LONG',
        message: `この行から始まるレコードが ${MAX_RECORD_CHARS} 文字を超えています（引用符の閉じ忘れの可能性があります）`,
      };
    case 'quote':
      return {
        line: p.line,
        column: null,
        code: 'QUOTE',
        message: p.unterminated
          ? '引用符（"）で始まる項目が閉じられていません'
          : '引用符（"）の使い方が不正です（閉じ引用符の後に区切り以外の文字があります）',
      };
  }
}

/** Read, validate and aggregate a CCUS linkage file; then check it against the registry. */
export async function ingestCcusFile(input: ByteSource, options: IngestOptions): Promise<IngestOutcome> {
  const errors = new ErrorList();
  const decoder = new StreamDecoder();
  const expectedMonth = normalizeMonth(options.expectedWorkMonth);
  const fixedSite = typeof options.site === 'function' ? undefined : options.site;
  let validator: RowValidator | null = null;
  let width = 0;
  let agg: ImportAggregator | null = createImportAggregator();
  let dataRows = 0;
  /** Rows that carried a worked day (fed to the aggregator). */
  let dayRows = 0;
  /** First line of the current run of empty lines (allowed only at the end). */
  let emptyRun: number | null = null;

  const records = new CsvRecords(
    (cells, line) => {
      if (validator === null) {
        const h = resolveHeader(cells);
        if (!h.ok) {
          for (const e of h.errors) errors.add(e);
          throw STOP;
        }
        width = h.width;
        validator = new RowValidator(h.index, errors, {
          siteId: options.expectedSiteId ?? fixedSite?.siteId,
          workMonth: expectedMonth,
        });
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
      dataRows++;
      if (cells.length !== width) {
        errors.add({
          line,
          column: null,
          code: 'FIELD_COUNT',
          message: `項目数が ${cells.length} です（ヘッダーは ${width} 項目）`,
        });
        return;
      }
      const row = validator.row(cells, line);
      if (!errors.empty) {
        // Refused already: stop aggregating (and let the memory go), keep counting errors.
        agg = null;
        return;
      }
      if (row !== null) {
        agg?.add(row);
        dayRows++;
      }
    },
    (p) => errors.add(problemError(p)),
  );

  try {
    for await (const chunk of chunksOf(input)) records.push(decoder.push(chunk));
    records.push(decoder.end());
    records.end();
  } catch (e) {
    const failure = readFailureError(e, records.currentLine);
    if (failure) errors.add(failure);
    else if (e !== STOP) throw e;
  }

  // Re-read through a const: TS cannot see the callback's assignments.
  const v = validator as RowValidator | null;
  // R-ZERO-MONTH: the header alone is a month without work when the object key names the site and
  // month (the inbox); without a key (`cycle check`) nothing says which month it is.
  const keyNamesMonth = options.expectedSiteId !== undefined && expectedMonth !== undefined;
  if (decoder.bytes === 0 || (v === null && errors.empty)) {
    errors.add({ line: 1, column: null, code: 'EMPTY_FILE', message: 'ファイルが空です' });
  } else if (v !== null && dataRows === 0 && errors.empty && !(keyNamesMonth && fixedSite)) {
    errors.add({ line: 1, column: null, code: 'NO_DATA', message: 'ヘッダー行だけでデータ行がありません' });
  }
  const fileSite = v?.site ?? null;
  const site =
    fileSite === null || options.site === undefined
      ? undefined
      : typeof options.site === 'function'
        ? options.site(fileSite.siteId)
        : options.site;
  if (fileSite !== null && typeof options.site === 'function' && site === undefined) {
    errors.add({
      line: fileSite.line,
      column: HEADER_OF.siteId,
      code: 'SITE_UNKNOWN',
      message: 'この現場IDの現場が登録されていません（連携設定がありません）',
      value: fileSite.siteId,
    });
  }
  // A header-only file has no row to read the month from: the key's month is checked instead.
  const provided =
    fileSite !== null && site !== undefined
      ? { site, workMonth: fileSite.workMonth, line: fileSite.line }
      : fileSite === null && fixedSite !== undefined && expectedMonth !== undefined && v !== null
        ? { site: fixedSite, workMonth: expectedMonth, line: 1 }
        : null;
  if (provided !== null) {
    // R-PROVISION: a work month outside the site's file provision window is refused.
    if (!isWorkMonthProvided(provided.site, provided.workMonth)) {
      const w = provisionWindow(provided.site);
      errors.add({
        line: provided.line,
        column: HEADER_OF.workMonth,
        code: 'PROVISION',
        message: w.empty
          ? `この現場にはファイル提供期間がありません（対象年月 ${provided.workMonth}）`
          : `対象年月 ${provided.workMonth} は現場のファイル提供期間（就業月 ${w.firstWorkMonth}〜${w.lastWorkMonth}）の外です`,
        value: provided.workMonth.replace('-', ''),
      });
    }
  }

  const aggregator = agg as ImportAggregator | null;
  if (!errors.empty || aggregator === null || decoder.encoding === null) {
    return {
      status: 'refused',
      errors: [...errors.listed].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      errorCount: errors.count,
      siteId: fileSite?.siteId ?? options.expectedSiteId ?? fixedSite?.siteId ?? null,
      workMonth: fileSite?.workMonth ?? expectedMonth ?? null,
      bytes: decoder.bytes,
      encoding: decoder.encoding,
    };
  }
  if (dayRows === 0) {
    // R-ZERO-MONTH: no worked day in the file (header only, or rows without a 就業日).
    const header = fileSite ?? {
      siteId: options.expectedSiteId ?? fixedSite?.siteId ?? '',
      siteName: fixedSite?.name ?? '',
      workMonth: expectedMonth ?? '',
      outputMethod: fixedSite?.outputMethod ?? '元請一括',
      primeCompanyId: '',
    };
    return {
      status: 'validated',
      result: zeroDayImport(
        {
          siteId: header.siteId,
          siteName: header.siteName,
          workMonth: header.workMonth,
          outputMethod: header.outputMethod as '元請一括' | '一次一括',
          primeCompanyId: header.primeCompanyId,
        },
        dataRows,
      ),
      bytes: decoder.bytes,
      encoding: decoder.encoding,
    };
  }
  // The site's prime decides whose 事後登録 corrections apply (R-MAPPING-SCOPE).
  const registry = await options.registry.load({
    ...aggregator.needs(),
    ...(site === undefined ? {} : { primeContractorNo: site.primeContractorNo }),
  });
  const result = aggregator.finish(registry);
  // Rows without a 就業日 (R-ZERO-MONTH) are rows of the file too, though they add no day.
  if (dayRows !== dataRows) result.totals = { ...result.totals, rows: dataRows };
  if (fileSite !== null && site !== undefined) {
    // R-SITE-OWNER: the file's 元請 must be the site's registered prime; the message names neither
    // company, since the reader may be whoever registered the 現場ID.
    const owner = checkSiteOwner(result, registry, site.primeContractorNo);
    if (!owner.ok) {
      return {
        fileOwner: { contractorNo: filePrimeContractorNo(result, registry) },
        status: 'refused',
        errors: [
          {
            line: fileSite.line,
            column: HEADER_OF.primeCompanyId,
            code: owner.reason === 'other-prime' ? 'SITE_OWNER' : 'PRIME_UNKNOWN',
            message:
              owner.reason === 'other-prime'
                ? 'ファイルの元請事業者が、この現場を電子申請現場設定で登録した共済契約者ではありません。' +
                  '他社の現場の就業履歴は取り込みません（取り込まない）。現場IDと電子申請現場設定を確認してください'
                : '元請事業者の共済契約者番号がファイルにも建退共の登録にもないため、現場の元請を確認できません。' +
                  'CCUS の事業者情報に共済契約者番号を登録してから再連携してください',
          },
        ],
        errorCount: 1,
        siteId: fileSite.siteId,
        workMonth: fileSite.workMonth,
        bytes: decoder.bytes,
        encoding: decoder.encoding,
      };
    }
  }
  return {
    status: 'validated',
    result,
    bytes: decoder.bytes,
    encoding: decoder.encoding,
  };
}
