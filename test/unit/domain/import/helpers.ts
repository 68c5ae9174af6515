// Test helpers: CcusRow builders and the shared fixtures read as rows (no CSV library: the fixture
// files have no quoted fields, so splitting on commas is exact).
import { readFileSync } from 'node:fs';
import type { RegistryData } from '../../../../domain/import/memory-registry.js';
import type { CcusRow } from '../../../../domain/import/types.js';
import type { Contractor, Member } from '../../../../domain/types.js';
import { CCUS_COLUMNS, type CcusField } from '../../../../functions/shared/ccus/header.js';
import { CASES_DIR } from '../../../fixtures/paths.js';

export const SITE = '9000000001';
export const PRIME = '10000000000001';

/** A prime's own worker on 2026-10-01; override what the case is about. */
export function row(over: Partial<CcusRow> = {}): CcusRow {
  return {
    line: 2,
    siteId: SITE,
    siteName: '○○ビル新築工事',
    workMonth: '2026-10',
    outputMethod: '元請一括',
    primeCompanyId: PRIME,
    firstTierCompanyId: null,
    employerCompanyId: PRIME,
    employerName: '山田建設株式会社',
    tier: 0,
    contractorNo: '1000000001',
    workerId: '41000000000001',
    workerKanaFamily: 'ヤマダ',
    workerKanaGiven: 'イチロウ',
    memberNo: '5000000001',
    workDate: '2026-10-01',
    trade: 'とび',
    role: '一般',
    ...over,
  };
}

/** One row per day of `days` (day-of-month numbers) in 2026-10. */
export function daysOf(over: Partial<CcusRow>, days: number[]): CcusRow[] {
  return days.map((d) => row({ ...over, workDate: `2026-10-${String(d).padStart(2, '0')}` }));
}

export const contractor = (contractorNo: string, active = true): Contractor => ({
  contractorNo,
  name: `契約者${contractorNo}`,
  kind: 'regular',
  active,
});

export const member = (memberNo: string, kanaFamily: string, kanaGiven: string): Member => ({
  memberNo,
  kanaFamily,
  kanaGiven,
  kind: 'regular',
  days: 0,
  firstBook: true,
});

/** The registry every default row() passes. */
export function baseData(over: Partial<RegistryData> = {}): RegistryData {
  return {
    contractors: [contractor('1000000001'), contractor('2000000001'), contractor('3000000001')],
    members: [member('5000000001', 'ヤマダ', 'イチロウ'), member('5000000002', 'サトウ', 'ジロウ')],
    companyMappings: [],
    workerMappings: [],
    ...over,
  };
}

const FIXTURES = CASES_DIR;

// The one header → field table of the reader.
const FIELD_OF = new Map(CCUS_COLUMNS.map((c) => [c.header, c.field]));

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

type Field = CcusField;
const opt = (v: string): string | null => (v === '' ? null : v);

/** The fixture's ccus.csv as the reader would hand it over (structurally valid rows). */
export function fixtureRows(name: string): CcusRow[] {
  // Branch-free on purpose: this file sits under the domain coverage glob.
  const [head, ...records] = decode(readFileSync(`${FIXTURES}/${name}/ccus.csv`))
    .split(/\r?\n/)
    .filter((l) => l !== '') as [string, ...string[]];
  const fields = head.split(',').map((h) => FIELD_OF.get(h));
  return records.map((rec, i) => {
    const cells = rec.split(',');
    const raw = Object.fromEntries(fields.map((f, j) => [f, cells[j]])) as Record<Field, string>;
    return {
      line: i + 2,
      siteId: raw.siteId,
      siteName: raw.siteName,
      workMonth: `${raw.workMonth.slice(0, 4)}-${raw.workMonth.slice(4, 6)}`,
      outputMethod: raw.outputMethod as CcusRow['outputMethod'],
      primeCompanyId: raw.primeCompanyId,
      firstTierCompanyId: opt(raw.firstTierCompanyId),
      employerCompanyId: raw.employerCompanyId,
      employerName: raw.employerName,
      tier: Number(raw.tier),
      contractorNo: opt(raw.contractorNo),
      workerId: raw.workerId,
      workerKanaFamily: raw.workerKanaFamily,
      workerKanaGiven: raw.workerKanaGiven,
      memberNo: opt(raw.memberNo),
      workDate: raw.workDate.replaceAll('/', '-'),
      trade: opt(raw.trade),
      role: opt(raw.role),
    };
  });
}

export function fixtureMaster(name: string): RegistryData {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}/master.json`, 'utf8')) as RegistryData;
}

export function fixtureExpect(name: string): {
  status: string;
  flags?: { code: string; companyId?: string; workerId?: string }[];
  workers?: { workerId: string; memberNo: string | null; employerCompanyId: string; days: number }[];
  totals?: { workers: number; days: number; points: number };
} {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}/expect.json`, 'utf8'));
}
