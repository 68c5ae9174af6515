// The registry file reader (docs/registry-file.md): the CCUS reader's discipline — every error with its
// line and column, personal values never echoed, CP932 or UTF-8 detected, nothing from a refused file.
import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../functions/shared/ccus/cp932.js';
import { readRegistryFile } from '../../../functions/shared/registry/reader.js';

const HEADER =
  '種別,共済契約者番号,名称,契約種別,状態,被共済者番号,セイ,メイ,掛金納付日数,手帳交付日,手帳更新回数,手帳更新日,消印免除日数,事業者ID';
const CONTRACTOR = '共済契約者,1000000001,山田建設株式会社,一般,,,,,,,,,,';
const MEMBER = '被共済者,1000000001,,一般,,5000000001,ヤマダ,イチロウ,300,2025-04-01,1,2026-11-02,,';
const COMPANY = '事業者,1000000001,,,,,,,,,,,,10000000000001';

const file = (...lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`);

describe('registry file reader', () => {
  it('reads the three record kinds, UTF-8', async () => {
    const r = await readRegistryFile(file(CONTRACTOR, MEMBER, COMPANY));
    expect(r.status).toBe('read');
    if (r.status !== 'read') return;
    expect(r.encoding).toBe('utf-8');
    expect(r.rows.map((x) => [x.line, x.record.type])).toEqual([
      [2, '共済契約者'],
      [3, '被共済者'],
      [4, '事業者'],
    ]);
    expect(r.rows[1]!.record).toMatchObject({
      memberNo: '5000000001',
      contractorNo: '1000000001',
      days: 300,
      renewals: 1,
      renewedOn: '2026-11-02',
      bookIssuedOn: '2025-04-01',
      exemptDaysByStamps: 0,
      status: '有効',
    });
    expect(r.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects CP932 as the CCUS reader does, and the same bytes hash the same', async () => {
    const text = [HEADER, CONTRACTOR, MEMBER].join('\r\n');
    const a = await readRegistryFile(encodeCp932(text));
    const b = await readRegistryFile(encodeCp932(text));
    expect(a.status).toBe('read');
    expect(a.status === 'read' && a.encoding).toBe('cp932');
    expect(a.fileHash).toBe(b.fileHash);
  });

  it('names the line, the column, the value and what to do; never echoes a name or a 被共済者番号', async () => {
    const r = await readRegistryFile(
      file(
        CONTRACTOR,
        '被共済者,1000000001,,一般,,50000A0001,yamada,イチロウ,300,,,,,',
        '共済契約者,10000X0002,,普通,休止,,,,,,,,,',
        '事業者,1000000001,,,,,,,,,,,,123',
        '被共済者,1000000001,,一般,,5000000009,ヤマダ,ハナコ,12,,2,,60,',
      ),
    );
    expect(r.status).toBe('refused');
    if (r.status !== 'refused') return;
    const got = r.errors.map((e) => [e.line, e.column, e.code, e.value ?? null]);
    expect(got).toEqual([
      [3, '被共済者番号', 'FORMAT', null],
      [3, 'セイ', 'FORMAT', null],
      [4, '状態', 'FORMAT', '休止'],
      [4, '共済契約者番号', 'FORMAT', '10000X0002'],
      [4, '名称', 'REQUIRED', null],
      [4, '契約種別', 'FORMAT', '普通'],
      [5, '事業者ID', 'FORMAT', '123'],
      [6, '消印免除日数', 'FORMAT', '60'],
      [6, '手帳更新日', 'REQUIRED', null],
    ]);
    for (const e of r.errors) expect(e.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(r.errorCount).toBe(9);
  });

  it('refuses a file without the required columns, with the header line', async () => {
    const r = await readRegistryFile(Buffer.from('種別,名称\n共済契約者,山田\n'));
    expect(r.status).toBe('refused');
    expect(r.status === 'refused' && r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [1, '共済契約者番号', 'HEADER_MISSING'],
      [1, '状態', 'HEADER_MISSING'],
    ]);
  });

  it('refuses bad bytes, a short row and a broken quote at their lines', async () => {
    const bad = Buffer.concat([file(CONTRACTOR), Buffer.from('共済契約者,1000000002,"壊れ\n')]);
    const r1 = await readRegistryFile(bad);
    expect(r1.status === 'refused' && r1.errors.map((e) => [e.line, e.code])).toEqual([[3, 'QUOTE']]);
    const r2 = await readRegistryFile(file(CONTRACTOR, '共済契約者,1000000002'));
    expect(r2.status === 'refused' && r2.errors.map((e) => [e.line, e.code])).toEqual([[3, 'FIELD_COUNT']]);
    const r3 = await readRegistryFile(Buffer.concat([file(CONTRACTOR), Buffer.from([0xff, 0xfe, 0x0a])]));
    expect(r3.status === 'refused' && r3.errors.map((e) => [e.line, e.code])).toEqual([[3, 'ENCODING']]);
  });

  it('refuses an empty file and a header without rows', async () => {
    const empty = await readRegistryFile(Buffer.alloc(0));
    expect(empty.status === 'refused' && empty.errors[0]?.code).toBe('EMPTY_FILE');
    const header = await readRegistryFile(Buffer.from(`${HEADER}\n`));
    expect(header.status === 'refused' && header.errors[0]?.code).toBe('NO_DATA');
  });
});
