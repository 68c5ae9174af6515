// `cycle run` as operators and tools/cases.py call it: the real CLI in a child process, on the shared
// fixtures, with the embedded local stack it starts (synth, moto, state machine, HTTP API).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/cases');
// The CLI's API calls are checked against docs/openapi.json in its own process.
const CONTRACT_ENV = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${resolve(import.meta.dirname, '../support/contract-preload.mjs')}`,
};

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cycle(...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', 'cycle', '--', ...args],
      { cwd: resolve(import.meta.dirname, '../..'), maxBuffer: 16 * 1024 * 1024, env: CONTRACT_ENV },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const runCase = (name: string) =>
  cycle(
    'run',
    '--master',
    resolve(FIXTURES, name, 'master.json'),
    '--file',
    resolve(FIXTURES, name, 'ccus.csv'),
    '--approve',
    '--json',
  );

describe('cycle run --approve --json', () => {
  let basic: Ran;
  let corrections: Ran;

  beforeAll(async () => {
    // Two CLIs side by side: each starts its own stack on its own ports.
    [basic, corrections] = await Promise.all([runCase('basic-run'), runCase('corrections')]);
  }, 120_000);

  it('charges a clean month through the HTTP API: 50 days × 320 = 16,000 points, one JSON document', () => {
    expect(basic.code, basic.stderr).toBe(0);
    expect(basic.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(basic.stdout);
    expect(j).toMatchObject({
      siteId: '9000000001',
      workMonth: '2026-10',
      status: 'charged',
      errors: [],
      flags: [],
      totals: { workers: 5, days: 50, points: 16_000 },
      charge: { points: 16_000, balanceBefore: 1_000_000, balanceAfter: 984_000 },
    });
    expect(j.workers).toHaveLength(5);
    // Progress on stderr: the states and the people's actions, as they happened.
    expect(basic.stderr).toMatch(
      /state AwaitApplication[\s\S]*action 申請[\s\S]*action 承認[\s\S]*state Charged/,
    );
    expect(basic.stderr).toMatch(/api POST \/v1\/sites\/\{siteId\}\/months\/\{workMonth\}\/approve → 200/);
    // Never a 被共済者番号 in the logs.
    expect(basic.stderr).not.toMatch(/500000000\d/);
  });

  it('stops at 要修正 and reports the flags: run never fixes data', () => {
    expect(corrections.code, corrections.stderr).toBe(0);
    const j = JSON.parse(corrections.stdout);
    expect(j.status).toBe('要修正');
    expect(j.charge).toBeNull();
    expect(j.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'F-COMPANY',
      'F-MULTI-PRIME',
      'F-WORKER-MISSING',
      'F-WORKER-NAME',
    ]);
    expect(corrections.stderr).toContain('state AwaitCorrections');
    expect(corrections.stderr).not.toContain('action');
  });
});
