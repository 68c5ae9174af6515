// The CCUS reader: encoding detection, RFC 4180 records with physical line numbers, chunk boundaries,
// the header table, per-row validation and the cycle JSON built from the outcome.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../functions/shared/ccus/cp932.js';
import { toCycleJson } from '../../../functions/shared/ccus/cycle-json.js';
import { DecodeFailure, StreamDecoder } from '../../../functions/shared/ccus/decode.js';
import { detach, ErrorList, shortValue } from '../../../functions/shared/ccus/errors.js';
import { CCUS_COLUMNS, resolveHeader } from '../../../functions/shared/ccus/header.js';
import type { IngestOutcome, IngestRefused, IngestValidated } from '../../../functions/shared/ccus/ingest.js';
import { csv, HEADERS, row, subRow } from '../../fixtures/bad-input/make.js';
import { chunked, ingest } from './helpers.js';

const H = [...HEADERS];
const utf8 = (s: string) => new TextEncoder().encode(s);
const bom = (b: Uint8Array) => Uint8Array.from([0xef, 0xbb, 0xbf, ...b]);

function validated(o: IngestOutcome): IngestValidated {
  if (o.status !== 'validated') throw new Error(`refused: ${JSON.stringify(o.errors.slice(0, 3))}`);
  return o;
}
function refused(o: IngestOutcome): IngestRefused {
  if (o.status !== 'refused') throw new Error('validated');
  return o;
}

const month = csv([H, row({}, 1), row({}, 2), row({}, 2), subRow({}, 3)]);

describe('encoding detection', () => {
  it.each([
    ['UTF-8 without BOM', utf8(month), 'utf-8'],
    ['UTF-8 with BOM', bom(utf8(month)), 'utf-8'],
    ['CP932', encodeCp932(month), 'cp932'],
  ] as const)('%s is read and reported', async (_name, bytes, encoding) => {
    for (const size of [1, 2, 3, 5, 4096]) {
      const o = validated(await ingest(chunked(bytes, size)));
      expect(o.encoding).toBe(encoding);
      expect(o.bytes).toBe(bytes.length);
      expect(o.result.totals).toEqual({ rows: 4, workers: 2, days: 3, points: 960 });
    }
  });

  it('reads a Node Readable (an S3 GetObject body is one)', async () => {
    const o = validated(await ingest(Readable.from([Buffer.from(encodeCp932(month))])));
    expect(o.encoding).toBe('cp932');
  });

  it('a source failing mid-read rejects: nothing half-read is returned', async () => {
    async function* failing() {
      yield encodeCp932(csv([H, row()]));
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    await expect(ingest(failing())).rejects.toThrow('socket hang up');
  });

  it('refuses a source that yields strings instead of bytes', async () => {
    await expect(ingest(Readable.from(['a'], { objectMode: true }) as never)).rejects.toThrow(/bytes/);
  });

  it('Node 20 decodes shift_jis strictly (fatal) — the detection relies on it', () => {
    const d = new TextDecoder('shift_jis', { fatal: true });
    expect(d.decode(Uint8Array.of(0x8c, 0xbb, 0x8f, 0xea))).toBe('現場');
    expect(() => new TextDecoder('shift_jis', { fatal: true }).decode(Uint8Array.of(0x82, 0xff))).toThrow();
    // CP932 extensions (NEC row 13, IBM) decode: ① and ⅰ.
    expect(d.decode(Uint8Array.of(0x87, 0x40, 0xfa, 0x40))).toBe('①ⅰ');
  });

  it('decides on the first line with a non-ASCII byte, then keeps checking strictly', () => {
    const dec = new StreamDecoder();
    // An ASCII start is held until the header's Japanese arrives.
    expect(dec.push(utf8('abc,'))).toBe('');
    expect(dec.encoding).toBeNull();
    expect(dec.push(encodeCp932('現場\r\n'))).toBe('abc,現場\r\n');
    expect(dec.encoding).toBe('cp932');
    expect(() => dec.push(Uint8Array.of(0x0a, 0x0a, 0x82, 0xff))).toThrow(DecodeFailure);
  });

  it('locates a bad byte that follows a character split across chunks', () => {
    const dec = new StreamDecoder();
    const text = encodeCp932('現場ID\nあ');
    dec.push(text.subarray(0, text.length - 1));
    try {
      dec.push(Uint8Array.of(text[text.length - 1]!, 0x0a, 0x0a, 0x82, 0xff));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeFailure);
      expect((e as DecodeFailure).lfBefore).toBe(2);
    }
  });

  it('an all-ASCII file is read as UTF-8 (ASCII reads the same in both)', () => {
    const dec = new StreamDecoder();
    expect(dec.push(utf8('a,b\r\n'))).toBe('');
    expect(dec.end()).toBe('a,b\r\n');
    expect(dec.encoding).toBe('utf-8');
  });

  it('refuses a CP932 error deep in a large file with its line', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row({}, (i % 28) + 1));
    const bytes = Uint8Array.from([...encodeCp932(csv([H, ...rows])), 0x82, 0xff, 0x0d, 0x0a]);
    for (const size of [1000, 64 * 1024]) {
      const o = refused(await ingest(chunked(bytes, size)));
      expect(o.errors).toMatchObject([{ line: 3002, column: null, code: 'ENCODING' }]);
    }
  });
});

