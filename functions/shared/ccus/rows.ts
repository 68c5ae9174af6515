// Per-row validation of the CCUS linkage file into CcusRow, with zod (its mini build: a cycle Lambda's bundle). A file repeats its site, company and
// worker fields on every work-day row, so each group is validated once per distinct raw value (cached)
// and only the work date is checked per row — cheaply, from a cache of its own.
import * as z from 'zod/mini';
import type { CcusRow } from '../../../domain/import/types.js';
import type { OutputMethod } from '../../../domain/types.js';
import { detach, type ErrorList, type ReadErrorCode } from './errors.js';
import { type CcusField, type ColumnIndex, HEADER_OF } from './header.js';

// ---- field formats (spec ccus-file.md, "Columns") ----

/** Control characters other than tab and line feed (quoted free text may hold line breaks, RFC 4180). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
  }
  return false;
}
const KANA = /^[\u3000\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff ]+$/u;
const MAX_TEXT = 100;

/** Ids and numbers are compared after NFKC and trimming: full-width digits become ASCII. */
const norm = (...checks: z.core.$ZodCheck<string>[]) =>
  z.string().check(z.normalize('NFKC'), z.trim(), ...checks);
const required = { error: '値がありません', abort: true } as const;
/** '' becomes null: an optional column left empty. */
const emptyAsNull = z.transform((s: string) => (s === '' ? null : s));

const id14 = norm(z.minLength(1, required), z.regex(/^\d{14}$/, { error: '14桁の数字ではありません' }));
const optionalId14 = z.pipe(norm(z.regex(/^(\d{14})?$/, { error: '14桁の数字ではありません' })), emptyAsNull);
const siteId = norm(
  z.minLength(1, required),
  z.regex(/^\d{1,20}$/, { error: '1〜20桁の数字ではありません' }),
);
const kentaikyoNo = z.pipe(
  norm(z.regex(/^[0-9-]{0,20}$/, { error: '半角数字とハイフン1〜20文字ではありません' })),
  emptyAsNull,
);
const workMonth = z.pipe(
  norm(
    z.minLength(1, required),
    z.regex(/^\d{4}(0[1-9]|1[0-2])$/, { error: 'YYYYMM 形式の年月ではありません' }),
  ),
  z.transform((s: string) => `${s.slice(0, 4)}-${s.slice(4)}`),
);
const outputMethod = z.pipe(
  norm(z.minLength(1, required)),
  z.enum(['元請一括', '一次一括'], { error: '「元請一括」または「一次一括」ではありません' }),
);
const tier = z.pipe(
  norm(z.minLength(1, required), z.regex(/^[0-9]$/, { error: '0〜9の数字ではありません' })),
  z.transform(Number),
);
/** Free text: kept as written (trimmed), no control characters, ≤ 100 characters. */
const text = (req: boolean) =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.minLength(req ? 1 : 0, required),
      z.maxLength(MAX_TEXT, { error: `${MAX_TEXT}文字を超えています` }),
      z.refine((s) => !hasControl(s), { error: '制御文字を含みます' }),
    ),
    emptyAsNull,
  );
const requiredText = z.pipe(
  text(true),
  z.transform((s) => s as string),
);
/** Kana (full- or half-width katakana or hiragana); kept as written, the engine folds it to compare. */
const kana = z.string().check(
  z.trim(),
  z.minLength(1, required),
  z.maxLength(MAX_TEXT, { error: `${MAX_TEXT}文字を超えています` }),
  z.refine((s) => KANA.test(s.normalize('NFKC')), { error: 'カナではありません' }),
);

const siteGroup = z.object({
  siteId,
  siteName: requiredText,
  workMonth,
  outputMethod,
  primeCompanyId: id14,
});

