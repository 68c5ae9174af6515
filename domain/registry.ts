// The 建退共 registry import (docs/registry-file.md): one row of the 機構's export → a record, the diff of
// a file against what the table holds (added, changed, ended), and the 手帳更新 a row reveals with its
// R-EXEMPT decision. Pure: the reader (functions/shared/registry) feeds it cells, storage writes its plan.
import { exemptionRefundAtRenewal, type RenewalExemption } from './exemption.js';
import type { ContractorKind, IsoDate } from './types.js';

/** 種別 of a row. */
export type RegistryRecordType = '共済契約者' | '被共済者' | '事業者';
export const RECORD_TYPES: readonly RegistryRecordType[] = ['共済契約者', '被共済者', '事業者'];

/** 状態: 有効, or how the record ended (脱退 / 契約解除 for a contractor, 脱退 for a member, 終了 for a mapping). */
export type RegistryStatus = '有効' | '脱退' | '契約解除' | '終了';
const STATUSES_OF: Record<RegistryRecordType, readonly RegistryStatus[]> = {
  共済契約者: ['有効', '脱退', '契約解除'],
  被共済者: ['有効', '脱退'],
  事業者: ['有効', '終了'],
};

export interface RegistryContractor {
  type: '共済契約者';
  contractorNo: string;
  name: string;
  kind: ContractorKind;
  status: RegistryStatus;
}

export interface RegistryMember {
  type: '被共済者';
  memberNo: string;
  kanaFamily: string;
  kanaGiven: string;
  kind: ContractorKind;
  /** The contractor that holds the book and applies for its 更新 (第13条2): the refund goes to it. */
  contractorNo: string;
  /** 掛金納付日数: stamp and electronic days the 機構 has counted (第14条1). */
  days: number;
  /** 手帳更新回数: 0 while the member holds the first (掛金助成) book. */
  renewals: number;
  /** 手帳交付日 of the book held now. */
  bookIssuedOn?: IsoDate;
  /** 手帳更新日 of the latest 更新 (第13条3); set when renewals > 0. */
  renewedOn?: IsoDate;
  /** 消印免除日数: days already exempted with stamps (第14条2). */
  exemptDaysByStamps: number;
  status: RegistryStatus;
}

export interface RegistryCompany {
  type: '事業者';
  companyId: string;
  contractorNo: string;
  status: RegistryStatus;
}

export type RegistryRecord = RegistryContractor | RegistryMember | RegistryCompany;

/** The key a record is matched on across files and the table. */
export function recordKey(r: RegistryRecord): string {
  switch (r.type) {
    case '共済契約者':
      return `共済契約者:${r.contractorNo}`;
    case '被共済者':
      return `被共済者:${r.memberNo}`;
    case '事業者':
      return `事業者:${r.companyId}`;
  }
}

// ---- one row --------------------------------------------------------------------------------------

/** The columns of the file (order free; header names compared after NFKC and trimming). */
export const REGISTRY_COLUMNS = [
  '種別',
  '共済契約者番号',
  '名称',
  '契約種別',
  '状態',
  '被共済者番号',
  'セイ',
  'メイ',
  '掛金納付日数',
  '手帳交付日',
  '手帳更新回数',
  '手帳更新日',
  '消印免除日数',
  '事業者ID',
] as const;
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];
/** Columns every file must have; the others may be absent (read as empty). */
export const REQUIRED_COLUMNS: readonly RegistryColumn[] = ['種別', '共済契約者番号', '状態'];

export interface CellError {
  column: RegistryColumn | null;
  message: string;
  value?: string;
}

const KANA = /^[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff]+$/u;
const DIGITS = /^\d{1,20}$/;
const COMPANY_ID = /^\d{14}$/;
const DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

function isoDate(s: string): IsoDate | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

const KIND: Record<string, ContractorKind> = { 一般: 'regular', 特別: 'special' };

