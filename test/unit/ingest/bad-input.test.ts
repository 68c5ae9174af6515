// The bad-input corpus (test/fixtures/bad-input): each broken or hostile file gets its exact refusal —
// line, column, a message substring and the total count — or is accepted where the spec says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ERRORS } from '../../../functions/shared/ccus/errors.js';
import { CASES, HERE } from '../../fixtures/bad-input/make.js';
import { chunked, ingest } from './helpers.js';

describe('bad-input corpus', () => {
  it('has at least 25 cases and the committed files match the generator', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    for (const c of CASES.filter((x) => x.commit)) {
      expect(Buffer.compare(readFileSync(join(HERE, c.file)), Buffer.from(c.bytes())), c.file).toBe(0);
    }
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.about}`, async () => {
      const bytes = c.commit ? new Uint8Array(readFileSync(join(HERE, c.file))) : c.bytes();
      // Small chunks too, so chunk boundaries fall inside characters, CRLFs and quoted fields.
      for (const source of [
        bytes,
        chunked(bytes, 64 * 1024),
        ...(bytes.length < 20_000 ? [chunked(bytes, 7)] : []),
      ]) {
        const out = await ingest(source, c.options);
        if (c.expect.status === 'validated') {
          expect(out.status === 'refused' ? out.errors : [], c.file).toEqual([]);
          if (out.status === 'validated') c.expect.check?.(out.result);
          continue;
        }
        expect(out.status, c.file).toBe('refused');
        if (out.status !== 'refused') continue;
        expect(out.errorCount, JSON.stringify(out.errors)).toBe(c.expect.errorCount);
        expect(out.errors.length).toBe(Math.min(c.expect.errorCount, MAX_LISTED_ERRORS));
        for (const e of c.expect.errors) {
          const hit = out.errors.find(
            (g) => g.line === e.line && g.column === e.column && g.message.includes(e.message),
          );
          expect(hit, `${JSON.stringify(e)} in ${JSON.stringify(out.errors.slice(0, 5))}`).toBeDefined();
        }
      }
    });
  }
});
