// The monthly import (000, 手順3): aggregate CCUS rows into 就労実績 lines and the company chain, then
// check them against the registry and raise the manual's correction flags. Pure: no I/O.
//
// Streaming: add() is O(1) per row and allocates only when a worker, line or company is first seen;
// memory grows with workers and companies, never with rows. Work dates of the import's month are kept
// as a 31-bit day-of-month mask per line and expanded to ISO dates only in finish().
import { chargeForDates } from '../charge.js';
import type { RegistryNeeds, RegistryView } from '../ports/registry.js';
import { DomainError, type IsoDate } from '../types.js';
import { normalizeKana } from './kana.js';
import { flagMessages } from './messages.js';
import type {
  CcusRow,
  ChainCompany,
  Exclusion,
  Flag,
  FlagCode,
  ImportResult,
  NumberSource,
  WorkLine,
} from './types.js';

export interface ImportAggregator {
  /** Feed one structurally valid row (the reader has checked formats and the shared header values). */
  add(row: CcusRow): void;
  /**
   * Keys to batch-load before finish(). contractorNos / memberNos are the file's numbers only: the
   * numbers found through the registry's mappings and the prime's corrections (事後登録) must be loaded
   * by the loader too. The caller adds primeContractorNo (whose corrections apply).
   */
  needs(): RegistryNeeds;
  finish(registry: RegistryView): ImportResult;
}

/** Kana variants of one worker kept beyond the first: a bound so a pathological file cannot grow memory. */
const MAX_KANA_VARIANTS = 8;

interface CompanyState {
  companyId: string;
  name: string;
  /** Lowest tier seen: a company that is a 一次 anywhere on the site is attached to itself. */
  tier: number;
  contractorNo: string | null;
  contractorConflict: boolean;
  /** First 一次 seen; further distinct ones go to moreFirstTiers (rare, so allocated lazily). */
  firstTier: string | null;
  moreFirstTiers: Set<string> | null;
  /** The 一次 the company is attached to; set by finish(). */
  attached: string | null;
}

interface LineState {
  employerCompanyId: string;
  company: CompanyState;
  /** Bit d-1 set = day d of the base month worked. */
  mask: number;
  /** Dates outside the base month (not in a real one-month file; kept exact rather than dropped). */
  otherDates: Set<IsoDate> | null;
}

interface WorkerState {
  workerId: string;
  kanaFamily: string;
  kanaGiven: string;
  kanaVariants: [string, string][] | null;
  memberNo: string | null;
  memberConflict: boolean;
  lines: Map<string, LineState>;
  lastLine: LineState;
  /** Union of the days of all the worker's lines: a new day already here belongs to another employer. */
  mask: number;
  otherDates: Set<IsoDate> | null;
  doubleEmployer: boolean;
}