const companyGroup = z
  .object({
    firstTierCompanyId: optionalId14,
    employerCompanyId: id14,
    employerName: requiredText,
    tier,
    contractorNo: kentaikyoNo,
  })
  .check(
    z.superRefine((v, ctx) => {
      if (typeof v.tier !== 'number' || v.firstTierCompanyId === undefined) return;
      if (v.tier >= 1 && v.firstTierCompanyId === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['firstTierCompanyId'],
          message: '階層1以上の行には一次事業者IDが必要です',
        });
      }
      if (v.tier === 0 && v.firstTierCompanyId !== null) {
        ctx.addIssue({
          code: 'custom',
          path: ['firstTierCompanyId'],
          message: '階層0（元請）の行に一次事業者IDがあります',
        });
      }
      if (v.tier === 1 && v.firstTierCompanyId !== null && v.firstTierCompanyId !== v.employerCompanyId) {
        ctx.addIssue({
          code: 'custom',
          path: ['firstTierCompanyId'],
          message: '階層1（一次）の行の一次事業者IDが所属事業者IDと異なります',
        });
      }
    }),
  );

const workerGroup = z.object({
  workerId: id14,
  workerKanaFamily: kana,
  workerKanaGiven: kana,
  memberNo: kentaikyoNo,
  trade: text(false),
  role: text(false),
});

const DATE = /^(\d{4})([-/])(\d{2})\2(\d{2})$/;
const workDate = z.pipe(
  norm(z.minLength(1, required)),
  z.transform((s: string, ctx) => {
    const m = DATE.exec(s);
    if (m === null) {
      ctx.issues.push({
        code: 'custom',
        message: 'YYYY-MM-DD または YYYY/MM/DD 形式の日付ではありません',
        input: s,
      });
      return z.NEVER;
    }
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    // Round trip: 2026-02-30 would silently roll over to March.
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
      ctx.issues.push({ code: 'custom', message: '存在しない日付です', input: s });
      return z.NEVER;
    }
    return `${m[1]}-${m[3]}-${m[4]}`;
  }),
);
const workDateRow = z.object({ workDate });

type SiteGroup = z.output<typeof siteGroup>;
type CompanyGroup = z.output<typeof companyGroup>;
type WorkerGroup = z.output<typeof workerGroup>;

interface Issue {
  field: CcusField;
  message: string;
  code: ReadErrorCode;
}
type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function check<T>(schema: z.ZodMiniType<T>, input: Record<string, string>, fallback: CcusField): Checked<T> {
  const r = z.safeParse(schema, input);
  if (r.success) {
    // Cached values outlive their chunk: copy their strings so the chunk can be collected.
    const value = r.data as Record<string, unknown>;
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (typeof v === 'string') value[k] = detach(v);
    }
    return { ok: true, value: r.data };
  }
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      field: (i.path[0] as CcusField | undefined) ?? fallback,
      message: i.message,
      code: i.message === required.error ? 'REQUIRED' : 'FORMAT',
    })),
  };
}

/**
 * One group of columns that repeats across rows (a company, a worker): validated with zod once per
 * distinct raw tuple. Files come grouped by worker, so the previous row's cells usually match and
 * the key is not even built. The cache is bounded so a file of all-distinct rows stays flat.
 */
class Group<T> {
  private readonly cache = new Map<string, Checked<T>>();
  private lastRaw: string[] = [];
  private last: Checked<T> | null = null;

  constructor(
    private readonly schema: z.ZodMiniType<T>,
    private readonly fields: readonly CcusField[],
    private readonly idx: readonly number[],
    private readonly max = 200_000,
  ) {}

