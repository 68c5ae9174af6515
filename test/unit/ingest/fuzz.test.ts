// Property tests: whatever the bytes, the reader answers refused-with-errors or validated — never a crash,
// never an unlabelled exception, never a refusal without a located error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../functions/shared/ccus/cp932.js';
import type { IngestOutcome } from '../../../functions/shared/ccus/ingest.js';
import { csv, HEADERS, row } from '../../fixtures/bad-input/make.js';
import { chunked, ingest } from './helpers.js';

function wellFormed(o: IngestOutcome): void {
  if (o.status === 'validated') {
    // A file whose rows carry no 就業日 is a month without work (R-ZERO-MONTH): validated, no lines.
    if (o.result.lines.length === 0) expect(o.result.totals.days).toBe(0);
    else expect(o.result.totals.days).toBeGreaterThan(0);
    return;
  }
  expect(o.status).toBe('refused');
  expect(o.errorCount).toBeGreaterThan(0);
  expect(o.errors.length).toBe(Math.min(o.errorCount, 100));
  for (const e of o.errors) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1)).toBe(true);
  }
}

const H = [...HEADERS];
/** Cells a CCUS file might plausibly hold, and some it should not. */
const cellArb = fc.oneof(
  fc.constantFrom('', ' ', '0', '1', '9', '10', '-1', '202610', '2026-10-01', '2026/10/31', '2026-02-30'),
  fc.constantFrom(
    '41000000000001',
    '４１０００００００００００１',
    '10000000000001',
    '1000000001',
    '5000000001',
  ),
  fc.constantFrom(
    'ヤマダ',
    'ﾔﾏﾀﾞ',
    'やまだ',
    '山田',
    '=HYPERLINK("x")',
    '元請一括',
    '一次一括',
    '"',
    '""',
    'a,b',
  ),
  fc.string({ maxLength: 12 }),
);
const rowArb = fc
  .tuple(fc.integer({ min: 1, max: 31 }), fc.dictionary(fc.constantFrom(...H), cellArb, { maxKeys: 3 }))
  .map(([day, over]) => row(over, Math.min(day, 31)));

describe('fuzz', () => {
  it('random bytes never crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, size) => {
          wellFormed(await ingest(chunked(bytes, size)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes after a valid header never crash', async () => {
    const head = encodeCp932(csv([H]));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1000 }), async (tail) => {
        wellFormed(await ingest(Uint8Array.from([...head, ...tail])));
      }),
      { numRuns: 200 },
    );
  });

  it('random valid-looking rows are validated or refused with located errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        async (rows, eol, cp932, size) => {
          // Quote every cell that needs it, as a writer would; some cells hold lone quotes on purpose.
          const q = (c: string) => (/[",\r\n]/.test(c) && c.length > 2 ? `"${c.replaceAll('"', '""')}"` : c);
          const text = csv([H, ...rows.map((r) => r.map(q))], eol);
          let bytes: Uint8Array;
          try {
            bytes = cp932 ? encodeCp932(text) : new TextEncoder().encode(text);
          } catch {
            bytes = new TextEncoder().encode(text); // a character CP932 cannot hold
          }
          const o = await ingest(chunked(bytes, size));
          wellFormed(o);
          // Every error of a data row points into the file.
          const lines = text.split(eol).length;
          if (o.status === 'refused')
            for (const e of o.errors) expect(e.line ?? 1).toBeLessThanOrEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  });
});
