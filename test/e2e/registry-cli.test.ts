// The `registry` command against a running local stack, as an operator would use it: clean JSON on
// stdout with the import's counts, the same file again recognised, usage errors one line and exit 2.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, readMaster, seedMaster, startLocalServer } from '../../infra/local/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ quiet: true, port: 0 });
  await seedMaster(readMaster(resolve(ROOT, 'test/fixtures/cases/basic-utf8/master.json')));
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const cli = (...args: string[]) => run('npm', ['run', '--silent', 'registry', '--', ...args], { cwd: ROOT });

describe('registry import through the CLI', () => {
  it('R-EXEMPT: prints the counts as one JSON document; the same file again changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-registry-'));
    const file = join(dir, 'registry.csv');
    writeFileSync(
      file,
      [
        '種別,共済契約者番号,名称,契約種別,状態,被共済者番号,セイ,メイ,掛金納付日数,手帳交付日,手帳更新回数,手帳更新日,消印免除日数,事業者ID',
        '被共済者,1000000001,,一般,,5000000002,サトウ,ジロウ,300,,1,2026-11-02,,',
        '事業者,1000000001,,,,,,,,,,,,10000000000009',
      ].join('\n'),
    );
    const first = await cli('import', file, '--url', server.url);
    expect(JSON.parse(first.stdout)).toMatchObject({
      status: 'imported',
      key: 'registry/registry.csv',
      counts: { 被共済者: { changed: 1 }, 事業者: { added: 1 } },
      renewals: { refunded: 1, points: 16_000 },
    });
    const again = await cli('import', file, '--url', server.url);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'already-imported' });
    expect(again.stderr).toBe('');
  });

  it('a usage error is one line on stderr and exit 2', async () => {
    const e = await cli('import').catch((x: { code: number; stderr: string; stdout: string }) => x);
    expect(e).toMatchObject({ code: 2, stdout: '' });
    expect((e as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});