describe('RFC 4180 records and physical lines', () => {
  it('quoted fields may hold commas, doubled quotes and line breaks; lines count physically', async () => {
    const text = csv([
      ['備考', ...H],
      ['"a,b ""c""\r\nd"', ...row({}, 1)],
      ['"x\ny\nz"', ...row({}, 2)],
      ['', ...row({ 就業日: '2026-10-99' }, 3)],
    ]);
    for (const size of [1, 3, 17, 1 << 16]) {
      const o = refused(await ingest(chunked(encodeCp932(text), size)));
      // Header 1, record 2 on lines 2–3, record 3 on 4–6, the bad one on 7.
      expect(o.errors).toMatchObject([
        { line: 7, column: '就業日', message: '存在しない日付です', value: '2026-10-99' },
      ]);
    }
  });

  it('accepts LF line ends and CRLF split across chunks', async () => {
    const bytes = encodeCp932(csv([H, row({}, 1), row({}, 2)], '\n'));
    expect(validated(await ingest(bytes)).result.totals.days).toBe(2);
    const crlf = encodeCp932(month);
    for (const size of [1, 2])
      expect(validated(await ingest(chunked(crlf, size))).result.totals.days).toBe(3);
  });

  it('refuses CR-only line ends at line 1', async () => {
    const o = refused(await ingest(encodeCp932(csv([H, row()], '\r'))));
    expect(o.errors).toMatchObject([{ line: 1, code: 'LINE_END' }]);
  });

  it('cell text is data: =HYPERLINK stays text, formulas never run', async () => {
    const o = validated(
      await ingest(encodeCp932(csv([H, row({ 現場名: '"=HYPERLINK(""x"")"', 所属事業者名: '@SUM(A1)' })]))),
    );
    expect(o.result.siteName).toBe('=HYPERLINK("x")');
    expect(o.result.companies[0]?.name).toBe('@SUM(A1)');
  });
});

describe('header table', () => {
  it('maps every column of the spec once, order free', () => {
    const r = resolveHeader([...H].reverse());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.index.siteId).toBe(H.length - 1);
    expect(CCUS_COLUMNS.map((c) => c.header)).toEqual(H);
  });

  it('optional columns may be absent: they read as empty', async () => {
    const drop = new Set(['職種', '立場', '被共済者番号', '共済契約者番号']);
    const keep = H.map((h, i) => [h, i] as const).filter(([h]) => !drop.has(h));
    const text = csv([keep.map(([h]) => h), ...[row({}, 1)].map((r) => keep.map(([, i]) => r[i]!))]);
    const o = validated(await ingest(encodeCp932(text)));
    expect(o.result.status).toBe('要修正'); // no numbers: F-COMPANY and F-WORKER-MISSING
    expect(o.result.lines[0]?.memberNo).toBeNull();
  });
});

