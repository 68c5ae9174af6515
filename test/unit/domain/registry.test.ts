// The registry import's pure parts (domain/registry.ts): rows, cross-row checks, the diff against the
// table (added, changed, ended — never deleted) and the 手帳更新 that pays the R-EXEMPT refund.
import { describe, expect, it } from 'vitest';
import {
  checkRegistryFile,
  diffRegistry,
  NO_REFUND_REASON,
  parseRegistryRow,
  type RegistryColumn,
  type RegistryContractor,
  type RegistryMember,
  type RegistryRecord,
  recordKey,
  renewalOf,
  type StoredRecord,
} from '../../../domain/registry.js';

const contractor = (no: string, over: Partial<RegistryContractor> = {}): RegistryContractor => ({
  type: '共済契約者',
  contractorNo: no,
  name: `会社${no}`,
  kind: 'regular',
  status: '有効',
  ...over,
});
const member = (no: string, over: Partial<RegistryMember> = {}): RegistryMember => ({
  type: '被共済者',
  memberNo: no,
  kanaFamily: 'ヤマダ',
  kanaGiven: 'タロウ',
  kind: 'regular',
  contractorNo: '1000000001',
  days: 300,
  renewals: 0,
  exemptDaysByStamps: 0,
  status: '有効',
  ...over,
});
const company = (id: string, no = '1000000001'): RegistryRecord => ({
  type: '事業者',
  companyId: id,
  contractorNo: no,
  status: '有効',
});
const table = (...rs: StoredRecord[]) => new Map(rs.map((r) => [recordKey(r), r]));
const row = (cells: Partial<Record<RegistryColumn, string>>) => parseRegistryRow((c) => cells[c] ?? '');

describe('registry rows', () => {
  it('reads a member: カナ normalised (half-width), dates with slashes, defaults', () => {
    const r = row({
      種別: '被共済者',
      共済契約者番号: '1000000001',
      契約種別: '特別',
      被共済者番号: '5000000001',
      セイ: 'ﾔﾏﾀﾞ',
      メイ: 'たろう',
      手帳交付日: '2025/04/01',
    });
    expect(r).toEqual({
      ok: true,
      record: member('5000000001', {
        kanaFamily: 'ヤマダ',
        kanaGiven: 'たろう',
        kind: 'special',
        days: 0,
        bookIssuedOn: '2025-04-01',
      }),
    });
  });

  it('refuses an unknown 種別 alone, and impossible dates and renewals without a date', () => {
    expect(row({ 種別: '技能者' })).toMatchObject({ ok: false, errors: [{ column: '種別' }] });
    const r = row({
      種別: '被共済者',
      共済契約者番号: '1',
      契約種別: '一般',
      被共済者番号: '2',
      セイ: 'ア',
      メイ: 'イ',
      手帳更新日: '2026-02-30',
      掛金納付日数: '-3',
    });
    expect(r.ok === false && r.errors.map((e) => e.column)).toEqual(['掛金納付日数', '手帳更新日']);
    const dated = row({
      種別: '被共済者',
      共済契約者番号: '1',
      契約種別: '一般',
      被共済者番号: '2',
      セイ: 'ア',
      メイ: 'イ',
      手帳更新日: '2026-02-27',
    });
    expect(dated.ok === false && dated.errors.map((e) => e.column)).toEqual(['手帳更新回数']);
    const missing = row({ 種別: '事業者', 状態: '脱退' });
    expect(missing.ok === false && missing.errors.map((e) => e.column)).toEqual([
      '状態',
      '共済契約者番号',
      '事業者ID',
    ]);
    expect(row({ 種別: '被共済者', 共済契約者番号: '1', 契約種別: '一般' })).toMatchObject({
      ok: false,
      errors: [{ column: '被共済者番号' }, { column: 'セイ' }, { column: 'メイ' }],
    });
  });

  it('refuses a date not written as a date, a count too long, and kana written in latin', () => {
    const r = row({
      種別: '被共済者',
      共済契約者番号: '1',
      被共済者番号: '2',
      セイ: 'Yamada',
      メイ: 'イ',
      手帳交付日: '20250401',
      掛金納付日数: '1234567890',
      手帳更新回数: '1',
      手帳更新日: '2026-11-02',
    });
    expect(r.ok === false && r.errors.map((e) => [e.column, e.value])).toEqual([
      ['セイ', 'Yamada'],
      ['掛金納付日数', '1234567890'],
      ['手帳交付日', '20250401'],
      ['契約種別', ''],
    ]);
  });

  it('reads a contractor that left (脱退) and a mapping that ended (終了)', () => {
    expect(
      row({ 種別: '共済契約者', 共済契約者番号: '1', 名称: 'A', 契約種別: '一般', 状態: '契約解除' }),
    ).toEqual({
      ok: true,
      record: contractor('1', { name: 'A', status: '契約解除' }),
    });
    expect(row({ 種別: '事業者', 共済契約者番号: '1', 事業者ID: '10000000000001', 状態: '終了' })).toEqual({
      ok: true,
      record: { type: '事業者', companyId: '10000000000001', contractorNo: '1', status: '終了' },
    });
  });
});

