// docs/architecture.md walks a reader through one CCUS row from the S3 drop to the debit. The walk must
// stay short (at most 20 files) and true: every file it names exists.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const doc = readFileSync(resolve(ROOT, 'docs/architecture.md'), 'utf8');
const walk = doc.slice(doc.indexOf('<!-- path:start -->'), doc.indexOf('<!-- path:end -->'));
const files = [...walk.matchAll(/^\d+\. `([^`]+)`/gm)].map((m) => m[1] as string);

describe('the path of one CCUS row (docs/architecture.md)', () => {
  it('names its files in a numbered list between the markers', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('takes at most 20 files, each named once', () => {
    expect(files.length).toBeLessThanOrEqual(20);
    expect(new Set(files).size).toBe(files.length);
  });

  it('names only files that exist', () => {
    expect(files.filter((f) => !existsSync(resolve(ROOT, f)))).toEqual([]);
  });

  it('starts at the S3 event and ends after the debit', () => {
    expect(files[0]).toBe('functions/start-cycle/handler.ts');
    expect(files).toContain('functions/shared/use-cases/debit-points.ts');
  });
});