/** One data row → a record, or the errors of its cells (every one, in column order). */
export function parseRegistryRow(
  get: (column: RegistryColumn) => string,
): { ok: true; record: RegistryRecord } | { ok: false; errors: CellError[] } {
  const errors: CellError[] = [];
  const cell = (c: RegistryColumn) => get(c).trim();
  const bad = (column: RegistryColumn, message: string, value = cell(column)) =>
    errors.push({ column, message, value });
  const type = cell('種別') as RegistryRecordType;
  if (!RECORD_TYPES.includes(type)) {
    bad('種別', `種別は ${RECORD_TYPES.join('・')} のいずれかにしてください`);
    return { ok: false, errors };
  }
  const digits = (column: RegistryColumn, what: string): string => {
    const v = cell(column);
    if (v === '') bad(column, `${what}が空です（${type}の行には必須です）`);
    else if (!DIGITS.test(v)) bad(column, `${what}は半角数字1〜20桁にしてください`);
    return v;
  };
  const count = (column: RegistryColumn, max = Number.MAX_SAFE_INTEGER): number => {
    const v = cell(column);
    if (v === '') return 0;
    if (!/^\d{1,9}$/.test(v) || Number(v) > max) {
      bad(
        column,
        `${column}は0〜${max === Number.MAX_SAFE_INTEGER ? '999999999' : max}の半角整数にしてください`,
      );
      return 0;
    }
    return Number(v);
  };
  const date = (column: RegistryColumn): IsoDate | undefined => {
    const v = cell(column);
    if (v === '') return undefined;
    const d = isoDate(v);
    if (d === null) bad(column, `${column}は存在する日付を YYYY-MM-DD（または YYYY/MM/DD）で書いてください`);
    return d ?? undefined;
  };
  const kind = (): ContractorKind => {
    const v = cell('契約種別');
    const k = KIND[v];
    if (k === undefined) bad('契約種別', '契約種別は 一般 または 特別 にしてください');
    return k ?? 'regular';
  };
  const rawStatus = cell('状態');
  const status = (rawStatus === '' ? '有効' : rawStatus) as RegistryStatus;
  if (!STATUSES_OF[type].includes(status))
    bad('状態', `${type}の状態は ${STATUSES_OF[type].join('・')} のいずれか（空欄は有効）にしてください`);
  const contractorNo = digits('共済契約者番号', '共済契約者番号');

  let record: RegistryRecord;
  if (type === '共済契約者') {
    const name = cell('名称');
    if (name === '') bad('名称', '名称が空です（共済契約者の行には必須です）');
    record = { type, contractorNo, name, kind: kind(), status };
  } else if (type === '被共済者') {
    const memberNo = digits('被共済者番号', '被共済者番号');
    const kana = (column: 'セイ' | 'メイ') => {
      const v = cell(column).normalize('NFKC');
      if (v === '') bad(column, `${column}が空です（被共済者の行には必須です）`);
      else if (!KANA.test(v)) bad(column, `${column}はカナで書いてください`);
      return v;
    };
    const kanaFamily = kana('セイ');
    const kanaGiven = kana('メイ');
    const days = count('掛金納付日数');
    const renewals = count('手帳更新回数');
    const bookIssuedOn = date('手帳交付日');
    const renewedOn = date('手帳更新日');
    const exemptDaysByStamps = count('消印免除日数', 50);
    if (renewals > 0 && renewedOn === undefined && cell('手帳更新日') === '')
      bad('手帳更新日', '手帳更新回数が1以上のときは手帳更新日が必須です');
    if (renewals === 0 && renewedOn !== undefined)
      bad('手帳更新回数', '手帳更新日があるときは手帳更新回数を1以上にしてください');
    record = {
      type,
      memberNo,
      kanaFamily,
      kanaGiven,
      kind: kind(),
      contractorNo,
      days,
      renewals,
      ...(bookIssuedOn ? { bookIssuedOn } : {}),
      ...(renewedOn ? { renewedOn } : {}),
      exemptDaysByStamps,
      status,
    };
  } else {
    const companyId = cell('事業者ID');
    if (companyId === '') bad('事業者ID', '事業者IDが空です（事業者の行には必須です）');
    else if (!COMPANY_ID.test(companyId)) bad('事業者ID', '事業者IDは半角数字14桁にしてください');
    record = { type, companyId, contractorNo, status };
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record };
}

