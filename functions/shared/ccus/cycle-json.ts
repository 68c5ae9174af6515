// The `cycle` command's JSON result (spec cli.md, "JSON result"): a public contract, built in one place.
import type { FlagCode } from '../../../domain/import/types.js';
import type { IngestOutcome } from './ingest.js';

export type CycleStatus = 'refused' | '予約可能' | '要修正' | 'awaiting' | 'charged' | 'insufficient';

export interface CycleCharge {
  points: number;
  balanceBefore: number;
  balanceAfter: number;
}

export interface CycleJson {
  siteId: string | null;
  workMonth: string | null;
  status: CycleStatus;
  /** Structural errors; `column` is null for an error of a whole line or of the file. */
  errors: { line: number | null; column: string | null; message: string }[];
  /** Total of structural errors (errors lists at most 100). Addition to cli.md: the spec asks for the count. */
  errorCount: number;
  flags: { code: FlagCode; companyId?: string; workerId?: string; message: string }[];
  workers: { workerId: string; memberNo: string | null; employerCompanyId: string; days: number }[];
  totals: { workers: number; days: number; points: number };
  charge: CycleCharge | null;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The JSON result of `cycle check` (and of `run`, given its status and charge). */
export function toCycleJson(
  outcome: IngestOutcome,
  charge?: CycleCharge | null,
  status?: CycleStatus,
): CycleJson {
  if (outcome.status === 'refused') {
    return {
      siteId: outcome.siteId,
      workMonth: outcome.workMonth,
      status: 'refused',
      errors: outcome.errors.map((e) => ({ line: e.line, column: e.column, message: e.message })),
      errorCount: outcome.errorCount,
      flags: [],
      workers: [],
      totals: { workers: 0, days: 0, points: 0 },
      charge: null,
    };
  }
  const r = outcome.result;
  return {
    siteId: r.siteId,
    workMonth: r.workMonth,
    status: status ?? r.status,
    errors: [],
    errorCount: 0,
    flags: r.flags.map((f) => ({
      code: f.code,
      ...(f.companyId !== undefined ? { companyId: f.companyId } : {}),
      ...(f.workerId !== undefined ? { workerId: f.workerId } : {}),
      message: f.message,
    })),
    workers: r.lines
      .map((l) => ({
        workerId: l.workerId,
        memberNo: l.memberNo,
        employerCompanyId: l.employerCompanyId,
        days: l.days,
      }))
      .sort((a, b) => byString(a.workerId, b.workerId) || byString(a.employerCompanyId, b.employerCompanyId)),
    totals: { workers: r.totals.workers, days: r.totals.days, points: r.totals.points },
    charge: charge ?? null,
  };
}