  of(cells: string[]): Checked<T> {
    const idx = this.idx;
    if (this.last !== null) {
      let same = true;
      for (let k = 0; k < idx.length; k++) {
        if (cell(cells, idx[k]!) !== this.lastRaw[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.last;
    }
    const raw = idx.map((k) => cell(cells, k));
    const key = raw.join(SEP);
    let checked = this.cache.get(key);
    if (checked === undefined) {
      const input: Record<string, string> = {};
      this.fields.forEach((f, k) => {
        input[f] = raw[k]!;
      });
      checked = check(this.schema, input, this.fields[0]!);
      if (this.cache.size >= this.max) this.cache.clear();
      this.cache.set(key, checked);
    }
    this.lastRaw = raw;
    this.last = checked;
    return checked;
  }
}

export interface RowExpectations {
  /** 現場ID of the object key. */
  siteId?: string;
  /** Work month of the object key, `YYYY-MM`. */
  workMonth?: string;
}

// Separator of cache keys: a unit separator cannot pass any field's format, so keys cannot collide
// between valid groups; invalid ones only share a cached refusal with an identical raw tuple.
const SEP = '\u001f';

/**
 * Validates records (already split into cells) against the resolved header and returns CcusRows;
 * errors go to the shared ErrorList. Cross-row rules: every row carries the first valid row's
 * 現場ID / 現場名 / 対象年月 / 出力方法 / 元請事業者ID, and each work date lies in 対象年月.
 */
export class RowValidator {
  /** The shared site-level values, from the first row whose site group is valid. */
  site: (SiteGroup & { line: number }) | null = null;
  /**
   * Valid rows whose 就業日 is empty: a worker listed for the month without a worked day. They add no
   * day; a file made only of them (or of the header alone) is a month without work (R-ZERO-MONTH).
   */
  rowsWithoutDay = 0;
  private siteRaw: string[] | null = null;
  private readonly siteCache = new Map<string, Checked<SiteGroup>>();
  private readonly company: Group<CompanyGroup>;
  private readonly worker: Group<WorkerGroup>;
  private readonly dateCache = new Map<string, Checked<string>>();
  private readonly i: ColumnIndex;
  private readonly siteIdx: number[];

  constructor(
    index: ColumnIndex,
    private readonly errors: ErrorList,
    private readonly expect: RowExpectations = {},
  ) {
    this.i = index;
    this.siteIdx = [index.siteId, index.siteName, index.workMonth, index.outputMethod, index.primeCompanyId];
    const group = <T>(schema: z.ZodMiniType<T>, fields: CcusField[]) =>
      new Group(
        schema,
        fields,
        fields.map((f) => index[f]),
      );
    this.company = group(companyGroup, [
      'firstTierCompanyId',
      'employerCompanyId',
      'employerName',
      'tier',
      'contractorNo',
    ]);
    this.worker = group(workerGroup, [
      'workerId',
      'workerKanaFamily',
      'workerKanaGiven',
      'memberNo',
      'trade',
      'role',
    ]);
  }

  /** One record; null when it has errors (reported) or no 就業日 (counted in rowsWithoutDay). */
  row(cells: string[], line: number): CcusRow | null {
    const site = this.siteOf(cells, line);
    const company = this.company.of(cells);
    const worker = this.worker.of(cells);
    const rawDate = cell(cells, this.i.workDate);
    if (rawDate.normalize('NFKC').trim() === '') {
      // R-ZERO-MONTH: checked like any row, but it carries no day to count.
      let ok = site !== null;
      ok = this.report(company, cells, line) && ok;
      ok = this.report(worker, cells, line) && ok;
      if (ok) this.rowsWithoutDay++;
      return null;
    }
    const date = this.dateOf(rawDate);

    let ok = site !== null;
    ok = this.report(company, cells, line) && ok;
    ok = this.report(worker, cells, line) && ok;
    ok = this.report(date, cells, line) && ok;
    if (!ok || site === null || !company.ok || !worker.ok || !date.ok) return null;

    const c = company.value;
    if (c.tier === 0 && c.employerCompanyId !== site.primeCompanyId) {
      this.add(
        line,
        'employerCompanyId',
        'FORMAT',
        '階層0（元請）の行の所属事業者IDが元請事業者IDと異なります',
        cells,
      );
      return null;
    }
    // Compare YYYY-MM prefix with the shared month without slicing.
    if (!date.value.startsWith(site.workMonth)) {
      this.add(
        line,
        'workDate',
        'DATE_OUTSIDE_MONTH',
        `就業日が対象年月（${site.workMonth}）の範囲外です: ${date.value}`,
        cells,
      );
      return null;
    }
    const w = worker.value;
    return {
      line,
      siteId: site.siteId,
      siteName: site.siteName,
      workMonth: site.workMonth,
      outputMethod: site.outputMethod as OutputMethod,
      primeCompanyId: site.primeCompanyId,
      firstTierCompanyId: c.firstTierCompanyId,
      employerCompanyId: c.employerCompanyId,
      employerName: c.employerName,
      tier: c.tier,
      contractorNo: c.contractorNo,
      workerId: w.workerId,
      workerKanaFamily: w.workerKanaFamily,
      workerKanaGiven: w.workerKanaGiven,
      memberNo: w.memberNo,
      workDate: date.value,
      trade: w.trade,
      role: w.role,
    };
  }

  private siteOf(cells: string[], line: number): SiteGroup | null {
    if (this.siteRaw !== null) {
      let same = true;
      for (let k = 0; k < this.siteIdx.length; k++) {
        if (cell(cells, this.siteIdx[k]!) !== this.siteRaw[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.site;
    }
    const raw = this.siteIdx.map((k) => cell(cells, k));
    const key = raw.join(SEP);
    let checked = this.siteCache.get(key);
    if (checked === undefined) {
      checked = check(
        siteGroup,
        {
          siteId: raw[0]!,
          siteName: raw[1]!,
          workMonth: raw[2]!,
          outputMethod: raw[3]!,
          primeCompanyId: raw[4]!,
        },
        'siteId',
      );
      // Only a broken file has more than one site tuple: keep the cache small.
      if (this.siteCache.size >= 1000) this.siteCache.clear();
      this.siteCache.set(key, checked);
    }
    if (!checked.ok) {
      this.report(checked, cells, line);
      return null;
    }
    const v = checked.value;
    if (this.site === null) {
      this.site = { ...v, line };
      this.siteRaw = raw;
      // The object key names the site and month: the content must agree (reported once, at this row).
      if (this.expect.siteId !== undefined && v.siteId !== this.expect.siteId) {
        this.add(
          line,
          'siteId',
          'MISMATCH',
          `現場IDがファイルの置き場所（キー）の現場ID ${this.expect.siteId} と異なります`,
          cells,
        );
      }
      if (this.expect.workMonth !== undefined && v.workMonth !== this.expect.workMonth) {
        this.add(
          line,
          'workMonth',
          'MISMATCH',
          `対象年月がファイルの置き場所（キー）の年月 ${this.expect.workMonth} と異なります`,
          cells,
        );
      }
      return this.site;
    }
    // A valid tuple that differs from the first: name each differing column.
    const first = this.site;
    let same = true;
    for (const f of ['siteId', 'siteName', 'workMonth', 'outputMethod', 'primeCompanyId'] as const) {
      if (v[f] !== first[f]) {
        same = false;
        this.add(
          line,
          f,
          'MISMATCH',
          `${HEADER_OF[f]}が${first.line}行目の値と異なります（ファイル内で同じでなければなりません）`,
          cells,
        );
      }
    }
    // Same after normalisation (e.g. full-width digits): accept, but keep comparing raw next time.
    return same ? first : null;
  }

  private dateOf(raw: string): Checked<string> {
    let d = this.dateCache.get(raw);
    if (d === undefined) {
      const r = check(workDateRow, { workDate: raw }, 'workDate');
      d = r.ok ? { ok: true, value: r.value.workDate } : r;
      // Bounded like the other caches: only a broken file has many distinct date strings.
      if (this.dateCache.size >= 10_000) this.dateCache.clear();
      this.dateCache.set(raw, d);
    }
    return d;
  }

  private report(c: Checked<unknown>, cells: string[], line: number): boolean {
    if (c.ok) return true;
    for (const issue of c.issues) this.add(line, issue.field, issue.code, issue.message, cells);
    return false;
  }

  private add(line: number, field: CcusField, code: ReadErrorCode, message: string, cells: string[]): void {
    const value = cell(cells, this.i[field]);
    this.errors.add({ line, column: HEADER_OF[field], code, message, value });
  }
}

function cell(cells: string[], k: number): string {
  return k < 0 ? '' : (cells[k] ?? '');
}