/** Cross-row checks of a whole file: one row per key; every number a row refers to is a contractor. */
export function checkRegistryFile(
  rows: readonly { record: RegistryRecord; line: number }[],
  knownContractor: (contractorNo: string) => boolean,
): { line: number; column: RegistryColumn; message: string; value: string }[] {
  const out: { line: number; column: RegistryColumn; message: string; value: string }[] = [];
  const first = new Map<string, number>();
  const inFile = new Set(
    rows.flatMap((r) => (r.record.type === '共済契約者' ? [r.record.contractorNo] : [])),
  );
  for (const { record, line } of rows) {
    const k = recordKey(record);
    const seen = first.get(k);
    if (seen !== undefined) {
      const column: RegistryColumn =
        record.type === '被共済者'
          ? '被共済者番号'
          : record.type === '事業者'
            ? '事業者ID'
            : '共済契約者番号';
      out.push({
        line,
        column,
        message: `同じ${record.type}の行が ${seen} 行目にもあります（1件1行にしてください）`,
        value: k.slice(k.indexOf(':') + 1),
      });
    } else first.set(k, line);
    if (
      record.type !== '共済契約者' &&
      !inFile.has(record.contractorNo) &&
      !knownContractor(record.contractorNo)
    ) {
      out.push({
        line,
        column: '共済契約者番号',
        message: 'この共済契約者番号の共済契約者が、ファイルにも登録済みの共済契約者にもありません',
        value: record.contractorNo,
      });
    }
  }
  return out;
}

// ---- the diff -------------------------------------------------------------------------------------

/** What the table holds for a record (the fields the file carries, plus when it ended). */
export type StoredRecord = RegistryRecord & { endedAt?: string };

export interface RegistryChange {
  key: string;
  kind: 'added' | 'changed' | 'ended';
  /** The record to write: the file's (added, changed) or the stored one marked ended. */
  record: RegistryRecord;
  /** Field names that differ (changed only). */
  fields?: string[];
}

export interface RegistryDiff {
  changes: RegistryChange[];
  counts: Record<RegistryRecordType, { added: number; changed: number; ended: number; unchanged: number }>;
}

function sameFields(a: RegistryRecord, b: RegistryRecord): string[] {
  const keysOf = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differ: string[] = [];
  for (const k of keysOf) {
    if (k === 'endedAt') continue;
    if ((a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k])
      differ.push(k);
  }
  return differ;
}

/** The record a stored member becomes: the 機構's days never go back below the days this system added. */
function merged(file: RegistryRecord, stored: StoredRecord | undefined): RegistryRecord {
  if (file.type === '被共済者' && stored?.type === '被共済者' && stored.days > file.days)
    return { ...file, days: stored.days };
  return file;
}

/**
 * The diff of a file against the table. `full`: the file is a complete export, so a stored record of a
 * type the file carries that is missing from it is ended (状態 脱退 / 終了, kept, never deleted). A
 * record whose 状態 is not 有効 in the file counts as ended when it was not ended before.
 */
