// `npm start`: the whole system on this machine — moto (DynamoDB, S3), the synthesized state machine with
// the real handlers, and the approval API on http://127.0.0.1:3000 with dev sign-in. Seeds master.json,
// watches ./inbox for CCUS files, and stops everything it started on Ctrl-C.
//
//   npm start [-- --master <master.json>] [--port 3000] [--inbox ./inbox] [--verbose]
//
// Inbox: inbox/ccus/<現場ID>/<YYYYMM>/<name>.csv keeps that layout as its key; any other .csv under
// inbox/ is keyed from its first data row (現場ID, 対象年月); inbox/registry/*.csv is a registry file
// (docs/registry-file.md), imported by the same code as in AWS. Files there at start are dropped too
// (the stack starts empty each time: moto keeps everything in memory).
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MasterError } from '../functions/shared/ccus/master.js';
import { DEFAULT_PORT, WEB_DIST } from '../infra/local/http-api.js';
import { inboxKeyOf, watchInbox } from '../infra/local/inbox.js';
import { readMaster, seedMaster, startLocalServer } from '../infra/local/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const DEFAULT_MASTER = resolve(ROOT, 'test/fixtures/cases/basic-utf8/master.json');

const USAGE = `usage: npm start [-- --master <master.json>] [--port ${DEFAULT_PORT}] [--inbox ./inbox] [--verbose]

  --master   master data to seed (default test/fixtures/cases/basic-utf8/master.json, a copy of ../shared/fixtures)
  --port     HTTP port on 127.0.0.1 (default ${DEFAULT_PORT}, or PORT)
  --inbox    folder watched for CCUS files (default ./inbox); registry files go in <inbox>/registry/
  --verbose  handler logs (Powertools JSON) on stdout`;

const err = (line: string) => process.stderr.write(`${line}\n`);
/** How long stopping may take before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let values: { master?: string; port?: string; inbox?: string; verbose?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        master: { type: 'string' },
        port: { type: 'string' },
        inbox: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    err(`start: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`start: bad port ${values.port ?? process.env.PORT}`);
    process.exit(2);
  }
  const masterPath = values.master ? resolve(values.master) : DEFAULT_MASTER;
  let master: ReturnType<typeof readMaster>;
  try {
    master = readMaster(masterPath);
  } catch (e) {
    err(`start: ${masterPath}: ${e instanceof MasterError ? e.message : (e as Error).message}`);
    process.exit(2);
  }
  const inbox = resolve(values.inbox ?? 'inbox');
  mkdirSync(inbox, { recursive: true });

  // Before anything starts: a busy port is said at once, in one line, not after moto and the synth.
  if (port !== 0 && !(await portIsFree(port))) {
    err(busyPort(port));
    process.exit(1);
  }

  // From here on, a signal stops whatever has started so far — even in the middle of starting.
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  let watcher: ReturnType<typeof watchInbox> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    err(`\n${signal}: stopping (inbox watcher, API, state machine, moto) …`);
    // A stuck close must not keep the process (and moto) alive: exit anyway; moto dies with it.
    setTimeout(() => process.exit(1), STOP_GRACE_MS).unref();
    watcher?.close();
    await server?.close().catch((e: unknown) => err(`start: while stopping: ${(e as Error).message}`));
    // Waits of the aborted executions leave long timers behind: end here.
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  err('starting: synthesizing the CDK app, moto, the state machine and the API …');
  server = await startLocalServer({
    port,
    quiet: !values.verbose,
    onState: (name, state) => {
      // ccus-<現場ID>-<YYYYMM>-<importId>: show the site and month.
      const m = /^ccus-(\d+)-(\d{4})(\d{2})-/.exec(name);
      err(`  [${m ? `${m[1]} ${m[2]}-${m[3]}` : name}] ${state}`);
    },
    log: (line) => err(`  api ${line}`),
  });
  if (stopping) return;
  const running = server;
  const users = await seedMaster(master);

  watcher = watchInbox(
    inbox,
    async (path, body) => {
      const key = await inboxKeyOf(path, inbox);
      const rel = relative(process.cwd(), path);
      if (!key) {
        err(`  inbox: ${rel}: no 現場ID / 対象年月 on its first data row, skipped`);
        return;
      }
      const { result } = await running.runtime.dropFile(key, body);
      // A registry file's result says what it changed (docs/registry-file.md).
      const { status, detail } = result as { status: string; detail?: string };
      err(
        `  inbox: ${rel} → s3://${running.runtime.stack.inbox.name}/${key} (${status}${key.startsWith('registry/') && detail ? `: ${detail}` : ''})`,
      );
    },
    (e) => err(`  inbox: ${(e as Error).message}`),
  );

  const sites = master.sites.map((s) => `${s.siteId} (prime ${s.primeContractorNo}, ${s.outputMethod})`);
  process.stdout.write(
    [
      '',
      `建退共 × CCUS local stack is up`,
      `  API        ${server.url}   (routes: ${server.runtime.stack.routes.length})`,
      existsSync(resolve(WEB_DIST, 'index.html'))
        ? `  page       ${server.url}/   (open it and sign in with a user ID below)`
        : `  page       not built: npm run web:build, then ${server.url}/`,
      `  sign in    curl -s -X POST ${server.url}/local/sign-in -H 'content-type: application/json' -d '{"userId":"${users[0]?.userId ?? 'owner-…'}"}'`,
      `  inbox      ${relative(process.cwd(), inbox) || '.'}/  (drop CCUS files here, or: npm run cycle -- drop <file>)`,
      `  operator   POST /local/drop, POST /local/tick {"date":"YYYY-MM-DD"}, GET /local/executions`,
      `  mail       GET ${server.url}/local/mail   (notices, as SES would send them; users are <userId>@example.invalid)`,
      `  master     ${relative(process.cwd(), masterPath)}`,
      `  sites      ${sites.join('; ')}`,
      '  users you can sign in as:',
      ...users.map((u) => `    ${u.userId.padEnd(20)} ${u.contractorNo}  ${u.role}`),
      `    (payments client: {"client":"payments"})`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** Whether 127.0.0.1:port can be listened on (closed again at once). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

const busyPort = (port: number) =>
  `start: ポート ${port} は使用中です（port ${port} is already in use）: 使っているプロセスを止めるか、--port で別の番号を指定してください`;

main().catch((e: unknown) => {
  // The port taken between the check and the listen: the same one line.
  const busy = (e as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
  err(
    busy
      ? busyPort(Number((e as { port?: number }).port))
      : `start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  );
  process.exit(1);
});