interface Header {
  siteId: string;
  siteName: string;
  workMonth: string;
  outputMethod: CcusRow['outputMethod'];
  primeCompanyId: string;
  /** `YYYY-MM` of the first row's work date: the month the day masks refer to. */
  baseMonth: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function dayOfBaseMonth(workDate: string): number {
  // `YYYY-MM-DD` is guaranteed by the reader; read the two digits without allocating a substring.
  const day = (workDate.charCodeAt(8) - 48) * 10 + (workDate.charCodeAt(9) - 48);
  if (!(day >= 1 && day <= 31) || workDate.length !== 10) {
    throw new DomainError('INVALID_DATE', `not an ISO date: ${workDate}`);
  }
  return day;
}

export function createImportAggregator(): ImportAggregator {
  let header: Header | undefined;
  let rows = 0;
  const workers = new Map<string, WorkerState>();
  const companies = new Map<string, CompanyState>();
  let lastWorker: WorkerState | undefined;

  function company(row: CcusRow): CompanyState {
    let c = companies.get(row.employerCompanyId);
    if (c === undefined) {
      c = {
        companyId: row.employerCompanyId,
        name: row.employerName,
        tier: row.tier,
        contractorNo: null,
        contractorConflict: false,
        firstTier: null,
        moreFirstTiers: null,
        attached: null,
      };
      companies.set(c.companyId, c);
    }
    return c;
  }

  function newLine(w: WorkerState | undefined, row: CcusRow): LineState {
    const line: LineState = {
      employerCompanyId: row.employerCompanyId,
      company: company(row),
      mask: 0,
      otherDates: null,
    };
    w?.lines.set(line.employerCompanyId, line);
    return line;
  }

  function worker(row: CcusRow): WorkerState {
    let w = workers.get(row.workerId);
    if (w === undefined) {
      const line = newLine(undefined, row);
      w = {
        workerId: row.workerId,
        kanaFamily: row.workerKanaFamily,
        kanaGiven: row.workerKanaGiven,
        kanaVariants: null,
        memberNo: null,
        memberConflict: false,
        lines: new Map([[line.employerCompanyId, line]]),
        lastLine: line,
        mask: 0,
        otherDates: null,
        doubleEmployer: false,
      };
      workers.set(w.workerId, w);
    }
    return w;
  }

  function noteCompany(c: CompanyState, row: CcusRow): void {
    if (row.tier < c.tier) c.tier = row.tier;
    if (row.contractorNo !== null) {
      if (c.contractorNo === null) c.contractorNo = row.contractorNo;
      else if (c.contractorNo !== row.contractorNo) c.contractorConflict = true;
    }
    if (row.tier === 0) return;
    // A 一次's own 一次 is itself, whatever the column says.
    const ft = row.tier === 1 ? row.employerCompanyId : row.firstTierCompanyId;
    if (ft === null || ft === c.firstTier) return; // null cannot pass the reader; ignored defensively
    if (c.firstTier === null) c.firstTier = ft;
    else {
      c.moreFirstTiers ??= new Set();
      c.moreFirstTiers.add(ft);
    }
  }

  function noteWorker(w: WorkerState, row: CcusRow): void {
    if (row.memberNo !== null) {
      if (w.memberNo === null) w.memberNo = row.memberNo;
      else if (w.memberNo !== row.memberNo) w.memberConflict = true;
    }
    // Raw comparison only (cheap); variants are normalised once each in finish().
    if (row.workerKanaFamily !== w.kanaFamily || row.workerKanaGiven !== w.kanaGiven) {
      w.kanaVariants ??= [];
      const variants = w.kanaVariants;
      const known = variants.some(([f, g]) => f === row.workerKanaFamily && g === row.workerKanaGiven);
      if (!known && variants.length < MAX_KANA_VARIANTS) {
        variants.push([row.workerKanaFamily, row.workerKanaGiven]);
      }
    }
  }

  function noteDate(w: WorkerState, line: LineState, workDate: IsoDate, baseMonth: string): void {
    if (workDate.startsWith(baseMonth)) {
      const bit = 1 << (dayOfBaseMonth(workDate) - 1);
      if (line.mask & bit) return; // the same date twice under one employer counts once
      if (w.mask & bit) w.doubleEmployer = true;
      line.mask |= bit;
      w.mask |= bit;
      return;
    }
    if (line.otherDates?.has(workDate)) return;
    w.otherDates ??= new Set();
    if (w.otherDates.has(workDate)) w.doubleEmployer = true;
    w.otherDates.add(workDate);
    line.otherDates ??= new Set();
    line.otherDates.add(workDate);
  }

  function add(row: CcusRow): void {
    header ??= {
      siteId: row.siteId,
      siteName: row.siteName,
      workMonth: row.workMonth,
      outputMethod: row.outputMethod,
      primeCompanyId: row.primeCompanyId,
      baseMonth: row.workDate.slice(0, 7),
    };
    rows++;
    // Files come grouped by worker: the last worker and its last line usually match without a lookup.
    let w = lastWorker;
    if (w === undefined || w.workerId !== row.workerId) {
      w = worker(row);
      lastWorker = w;
    }
    let line = w.lastLine;
    if (line.employerCompanyId !== row.employerCompanyId) {
      line = w.lines.get(row.employerCompanyId) ?? newLine(w, row);
      w.lastLine = line;
    }
    noteCompany(line.company, row);
    noteWorker(w, row);
    noteDate(w, line, row.workDate, header.baseMonth);
  }

  function needs(): RegistryNeeds {
    const contractorNos = new Set<string>();
    for (const c of companies.values()) if (c.contractorNo !== null) contractorNos.add(c.contractorNo);
    const memberNos = new Set<string>();
    for (const w of workers.values()) if (w.memberNo !== null) memberNos.add(w.memberNo);
    return {
      siteId: header?.siteId ?? '',
      workMonth: header?.workMonth ?? '',
      contractorNos: [...contractorNos].sort(byString),
      memberNos: [...memberNos].sort(byString),
      // The 元請 too, even without rows of its own: R-SITE-OWNER maps it through the registry.
      companyIds: [
        ...new Set([...companies.keys(), ...(header === undefined ? [] : [header.primeCompanyId])]),
      ].sort(byString),
      workerIds: [...workers.keys()].sort(byString),
    };
  }

  function finish(registry: RegistryView): ImportResult {
    if (header === undefined) {
      throw new DomainError('EMPTY_IMPORT', 'CCUS連携ファイルに就業履歴がありません（0件）。');
    }
    const h = header;
    const flags: Flag[] = [];
    const companyFlag = (code: FlagCode, companyId: string, message: string) =>
      flags.push({ code, companyId, message });
    const workerFlag = (code: FlagCode, workerId: string, message: string) =>
      flags.push({ code, workerId, message });

    const chain: ChainCompany[] = [];
    // R-EXCLUDE: what the prime left out of the month (取り込まない) raises no flag and counts no day.
    const companyOut = new Map<string, Exclusion>();
    for (const c of [...companies.values()].sort((a, b) => byString(a.companyId, b.companyId))) {
      // R-MAPPING-SCOPE: the file's number first, then the registry's, and the prime's 事後登録
      // (事業者取込方法選択) only where neither carries one: a correction never overrides a number.
      const resolved = resolveNumber(
        c.contractorConflict ? null : c.contractorNo,
        registry.companyMapping(c.companyId),
        registry.companyCorrection(c.companyId),
      );
      const contractorNo = resolved?.no ?? null;
      const excluded = registry.companyExclusion(h.siteId, h.workMonth, c.companyId);
      if (excluded !== undefined) {
        companyOut.set(c.companyId, excluded);
      } else if (contractorNo === null) {
        // Two numbers for one 事業者ID in one file: neither is trusted until a person picks one.
        companyFlag(
          'F-COMPANY',
          c.companyId,
          c.contractorConflict
            ? flagMessages.companyConflict(c.companyId)
            : flagMessages.companyMissing(c.companyId),
        );
      } else if (!registry.contractor(contractorNo)?.active) {
        const fixed = resolved?.source !== 'correction';
        companyFlag('F-CONTRACTOR-UNKNOWN', c.companyId, flagMessages.contractorUnknown(c.companyId, fixed));
      }

      const firstTiers =
        c.firstTier === null ? [] : [c.firstTier, ...(c.moreFirstTiers ?? [])].sort(byString);
      let attached: string | null = null;
      if (c.tier === 0) attached = null;
      else if (c.tier === 1) attached = c.companyId;
      else if (c.moreFirstTiers === null) attached = c.firstTier;
      else {
        // A stale choice (naming a 一次 it is no longer seen under) does not silence the flag.
        const chosen = registry.chosenFirstTier(h.siteId, c.companyId);
        if (chosen !== undefined && firstTiers.includes(chosen)) attached = chosen;
        else if (excluded === undefined)
          companyFlag('F-MULTI-PRIME', c.companyId, flagMessages.multiPrime(c.companyId, firstTiers));
      }
      c.attached = attached;
      chain.push({
        companyId: c.companyId,
        name: c.name,
        tier: c.tier,
        firstTierCompanyIds: firstTiers,
        attachedFirstTierCompanyId: attached,
        contractorNo,
        ...(resolved ? { contractorNoSource: resolved.source } : {}),
        ...(excluded === undefined ? {} : { excluded }),
      });
    }

    const lines: WorkLine[] = [];
    let days = 0;
    let points = 0;
    let counted = 0;
    for (const w of [...workers.values()].sort((a, b) => byString(a.workerId, b.workerId))) {
      // 技能者情報編集 (事後登録) only where neither the file nor the registry has a number, as for companies.
      const resolved = resolveNumber(
        w.memberConflict ? null : w.memberNo,
        registry.workerMapping(w.workerId),
        registry.workerCorrection(w.workerId),
      );
      const memberNo = resolved?.no ?? null;
      const workerOut = registry.workerExclusion(h.siteId, h.workMonth, w.workerId);
      // A worker left out, or every line of whose is under a company left out, raises no flag.
      const allOut =
        workerOut !== undefined ||
        (companyOut.size > 0 && [...w.lines.keys()].every((employer) => companyOut.has(employer)));
      if (allOut) {
        // R-EXCLUDE: nothing of this worker is charged, so nothing about it needs correcting.
      } else if (memberNo === null && w.memberConflict) {
        workerFlag('F-MEMBER-UNKNOWN', w.workerId, flagMessages.memberConflict(w.workerId));
      } else if (memberNo === null) {
        workerFlag('F-WORKER-MISSING', w.workerId, flagMessages.workerMissing());
      } else {
        const member = registry.member(memberNo);
        if (member === undefined) {
          const fixed = resolved?.source !== 'correction';
          workerFlag('F-MEMBER-UNKNOWN', w.workerId, flagMessages.memberUnknown(w.workerId, fixed));
        } else if (!registry.isForcedImport(h.siteId, w.workerId)) {
          // Family and given names are compared part by part: a shifted split is a real difference.
          const family = normalizeKana(member.kanaFamily);
          const given = normalizeKana(member.kanaGiven);
          const names: [string, string][] = [[w.kanaFamily, w.kanaGiven], ...(w.kanaVariants ?? [])];
          if (names.some(([f, g]) => normalizeKana(f) !== family || normalizeKana(g) !== given)) {
            workerFlag('F-WORKER-NAME', w.workerId, flagMessages.workerName());
          }
        }
      }
      if (
        !allOut &&
        w.doubleEmployer &&
        !registry.isDoubleEmployerReviewed(h.siteId, h.workMonth, w.workerId)
      ) {
        const employers = [...w.lines.keys()].sort(byString);
        workerFlag('F-DOUBLE-EMPLOYER', w.workerId, flagMessages.doubleEmployer(w.workerId, employers));
      }

      let charged = false;
      for (const line of [...w.lines.values()].sort((a, b) =>
        byString(a.employerCompanyId, b.employerCompanyId),
      )) {
        const dates = expandDates(line, h.baseMonth);
        const charge = chargeForDates(dates);
        const base = {
          workerId: w.workerId,
          employerCompanyId: line.employerCompanyId,
          memberNo,
          ...(resolved ? { memberNoSource: resolved.source } : {}),
          firstTierCompanyId: line.company.attached,
          tier: line.company.tier,
        };
        const out = workerOut ?? companyOut.get(line.employerCompanyId);
        if (out !== undefined) {
          // Visible as excluded, with what the file said; no day or point reaches 申請 or the debit.
          lines.push({
            ...base,
            dates: [],
            days: 0,
            points: 0,
            rates: [],
            excluded: { ...out, days: dates.length, dates, points: charge.points },
          });
          continue;
        }
        lines.push({ ...base, dates, days: dates.length, points: charge.points, rates: charge.rates });
        days += dates.length;
        points += charge.points;
        charged = true;
      }
      if (charged) counted++;
    }

    flags.sort((a, b) => byString(a.code, b.code) || byString(subjectOf(a), subjectOf(b)));
    return {
      siteId: h.siteId,
      siteName: h.siteName,
      workMonth: h.workMonth,
      outputMethod: h.outputMethod,
      primeCompanyId: h.primeCompanyId,
      status: flags.length === 0 ? '予約可能' : '要修正',
      flags,
      lines,
      companies: chain,
      // workers = distinct 技能者ID (one worker under two employers is one worker, two lines), those
      // left out of the month (R-EXCLUDE) not counted.
      totals: { rows, workers: counted, days, points },
    };
  }

  return { add, needs, finish };
}

/**
 * R-MAPPING-SCOPE precedence: the file's own number (when it carries exactly one), else the registry's,
 * else the prime's 事後登録. A file whose rows disagree carries no usable number: the registry or the
 * prime's choice settles it, since the file cannot.
 */
function resolveNumber(
  file: string | null,
  fromRegistry: string | undefined,
  correction: string | undefined,
): { no: string; source: NumberSource } | undefined {
  if (file !== null) return { no: file, source: 'file' };
  if (fromRegistry !== undefined) return { no: fromRegistry, source: 'registry' };
  if (correction !== undefined) return { no: correction, source: 'correction' };
  return undefined;
}

// Every flag has exactly one subject.
const subjectOf = (f: Flag): string => String(f.companyId ?? f.workerId);

function expandDates(line: LineState, baseMonth: string): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let d = 1; d <= 31; d++) {
    if (line.mask & (1 << (d - 1))) dates.push(`${baseMonth}-${d < 10 ? '0' : ''}${d}`);
  }
  if (line.otherDates !== null) {
    dates.push(...line.otherDates);
    dates.sort(byString);
  }
  return dates;
}

