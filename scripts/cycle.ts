// `cycle` command (spec cli.md). `check` validates one CCUS file against master.json and stores nothing;
// `run` lands with the local runtime. stdout carries the result only (one JSON document with --json);
// progress and problems go to stderr. Exit: 0 did its job (refused included), 2 usage or unreadable
// input, 1 internal failure.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createInMemoryRegistry } from '../domain/import/memory-registry.js';
import { type CycleJson, toCycleJson } from '../functions/shared/ccus/cycle-json.js';
import { ingestCcusFile } from '../functions/shared/ccus/ingest.js';
import { MasterError, parseMaster, registryData, siteOf } from '../functions/shared/ccus/master.js';

const USAGE = `usage:
  npm run --silent cycle -- check --master <master.json> --file <ccus.csv> [--json]
  npm run --silent cycle -- run   --master <master.json> --file <ccus.csv> [--approve] [--json]

  check   validate one CCUS linkage file against the master data; stores nothing
  run     the whole monthly cycle on the local stack (not yet available)

options:
  --master <path>  master data (contractors, members, mappings, sites), see spec cli.md
  --file <path>    the CCUS linkage file (CP932, or UTF-8 with or without BOM)
  --json           print exactly one JSON document on stdout
  --approve        (run) approve as the prime's user
  -h, --help       this help

exit codes: 0 done (whatever the findings, a refused file included), 2 usage error or unreadable
input, 1 internal failure.`;

class UsageError extends Error {}
/** Unreadable input (missing file, bad master.json): exit 2 like a usage error, without the usage text. */
class InputError extends Error {}

function usageFail(message: string): never {
  throw new UsageError(message);
}

function inputFail(message: string): never {
  throw new InputError(message);
}

async function readable(path: string, what: string): Promise<void> {
  try {
    const s = await stat(path);
    if (!s.isFile()) inputFail(`${what} is not a file: ${path}`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    inputFail(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const num = (n: number): string => n.toLocaleString('en-US');
/** 被共済者番号 is personal: the readable table shows its last 4 characters only (--json carries it). */
const maskNo = (no: string | null): string =>
  no === null ? '(未登録)' : `${'*'.repeat(Math.max(0, no.length - 4))}${no.slice(-4)}`;

function table(rows: string[][]): string {
  const widths: number[] = [];
  // East Asian characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/u.test(ch) ? 2 : 1), 0);
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(c));
    });
  }
  return rows
    .map((r) => `  ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ')}`.trimEnd())
    .join('\n');
}

function human(j: CycleJson, file: string): string {
  const out: string[] = [];
  out.push(`ファイル: ${file}`);
  out.push(`現場ID: ${j.siteId ?? '-'}  対象年月: ${j.workMonth ?? '-'}  状態: ${j.status}`);
  if (j.status === 'refused') {
    out.push(
      '',
      `取込エラー（${num(j.errorCount)}件${j.errorCount > j.errors.length ? `、うち先頭${j.errors.length}件を表示` : ''}）:`,
    );
    out.push(
      table([
        ['行', '列', '内容'],
        ...j.errors.map((e) => [String(e.line ?? '-'), e.column ?? '-', e.message]),
      ]),
    );
    return out.join('\n');
  }
  if (j.flags.length > 0) {
    out.push('', `要修正（${j.flags.length}件）:`);
    out.push(
      table([
        ['コード', '対象', '内容'],
        ...j.flags.map((f) => [
          f.code,
          f.companyId ? `事業者ID ${f.companyId}` : `技能者ID ${f.workerId ?? '-'}`,
          f.message,
        ]),
      ]),
    );
  }
  out.push('', '就労実績:');
  out.push(
    table([
      ['技能者ID', '被共済者番号', '所属事業者ID', '就労日数'],
      ...j.workers.map((w) => [w.workerId, maskNo(w.memberNo), w.employerCompanyId, String(w.days)]),
    ]),
  );
  out.push(
    '',
    `合計: 技能者 ${num(j.totals.workers)} 人、就労日数 ${num(j.totals.days)} 日、掛金 ${num(j.totals.points)} ポイント`,
  );
  return out.join('\n');
}

async function check(masterPath: string, filePath: string, json: boolean): Promise<void> {
  await readable(masterPath, 'master');
  await readable(filePath, 'file');
  let master: ReturnType<typeof parseMaster>;
  try {
    master = parseMaster(await readFile(masterPath, 'utf8'));
  } catch (e) {
    if (e instanceof MasterError) inputFail(`${masterPath}: ${e.message}`);
    throw e;
  }
  const registry = createInMemoryRegistry(registryData(master));
  const started = process.hrtime.bigint();
  let outcome: Awaited<ReturnType<typeof ingestCcusFile>>;
  try {
    outcome = await ingestCcusFile(createReadStream(filePath, { highWaterMark: 1024 * 1024 }), {
      registry,
      site: (siteId) => siteOf(master, siteId),
    });
  } catch (e) {
    // The file vanished or failed mid-read: unreadable input, not an internal failure.
    if ((e as NodeJS.ErrnoException).syscall !== undefined)
      inputFail(`cannot read file ${filePath}: ${(e as Error).message}`);
    throw e;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(
    `cycle check: ${num(outcome.bytes)} bytes, ${outcome.encoding ?? 'encoding unknown'}, ${seconds.toFixed(2)} s\n`,
  );
  const result = toCycleJson(outcome);
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${human(result, filePath)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse(args: string[]) {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        master: { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean', default: false },
        approve: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  }
  try {
    parsed = parse(argv);
  } catch (e) {
    usageFail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (command === undefined) usageFail('no subcommand (check or run)');
  if (extra.length > 0) usageFail(`unexpected argument: ${extra.join(' ')}`);
  if (command !== 'check' && command !== 'run') usageFail(`unknown subcommand: ${command}`);
  if (command === 'run') {
    process.stderr.write(
      'cycle run: not yet — the local runtime lands with a later issue; use `cycle check`.\n',
    );
    return 2;
  }
  if (values.master === undefined) usageFail('--master <master.json> is required');
  if (values.file === undefined) usageFail('--file <ccus.csv> is required');
  if (values.approve) usageFail('--approve belongs to `run`');
  await check(values.master, values.file, values.json);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`cycle: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof InputError) {
      process.stderr.write(`cycle: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `cycle: internal failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
