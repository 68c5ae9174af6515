// `cycle` command (spec cli.md). `check` validates one CCUS file against master.json and stores nothing;
// `run` performs the month on an embedded local stack (the synthesized state machine, the real handlers,
// the HTTP API on an ephemeral loopback port); `drop` and `tick` talk to a running `npm start`.
// stdout carries the result only (one JSON document with --json); progress and problems go to stderr.
// Exit: 0 did its job (refused included), 2 usage or unreadable input, 1 internal failure.
import './quiet-logs.js';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createInMemoryRegistry } from '../domain/import/memory-registry.js';
import type { MasterData, User } from '../domain/ports/storage.js';
import { type CycleCharge, type CycleJson, toCycleJson } from '../functions/shared/ccus/cycle-json.js';
import { ingestCcusFile } from '../functions/shared/ccus/ingest.js';
import { MasterError, parseMaster, registryData, siteOf } from '../functions/shared/ccus/master.js';
import { cycleDeps } from '../functions/shared/runtime.js';
import { type ApiSession, LocalApiClient, monthPath } from '../infra/local/api-client.js';
import { inboxKeyOf } from '../infra/local/inbox.js';
import { seedMaster, startLocalServer } from '../infra/local/server.js';

const USAGE = `usage:
  npm run --silent cycle -- check --master <master.json> --file <ccus.csv> [--json]
  npm run --silent cycle -- run   --master <master.json> --file <ccus.csv> [--approve] [--json]
  npm run --silent cycle -- drop  <ccus.csv> [--url http://127.0.0.1:3000]
  npm run --silent cycle -- tick  --date YYYY-MM-DD [--url http://127.0.0.1:3000]
  npm run --silent cycle -- help
  (or \`npx cycle …\`: the same command without npm's banner)

  check   validate one CCUS linkage file against the master data; stores nothing
  run     the whole monthly cycle on an embedded local stack: seed, drop, run; with --approve the
          一次 report (一次一括), the prime applies and approves through the HTTP API
  drop    put a file into the inbox bucket of a running \`npm start\` (key from the file's content)
  tick    run the daily sweep of a running \`npm start\` as on that date (missing-file notices)

options:
  --master <path>  master data (contractors, members, mappings, sites), see docs/cli.md
  --file <path>    the CCUS linkage file (CP932, or UTF-8 with or without BOM)
  --json           print exactly one JSON document on stdout
  --approve        (run) report, apply and approve as the master's users
  --url <url>      (drop, tick) the running local stack, default http://127.0.0.1:3000
  --date <date>    (tick) the day to sweep, YYYY-MM-DD
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

const progress = (line: string) => process.stderr.write(`cycle run: ${line}\n`);

/** Highest role first: who acts for a contractor when master.json names several users. */
const ROLE_RANK = ['事業者責任者', '管理者', '現場管理者', '担当者'];

/** The executions' outcome for `run`, in cli.md's words. */
type RunStatus = CycleJson['status'];

async function readMasterFile(masterPath: string) {
  await readable(masterPath, 'master');
  try {
    return parseMaster(await readFile(masterPath, 'utf8'));
  } catch (e) {
    if (e instanceof MasterError) inputFail(`${masterPath}: ${e.message}`);
    throw e;
  }
}

/** `run` leaves timers of the aborted executions behind (waits last weeks): it ends the process itself. */
let exitWhenDone = false;

async function run(masterPath: string, filePath: string, approve: boolean, json: boolean): Promise<void> {
  const started = Date.now();
  exitWhenDone = true;
  const master = await readMasterFile(masterPath);
  await readable(filePath, 'file');
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (e) {
    inputFail(`cannot read file ${filePath}: ${(e as Error).message}`);
  }
  // The same validation `check` does gives the JSON's workers and totals and the file's site and month
  // (the inbox key); the cycle itself decides the status.
  const outcome = await ingestCcusFile(bytes, {
    registry: createInMemoryRegistry(registryData(master)),
    site: (siteId) => siteOf(master, siteId),
  });
  const print = (j: CycleJson) =>
    process.stdout.write(json ? `${JSON.stringify(j)}\n` : `${human(j, filePath)}${chargeText(j)}\n`);
  const siteId = outcome.status === 'refused' ? outcome.siteId : outcome.result.siteId;
  const workMonth = outcome.status === 'refused' ? outcome.workMonth : outcome.result.workMonth;
  const key =
    siteId && workMonth && /^[0-9]{4}-[0-9]{2}$/.test(workMonth)
      ? `ccus/${siteId}/${workMonth.replace('-', '')}/${basename(filePath)}`
      : null;
  if (key === null || !/^ccus\/[0-9]{1,20}\//.test(key)) {
    progress('the file names no usable 現場ID and 対象年月: CCUS could not deliver it; refused');
    print(toCycleJson(outcome));
    return;
  }

  progress('starting the local stack (synth, moto, state machine, HTTP API)');
  const server = await startLocalServer({
    quiet: true,
    port: 0,
    onState: (_name, state) => progress(`state ${state}`),
    log: (line) => progress(`api ${line}`),
  });
  try {
    const rt = server.runtime;
    const users = await seedMaster(master as MasterData);
    progress(`seeded the master data (${master.contractors.length} contractors, ${users.length} users)`);
    progress(`drop ${key}`);
    const dropped = (await rt.dropFile(key, bytes)).result as { status: string; executionName?: string };
    await rt.sfn.settled();
    const exec = [...rt.sfn.executions.values()].find((e) => e.name === dropped.executionName);
    if (!exec) {
      progress(`the inbox ignored the file (${dropped.status})`);
      print(toCycleJson(outcome));
      return;
    }
    const state = () => exec.states.at(-1) ?? '';
    const failed = () => {
      if (exec.status === 'FAILED' || exec.status === 'TIMED_OUT' || state() === 'CycleFailed')
        throw new Error(`the cycle failed in ${state()}: ${exec.error ?? ''} ${exec.cause ?? ''}`);
    };
    failed();
    const deps = cycleDeps();
    const month = workMonth as string;
    const site = siteId as string;

    if (exec.states.includes('FileRefused')) {
      const refusal = (await deps.imports.importsOfMonth(site, month)).find((i) => i.status === 'refused');
      const j = toCycleJson(outcome, null, 'refused');
      if (outcome.status !== 'refused' && refusal) {
        // Refused by the cycle (not by the file's content): its reasons are the stored ones.
        j.status = 'refused';
        j.errors = refusal.errors.map((e) => ({ line: e.line, column: e.column, message: e.message }));
        j.errorCount = j.errors.length;
      }
      print(j);
      return;
    }
    if (outcome.status === 'refused') throw new Error('the cycle accepted a file `check` refuses');
    const finish = (status: RunStatus, charge: CycleCharge | null = null) => {
      progress(`done: ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      print(toCycleJson(outcome, charge, status));
    };
    if (state() === 'AwaitCorrections') return finish('要修正');
    if (!approve) return finish('awaiting');

    const imp = await deps.imports.currentImport(site, month);
    const siteSetting = master.sites.find((s) => s.siteId === site);
    if (!imp || !siteSetting) throw new Error('no current import or site after the drop');
    const client = new LocalApiClient(server.url);
    const known = [...users];
    /** The contractor's user with the highest role, if that role may do the action. */
    const userFor = async (contractorNo: string, roles: readonly string[]): Promise<User> => {
      const mine = known
        .filter((u) => u.contractorNo === contractorNo)
        .sort((a, b) => ROLE_RANK.indexOf(a.role) - ROLE_RANK.indexOf(b.role));
      if (mine[0] && roles.includes(mine[0].role)) return mine[0];
      // master.json names no user of this contractor who may do it: act as its 事業者責任者 (cli.md).
      const u: User = { userId: `owner-${contractorNo}`, contractorNo, role: '事業者責任者' };
      await deps.registry.putUser(u);
      known.push(u);
      progress(`seeded user ${u.userId} (事業者責任者 of ${contractorNo})`);
      return u;
    };
    const sessions = new Map<string, ApiSession>();
    const as = async (contractorNo: string, roles: readonly string[] = ROLE_RANK) => {
      const u = await userFor(contractorNo, roles);
      let s = sessions.get(u.userId);
      if (!s) {
        s = await client.signIn(u.userId);
        sessions.set(u.userId, s);
      }
      return s;
    };
    const path = monthPath(site, month);
    const act = async (
      what: string,
      contractorNo: string,
      roles: readonly string[],
      route: string,
      body: unknown = {},
    ) => {
      const s = await as(contractorNo, roles);
      progress(`action ${what} as ${s.userId}`);
      await s.post(`${path}/${route}`, body);
      await rt.sfn.settled();
      failed();
    };

    if (state() === 'AwaitFirstTierReports') {
      for (const c of imp.companies.filter((x) => x.tier === 1)) {
        if (!c.contractorNo) throw new Error(`一次 ${c.companyId} has no 共済契約者番号: nobody can report`);
        await act(`一次報告 (一次 ${c.companyId})`, c.contractorNo, ROLE_RANK, 'report', {
          firstTierCompanyId: c.companyId,
        });
      }
    }
    const prime = siteSetting.primeContractorNo;
    progress(`action 就労実績の確認 as ${(await as(prime)).userId}`);
    await (await as(prime)).get(`${path}/lines`);
    if (state() !== 'AwaitApplication')
      throw new Error(`expected to wait for the 申請, the cycle is in ${state()}`);
    // Who may apply and approve: functions/api/authz.ts (MATRIX).
    await act('申請', prime, ROLE_RANK.slice(0, 3), 'apply');
    if (state() !== 'AwaitApproval')
      throw new Error(`expected to wait for the 承認, the cycle is in ${state()}`);
    await act('承認', prime, ROLE_RANK.slice(0, 2), 'approve');

    if (state() === 'AwaitPurchase') return finish('insufficient');
    if (exec.status !== 'SUCCEEDED' || !exec.states.includes('Charged'))
      throw new Error(`the cycle stopped in ${state()} after the 承認`);
    const application = await deps.workflow.getApplication(site, month);
    if (!application) throw new Error('charged without an application record');
    const debit = (await deps.ledger.entries(application.primeContractorNo, application.pointKind)).find(
      (e) => e.kind === 'debit' && e.refId === application.applicationId,
    );
    if (!debit) throw new Error('charged without a debit entry');
    return finish('charged', {
      points: debit.amount,
      balanceBefore: debit.balanceBefore,
      balanceAfter: debit.balanceAfter,
    });
  } finally {
    // The month's notices, delivered by the same dispatcher as in AWS (here to the local mailbox).
    await server.runtime.notices.flush().catch((e: Error) => progress(`notices: ${e.message}`));
    for (const m of server.runtime.notices.mailbox.mails) progress(`mail ${m.kind} → ${m.to}: ${m.subject}`);
    await server.close();
  }
}