describe('cross-row checks', () => {
  it('one row per record; a referred contractor must be in the file or the registry', () => {
    const errors = checkRegistryFile(
      [
        { record: contractor('1'), line: 2 },
        { record: member('5', { contractorNo: '1' }), line: 3 },
        { record: member('5', { contractorNo: '9' }), line: 4 },
        { record: company('10000000000001', '8'), line: 5 },
        { record: contractor('1'), line: 6 },
        { record: company('10000000000001', '7'), line: 7 },
      ],
      (no) => no === '8',
    );
    expect(errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [4, '被共済者番号', '5'],
      [4, '共済契約者番号', '9'],
      [6, '共済契約者番号', '1'],
      [7, '事業者ID', '10000000000001'],
      [7, '共済契約者番号', '7'],
    ]);
    expect(errors[0]!.message).toContain('3 行目');
  });
});

describe('the diff of a registry file against the table', () => {
  it('counts added, changed, unchanged per record type', () => {
    const d = diffRegistry(
      [contractor('1'), contractor('2', { name: '新社名' }), member('5'), company('10000000000001')],
      table(contractor('2'), member('5')),
      { full: false },
    );
    expect(d.counts.共済契約者).toEqual({ added: 1, changed: 1, ended: 0, unchanged: 0 });
    expect(d.counts.被共済者).toEqual({ added: 0, changed: 0, ended: 0, unchanged: 1 });
    expect(d.counts.事業者).toEqual({ added: 1, changed: 0, ended: 0, unchanged: 0 });
    expect(d.changes.find((c) => c.kind === 'changed')).toMatchObject({ fields: ['name'] });
  });

  it('a delta file ends nothing it does not name; 状態 脱退 ends the record, kept', () => {
    const d = diffRegistry([member('5', { status: '脱退' })], table(member('5'), member('6')), {
      full: false,
    });
    expect(d.changes).toEqual([
      { key: '被共済者:5', kind: 'ended', record: member('5', { status: '脱退' }) },
    ]);
    expect(d.counts.被共済者.ended).toBe(1);
  });

  it('a full export ends (not deletes) what it lacks, of the types it carries only', () => {
    const d = diffRegistry(
      [member('5')],
      table(member('5'), member('6'), contractor('1'), { ...member('7', { status: '脱退' }), endedAt: 'x' }),
      { full: true },
    );
    expect(d.changes).toEqual([
      { key: '被共済者:6', kind: 'ended', record: member('6', { status: '脱退' }) },
    ]);
    const mappings = diffRegistry([company('10000000000002')], table(company('10000000000001')), {
      full: true,
    });
    expect(mappings.changes.map((c) => [c.kind, c.record.status])).toEqual([
      ['added', '有効'],
      ['ended', '終了'],
    ]);
  });

  it('a record new to the table but already ended counts as ended; an ended one back is changed', () => {
    const d = diffRegistry(
      [contractor('3', { status: '脱退' }), contractor('4')],
      table({ ...contractor('4', { status: '脱退' }), endedAt: '2026-01-01T00:00:00Z' }),
      { full: false },
    );
    expect(d.changes.map((c) => [c.key, c.kind])).toEqual([
      ['共済契約者:3', 'ended'],
      ['共済契約者:4', 'changed'],
    ]);
  });

  it('a member’s days never go back below the days the table counted', () => {
    const d = diffRegistry(
      [member('5', { days: 100, kanaGiven: 'ジロウ' })],
      table(member('5', { days: 120 })),
      {
        full: false,
      },
    );
    expect(d.changes[0]?.record).toMatchObject({ days: 120, kanaGiven: 'ジロウ' });
    expect(d.changes[0]?.fields).toEqual(['kanaGiven']);
  });
});