export function diffRegistry(
  file: readonly RegistryRecord[],
  stored: ReadonlyMap<string, StoredRecord>,
  options: { full: boolean },
): RegistryDiff {
  const counts = Object.fromEntries(
    RECORD_TYPES.map((t) => [t, { added: 0, changed: 0, ended: 0, unchanged: 0 }]),
  ) as RegistryDiff['counts'];
  const changes: RegistryChange[] = [];
  const seen = new Set<string>();
  for (const f of file) {
    const key = recordKey(f);
    seen.add(key);
    const s = stored.get(key);
    const record = merged(f, s);
    if (s === undefined) {
      changes.push({ key, kind: f.status === '有効' ? 'added' : 'ended', record });
      counts[f.type][f.status === '有効' ? 'added' : 'ended']++;
      continue;
    }
    const fields = sameFields(record, s);
    const wasEnded = s.endedAt !== undefined || s.status !== '有効';
    if (fields.length === 0) {
      counts[f.type].unchanged++;
      continue;
    }
    const kind = f.status !== '有効' && !wasEnded ? 'ended' : 'changed';
    changes.push({ key, kind, record, ...(kind === 'changed' ? { fields } : {}) });
    counts[f.type][kind]++;
  }
  if (options.full) {
    const types = new Set(file.map((r) => r.type));
    for (const [key, s] of stored) {
      if (seen.has(key) || !types.has(s.type) || s.endedAt !== undefined || s.status !== '有効') continue;
      const { endedAt: _, ...rest } = s;
      const endedStatus: RegistryStatus = s.type === '事業者' ? '終了' : '脱退';
      changes.push({ key, kind: 'ended', record: { ...rest, status: endedStatus } as RegistryRecord });
      counts[s.type].ended++;
    }
  }
  return { changes, counts };
}

/**
 * The flags a registry import can clear (a mapping, a contractor, a member, a カナ name): only months
 * waiting at 要修正 for one of them are validated again after an import.
 */
export const REGISTRY_FLAGS: ReadonlySet<string> = new Set([
  'F-COMPANY',
  'F-CONTRACTOR-UNKNOWN',
  'F-MEMBER-UNKNOWN',
  'F-WORKER-NAME',
]);

// ---- 手帳更新 and R-EXEMPT -------------------------------------------------------------------------

export type RenewalDecision =
  | { renewal: false }
  | {
      renewal: true;
      memberNo: string;
      contractorNo: string;
      renewedOn: IsoDate;
      exemption: RenewalExemption;
    };

/**
 * R-EXEMPT (第13条3, 第14条3,4; 第41条3): a member row reveals a 手帳更新 when its 手帳更新回数 grew over
 * the stored one (a member new to the table with renewals counts from 0). The 50-day exemption is
 * computed for the renewal of the first book only, with the days the 機構 counted, for the member's
 * contractor; never for 特別 (member or contractor).
 */
export function renewalOf(
  file: RegistryMember,
  stored: RegistryMember | undefined,
  contractorKind: ContractorKind | undefined,
): RenewalDecision {
  const before = stored?.renewals ?? 0;
  if (file.renewals <= before || file.renewedOn === undefined || file.status !== '有効')
    return { renewal: false };
  const special = file.kind === 'special' || contractorKind === 'special';
  const exemption = exemptionRefundAtRenewal({
    member: {
      kind: special ? 'special' : 'regular',
      // The book renewed now is the first one when the member held it before this renewal (a member new
      // to the table: when this is its first renewal).
      firstBook: stored ? before === 0 : file.renewals === 1,
      days: Math.max(file.days, stored?.days ?? 0),
    },
    renewedOn: file.renewedOn,
    exemptDaysByStamps: file.exemptDaysByStamps,
  });
  return {
    renewal: true,
    memberNo: file.memberNo,
    contractorNo: file.contractorNo,
    renewedOn: file.renewedOn,
    exemption,
  };
}

/** Japanese reason recorded when no refund is due. */
export const NO_REFUND_REASON: Record<Extract<RenewalExemption, { refunded: false }>['reason'], string> = {
  SPECIAL_CONTRACT: '特別共済には掛金の免除（50日分）の還付はありません（約款 第41条3）',
  NOT_FIRST_BOOK: '2冊目以降の手帳の更新です。免除は初回交付の手帳の更新時だけです（約款 第14条3）',
  BELOW_12_MONTHS: '更新時の掛金納付月数が12月（252日）に満たないため免除はありません（約款 第14条4）',
  ALREADY_EXEMPTED: '50日分はすでに証紙の消印で免除済みです（約款 第14条2）',
};
