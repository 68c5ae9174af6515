// Variants of the fixtures' month (support.ts: v1.csv) that raise the 要修正 a correction settles: rows
// added to v1 (a company under a second 一次, a worker under two employers) or a worker's name changed.
import { importWorkRecords } from '../../../functions/shared/use-cases/import-work-records.js';
import { type Deps, drop, edge } from './support.js';

/** One CCUS row of site 9000000001, month 2026-10 (the fixtures' prime 10000000000001). */
export interface CcusRow {
  firstTier: string;
  employer: string;
  employerName: string;
  tier: number;
  contractorNo: string;
  workerId: string;
  kana: [string, string];
  memberNo: string;
  date: string;
}

/** 高橋塗装 (tier 2, 3000000001) and its worker タカハシ シロウ, under 一次 `firstTier` on `date`. */
export const takahashi = (firstTier: string, date: string): CcusRow => ({
  firstTier,
  employer: '30000000000001',
  employerName: '高橋塗装',
  tier: 2,
  contractorNo: '3000000001',
  workerId: '43000000000001',
  kana: ['タカハシ', 'シロウ'],
  memberNo: '5000000004',
  date,
});

const line = (r: CcusRow) =>
  [
    '9000000001,○○ビル新築工事,202610,元請一括,10000000000001',
    r.firstTier,
    r.employer,
    r.employerName,
    r.tier,
    r.contractorNo,
    r.workerId,
    ...r.kana,
    r.memberNo,
    r.date,
    'とび',
    '一般',
  ].join(',');

/** v1.csv with `rows` appended. */
export function v1With(...rows: CcusRow[]): string {
  return `${edge('v1.csv')}${rows.map((r) => `${line(r)}\r\n`).join('')}`;
}

/** The file imported as the month's current import; its flags as code → subject. */
export async function importedBody(deps: Deps, body: string) {
  const input = drop(deps, body);
  const out = await importWorkRecords(deps, input);
  const imp = await deps.imports.getImport(input.siteId, input.workMonth, input.importId);
  const flags = (imp?.flags ?? []).map((f) => `${f.code} ${f.companyId ?? f.workerId}`);
  return { out, flags, ids: { siteId: input.siteId, workMonth: input.workMonth, importId: input.importId } };
}