/** What a month without any worked day still knows of itself: the file's header values, else the site's. */
export interface ZeroDayHeader {
  siteId: string;
  siteName: string;
  workMonth: string;
  outputMethod: CcusRow['outputMethod'];
  /** '' when the file has no data row to name the 元請. */
  primeCompanyId: string;
}

/**
 * R-ZERO-MONTH: the import of a file with no worked day (the header alone, or rows without a 就業日).
 * Nothing to correct or charge: 予約可能 with no line; the cycle closes the month as 実績なし.
 */
export function zeroDayImport(h: ZeroDayHeader, rows: number): ImportResult {
  return {
    ...h,
    status: '予約可能',
    flags: [],
    lines: [],
    companies: [],
    totals: { rows, workers: 0, days: 0, points: 0 },
  };
}

/** R-ZERO-MONTH: a month whose import carries no day to charge closes as 実績なし. */
export function isZeroDayMonth(totals: Pick<ImportResult['totals'], 'days'>): boolean {
  return totals.days === 0;
}

/** Validate a whole import at once (tests, small files); streaming callers use createImportAggregator. */
export function validateImport(rows: Iterable<CcusRow>, registry: RegistryView): ImportResult {
  const agg = createImportAggregator();
  for (const row of rows) agg.add(row);
  return agg.finish(registry);
}
