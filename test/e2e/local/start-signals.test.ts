// `npm start` as a person runs it, in a child process: SIGTERM or SIGINT to npm stops everything it
// started (tsx, node, moto_server…) and frees the port; a busy port is said at once in one line.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Every process whose parent chain leads to `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent)
      if (ppid === pid) {
        out.push(child);
        walk(child);
      }
  };
  walk(root);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => r(port));
    });
  });

const portFree = (port: number) =>
  new Promise<boolean>((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });

let child: ChildProcess | undefined;
let inbox: string | undefined;
let blocker: Server | undefined;
/** What this test started, by id: killed afterwards if the test failed to stop it. */
let started: number[] = [];
afterEach(() => {
  const pids = child?.pid
    ? [child.pid, ...started, ...(alive(child.pid) ? descendants(child.pid) : [])]
    : started;
  for (const pid of new Set(pids)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (inbox) rmSync(inbox, { recursive: true, force: true });
  blocker?.close();
  child = inbox = blocker = undefined;
  started = [];
});

function npmStart(port: number) {
  inbox = mkdtempSync(join(tmpdir(), 'start-inbox-'));
  const proc = spawn('npm', ['start', '--', '--port', String(port), '--inbox', inbox], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  let errOut = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (errOut += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const up = new Promise<void>((r, reject) => {
    proc.stdout!.on('data', () => out.includes('Ctrl-C stops everything') && r());
    void exited.then(() => reject(new Error(`npm start exited before it was up:\n${errOut}`)));
  });
  // Awaited by the tests that need it up; the busy-port test expects it never to be.
  up.catch(() => undefined);
  return { proc, up, exited, stderr: () => errOut };
}

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to npm stops moto, the API, the runner and everything else it started, and frees the port',
    async (signal) => {
      const port = await freePort();
      const run = npmStart(port);
      await run.up;
      started = descendants(run.proc.pid!);
      // (sh →) tsx → node → moto_server (python) at least.
      expect(started.length).toBeGreaterThanOrEqual(3);
      expect(await portFree(port)).toBe(false);

      run.proc.kill(signal);
      await run.exited;
      // The children may take a moment to go after npm itself: poll (the test's timeout is the bound).
      while (started.some(alive)) await new Promise((r) => setTimeout(r, 100));
      expect(started.filter(alive)).toEqual([]);
      expect(await portFree(port)).toBe(true);
    },
    // Starting takes 15 s on a quiet machine, several times that on a busy one.
    180_000,
  );

  it('reports a busy port at once in one line and exits non-zero', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const run = npmStart(port);
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('start:'));
    expect(lines).toEqual([expect.stringContaining(`ポート ${port} は使用中です`)]);
    expect(lines[0]).toContain('--port');
    // Nothing was started for it.
    expect(run.stderr()).not.toContain('synthesizing');
  }, 60_000);
});