function chargeText(j: CycleJson): string {
  if (j.status === 'charged' && j.charge)
    return `\n掛金充当: ${num(j.charge.points)} ポイント（残高 ${num(j.charge.balanceBefore)} → ${num(j.charge.balanceAfter)}）`;
  if (j.status === 'insufficient') return '\n残高不足: 充当されていません（ポイントの購入待ち）';
  if (j.status === 'awaiting') return '\n人の操作待ち（--approve で報告・申請・承認まで進めます）';
  return '';
}

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** YYYY-MM-DD that names a day of the calendar (2026-13-01 and 2026-02-30 do not). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

async function drop(file: string, url: string): Promise<void> {
  await readable(file, 'file');
  const key = await inboxKeyOf(file);
  if (!key) inputFail(`${file}: no 現場ID and 対象年月 on its first data row, so it has no inbox key`);
  const body = await readFile(file);
  const r = await reach(url, () => new LocalApiClient(url).drop(key, body));
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

async function tick(date: string, url: string): Promise<void> {
  const r = await reach(url, () => new LocalApiClient(url).tick(date));
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/** A local stack that is not running is the operator's input problem (exit 2), not an internal failure. */
async function reach<T>(url: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof TypeError) inputFail(`no local stack answers on ${url} (start it with \`npm start\`)`);
    throw e;
  }
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
        url: { type: 'string' },
        date: { type: 'string' },
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
  if (command === undefined) usageFail('no subcommand (check, run, drop or tick)');
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'drop') {
    if (extra.length !== 1) usageFail('drop takes one file: cycle drop <ccus.csv>');
    await drop(extra[0]!, values.url ?? DEFAULT_URL);
    return 0;
  }
  if (extra.length > 0) usageFail(`unexpected argument: ${extra.join(' ')}`);
  if (command === 'tick') {
    if (values.date === undefined || !isCalendarDate(values.date))
      usageFail(`tick needs --date YYYY-MM-DD, a real date (got ${values.date ?? 'nothing'})`);
    await tick(values.date, values.url ?? DEFAULT_URL);
    return 0;
  }
  if (command !== 'check' && command !== 'run') usageFail(`unknown subcommand: ${command}`);
  if (values.url !== undefined || values.date !== undefined)
    usageFail('--url and --date belong to drop and tick');
  if (command === 'run') {
    if (values.master === undefined) usageFail('--master <master.json> is required');
    if (values.file === undefined) usageFail('--file <ccus.csv> is required');
    await run(values.master, values.file, values.approve, values.json);
    return 0;
  }
  if (values.master === undefined) usageFail('--master <master.json> is required');
  if (values.file === undefined) usageFail('--file <ccus.csv> is required');
  if (values.approve) usageFail('--approve belongs to `run`');
  await check(values.master, values.file, values.json);
  return 0;
}

function end(code: number): void {
  process.exitCode = code;
  // Flush stdout (a pipe) before ending the process.
  if (exitWhenDone) process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => end(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      // One line: scripts read it; `cycle help` prints the whole usage.
      process.stderr.write(`cycle: ${e.message} (see \`cycle help\`)\n`);
      end(2);
      return;
    }
    if (e instanceof InputError) {
      process.stderr.write(`cycle: ${e.message}\n`);
      end(2);
      return;
    }
    process.stderr.write(
      `cycle: internal failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    end(1);
  },
);