describe('row validation', () => {
  it('normalises ids (NFKC, trim) and turns empty numbers into null', async () => {
    const o = validated(
      await ingest(
        encodeCp932(csv([H, row({ 技能者ID: ' 41000000000001 ', 被共済者番号: '', 共済契約者番号: ' ' })])),
      ),
    );
    expect(o.result.lines[0]).toMatchObject({ workerId: '41000000000001', memberNo: null });
    expect(o.result.companies[0]?.contractorNo).toBeNull();
  });

  it('never echoes a name or 被共済者番号 in a refusal', async () => {
    const o = refused(
      await ingest(encodeCp932(csv([H, row({ 技能者セイ: '山田', 被共済者番号: '50000X0001' })]))),
    );
    expect(o.errors.map((e) => e.column).sort()).toEqual(['技能者セイ', '被共済者番号']);
    for (const e of o.errors) expect(e.value).toBeUndefined();
    expect(JSON.stringify(o)).not.toContain('50000X0001');
  });

  it('validates a repeated group once, still reporting every bad row', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ 技能者ID: 'x' }, (i % 28) + 1));
    const o = refused(await ingest(encodeCp932(csv([H, ...rows]))));
    expect(o.errorCount).toBe(30);
    expect(o.errors.map((e) => e.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
  });

  it('interleaved workers and companies (no grouping) still validate', async () => {
    const rows = [row({}, 1), subRow({}, 1), row({}, 2), subRow({}, 2), row({}, 3)];
    expect(validated(await ingest(encodeCp932(csv([H, ...rows])))).result.totals.days).toBe(5);
  });

  it('expected month may be given as YYYYMM or YYYY-MM', async () => {
    for (const m of ['202610', '2026-10']) {
      const o = await ingest(encodeCp932(month), { expectedSiteId: '9000000001', expectedWorkMonth: m });
      expect(o.status).toBe('validated');
    }
  });

  it('R-PROVISION via a site lookup: an unknown site is refused', async () => {
    const o = refused(await ingest(encodeCp932(month), { site: () => undefined }));
    expect(o.errors).toMatchObject([{ line: 2, column: '現場ID', code: 'SITE_UNKNOWN' }]);
    const site = {
      siteId: '9000000001',
      name: 'x',
      primeContractorNo: '1000000001',
      linkMethod: 'manual' as const,
      outputMethod: '元請一括' as const,
      accumulationStart: '2026-01-01',
      accumulationEnd: '2027-03-31',
      linkedOn: '2026-10-15',
    };
    // Manual linkage set in October: files from November, i.e. work months from October.
    expect((await ingest(encodeCp932(month), { site: () => site })).status).toBe('validated');
    const late = { ...site, linkedOn: '2026-11-01' };
    expect(refused(await ingest(encodeCp932(month), { site: late })).errors[0]).toMatchObject({
      code: 'PROVISION',
      column: '対象年月',
    });
  });
});

describe('errors', () => {
  it('keeps 100 and counts all', () => {
    const l = new ErrorList();
    for (let i = 0; i < 250; i++) l.add({ line: i, column: null, code: 'FORMAT', message: 'm' });
    expect(l.listed).toHaveLength(100);
    expect(l.count).toBe(250);
  });

  it('shortens long values and copies strings off their chunk', () => {
    expect(shortValue('a'.repeat(50))).toBe(`${'a'.repeat(40)}…(50文字)`);
    const s = 'x'.repeat(20);
    expect(detach(s)).toBe(s);
  });
});

describe('toCycleJson', () => {
  it('builds the cli.md result of a validated file', async () => {
    const j = toCycleJson(validated(await ingest(encodeCp932(month))));
    expect(j).toEqual({
      siteId: '9000000001',
      workMonth: '2026-10',
      status: '予約可能',
      errors: [],
      errorCount: 0,
      flags: [],
      workers: [
        { workerId: '41000000000001', memberNo: '5000000001', employerCompanyId: '10000000000001', days: 2 },
        { workerId: '42000000000001', memberNo: '5000000002', employerCompanyId: '20000000000001', days: 1 },
      ],
      totals: { workers: 2, days: 3, points: 960 },
      charge: null,
    });
  });

  it('builds the result of a refused file, with the charge of a run when given', async () => {
    const j = toCycleJson(refused(await ingest(encodeCp932(csv([H, row({ 就業日: '2026-11-01' })])))));
    expect(j).toMatchObject({
      siteId: '9000000001',
      workMonth: '2026-10',
      status: 'refused',
      errors: [{ line: 2, column: '就業日' }],
      errorCount: 1,
      charge: null,
    });
    expect(Object.keys(j.errors[0]!).sort()).toEqual(['column', 'line', 'message']);
    const charge = { points: 960, balanceBefore: 1000, balanceAfter: 40 };
    const run = toCycleJson(validated(await ingest(encodeCp932(month))), charge, 'charged');
    expect(run).toMatchObject({ status: 'charged', charge });
  });

  it('omits flag fields that do not apply', async () => {
    const j = toCycleJson(validated(await ingest(encodeCp932(csv([H, row({ 被共済者番号: '' })])))));
    expect(j.flags).toEqual([
      { code: 'F-WORKER-MISSING', workerId: '41000000000001', message: '被共済者番号:未入力エラー' },
    ]);
  });
});
