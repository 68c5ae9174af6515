// One config module: under functions/, only functions/shared/config.ts reads the environment.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('configuration', () => {
  it('is read from the environment in functions/shared/config.ts only', () => {
    const readers = sources(join(ROOT, 'functions'))
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(readers).toEqual(['functions/shared/config.ts']);
  });
});
