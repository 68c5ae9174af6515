// `cycle check` end to end (spec cli.md): one JSON document on stdout with --json, exit codes 0 / 2,
// master.json errors naming the JSON path. The fixtures' acceptance run is tools/cases.py.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../functions/shared/ccus/cp932.js';
import { MasterError, parseMaster } from '../../functions/shared/ccus/master.js';
import { csv, HEADERS, row } from '../fixtures/bad-input/make.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cycle-cli-'));
const master = {
  contractors: [
    {
      contractorNo: '1000000001',
      name: '山田建設',
      kind: 'regular',
      active: true,
      points: 0,
      specialPoints: 0,
    },
  ],
  members: [
    {
      memberNo: '5000000001',
      kanaFamily: 'ヤマダ',
      kanaGiven: 'イチロウ',
      kind: 'regular',
      days: 0,
      firstBook: true,
    },
  ],
  companyMappings: [],
  workerMappings: [],
  sites: [
    {
      siteId: '9000000001',
      name: '○○ビル新築工事',
      primeContractorNo: '1000000001',
      linkMethod: 'auto',
      outputMethod: '元請一括',
      accumulationStart: '2026-04-01',
      accumulationEnd: '2027-03-31',
      linkedOn: '2026-04-01',
    },
  ],
};
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const masterPath = file('master.json', JSON.stringify(master));
const goodCsv = file('good.csv', encodeCp932(csv([[...HEADERS], row({}, 1), row({}, 2)])));
const badCsv = file('bad.csv', encodeCp932(csv([[...HEADERS], row({ 就業日: '2026-11-01' })])));

async function cycle(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/cycle.ts', ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('cycle check', () => {
  it('prints one JSON document and exits 0, refused files included', async () => {
    const [ok, refused] = await Promise.all([
      cycle('check', '--master', masterPath, '--file', goodCsv, '--json'),
      cycle('check', '--master', masterPath, '--file', badCsv, '--json'),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: '予約可能',
      totals: { workers: 1, days: 2, points: 640 },
    });
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      status: 'refused',
      errors: [{ line: 2, column: '就業日' }],
    });
  }, 120_000);

  it('exits 2 on unreadable input and usage errors, with nothing on stdout', async () => {
    const badMaster = file(
      'bad-master.json',
      JSON.stringify({ ...master, sites: [{ ...master.sites[0], linkedOn: '2026-02-30' }] }),
    );
    const [missing, invalid, usage, runUsage] = await Promise.all([
      cycle('check', '--master', masterPath, '--file', join(dir, 'nope.csv'), '--json'),
      cycle('check', '--master', badMaster, '--file', goodCsv, '--json'),
      cycle('check', '--file', goodCsv),
      cycle('run', '--master', masterPath, '--approve', '--json'),
    ]);
    for (const r of [missing, invalid, usage, runUsage]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(invalid.stderr).toContain('sites[0].linkedOn');
    expect(usage.stderr).toContain('--master');
    expect(runUsage.stderr).toContain('--file <ccus.csv> is required');
  }, 120_000);

  it('a usage error is one line on stderr, exit 2; `help` prints the usage, exit 0', async () => {
    const [badDate, unknown, help] = await Promise.all([
      cycle('tick', '--date', '2026-13-01'),
      cycle('frobnicate'),
      cycle('help'),
    ]);
    for (const r of [badDate, unknown]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(badDate.stderr).toContain('2026-13-01');
    expect(unknown.stderr).toContain('frobnicate');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage:');
    expect(help.stdout).toContain('cycle -- tick');
  }, 120_000);
});

describe('master.json', () => {
  it('names the JSON path of each problem', () => {
    const bad = { ...master, contractors: [{ ...master.contractors[0], points: -1 }], members: 'x' };
    try {
      parseMaster(JSON.stringify(bad));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MasterError);
      expect((e as MasterError).problems.join('\n')).toMatch(
        /contractors\[0\]\.points: 負の数です[\s\S]*members:/,
      );
    }
    expect(() => parseMaster('{')).toThrow(/JSON として読めません/);
    expect(() =>
      parseMaster(JSON.stringify({ ...master, members: [master.members[0], master.members[0]] })),
    ).toThrow(/members\[1\]: 重複/);
  });

  it('mappings default to empty', () => {
    const { companyMappings: _c, workerMappings: _w, ...rest } = master;
    expect(parseMaster(JSON.stringify(rest)).companyMappings).toEqual([]);
  });
});
