import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The lint rule that keeps domain/ pure: lint probe files laid out like the project, with its biome.json.
const root = resolve(import.meta.dirname, '../../..');
const sandbox = mkdtempSync(join(tmpdir(), 'purity-'));
copyFileSync(join(root, 'biome.json'), join(sandbox, 'biome.json'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

let n = 0;
function lintAs(relPath: string, source: string) {
  const file = join(sandbox, relPath.replace(/\.ts$/, `${n++}.ts`));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const biome = join(root, 'node_modules/.bin/biome');
  const r = spawnSync(biome, ['lint', file], { cwd: sandbox, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('domain/ purity lint rule', () => {
  it.each([
    ["import { S3Client } from '@aws-sdk/client-s3';", 'S3Client', 'no AWS'],
    ["import { Stack } from 'aws-cdk-lib';", 'Stack', 'no AWS'],
    ["import middy from '@middy/core';", 'middy', 'no AWS, middy'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'Logger', 'Powertools'],
    ["import { readFileSync } from 'node:fs';", 'readFileSync', 'no Node I/O'],
    ["import { createServer } from 'http';", 'createServer', 'no Node I/O'],
    [
      "import { storeFromEnv } from '../functions/shared/storage/index.js';",
      'storeFromEnv',
      'declares ports',
    ],
    ["import { buildStacks } from '../infra/app.js';", 'buildStacks', 'declares ports'],
  ])('refuses %s in domain/', (line, name, why) => {
    const r = lintAs('domain/probe.ts', `${line}\nexport const used = [${name}];\n`);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(why);
  });

  it('allows the same import outside domain/', () => {
    const r = lintAs(
      'functions/probe.ts',
      "import { S3Client } from '@aws-sdk/client-s3';\n\nexport const used = [S3Client];\n",
    );
    expect(r.out).not.toContain('domain/ is pure');
    expect(r.status).toBe(0);
  });

  it('allows pure imports inside domain/', () => {
    const r = lintAs('domain/probe.ts', "import { z } from 'zod';\n\nexport const used = [z];\n");
    expect(r.status).toBe(0);
  });
});