describe('手帳更新 in the registry (R-EXEMPT, 第13条3 / 第14条3,4 / 第41条3)', () => {
  const renewed = (over: Partial<RegistryMember> = {}) =>
    member('5', { renewals: 1, renewedOn: '2026-11-02', days: 300, ...over });

  it('R-EXEMPT: the first book renewed at ≥ 12 months refunds 50 days × 320 yen to the member’s contractor', () => {
    const d = renewalOf(renewed(), member('5'), 'regular');
    expect(d).toEqual({
      renewal: true,
      memberNo: '5',
      contractorNo: '1000000001',
      renewedOn: '2026-11-02',
      exemption: { refunded: true, days: 50, dailyRate: 320, points: 16_000 },
    });
  });

  it('R-EXEMPT: days already exempted with stamps reduce the refund (第14条2)', () => {
    const d = renewalOf(renewed({ exemptDaysByStamps: 20 }), member('5'), 'regular');
    expect(d.renewal && d.exemption).toEqual({ refunded: true, days: 30, dailyRate: 320, points: 9_600 });
  });

  it('R-EXEMPT: below 12 months (252 days) at the renewal: none, and why (第14条4)', () => {
    const d = renewalOf(renewed({ days: 251 }), member('5', { days: 251 }), 'regular');
    expect(d.renewal && d.exemption).toEqual({ refunded: false, reason: 'BELOW_12_MONTHS', points: 0 });
    expect(NO_REFUND_REASON.BELOW_12_MONTHS).toContain('12月');
  });

  it('R-EXEMPT: never for 特別共済, the member’s or its contractor’s (第41条3)', () => {
    expect(renewalOf(renewed(), member('5'), 'special')).toMatchObject({
      exemption: { refunded: false, reason: 'SPECIAL_CONTRACT' },
    });
    expect(renewalOf(renewed({ kind: 'special' }), undefined, undefined)).toMatchObject({
      exemption: { refunded: false, reason: 'SPECIAL_CONTRACT' },
    });
  });

  it('R-EXEMPT: a second book’s renewal refunds nothing; a member new to the table counts from its renewals', () => {
    const second = renewalOf(renewed({ renewals: 2 }), member('5', { renewals: 1 }), 'regular');
    expect(second).toMatchObject({ exemption: { refunded: false, reason: 'NOT_FIRST_BOOK' } });
    expect(renewalOf(renewed(), undefined, 'regular')).toMatchObject({ exemption: { refunded: true } });
    expect(renewalOf(renewed({ renewals: 3 }), undefined, 'regular')).toMatchObject({
      exemption: { refunded: false, reason: 'NOT_FIRST_BOOK' },
    });
  });

  it('no renewal: the same count as stored, no date, or a member who left', () => {
    expect(renewalOf(renewed(), renewed(), 'regular')).toEqual({ renewal: false });
    expect(renewalOf(member('5', { renewals: 1 }), member('5'), 'regular')).toEqual({ renewal: false });
    expect(renewalOf(renewed({ status: '脱退' }), member('5'), 'regular')).toEqual({ renewal: false });
  });
});
