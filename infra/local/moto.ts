// Starts moto (DynamoDB and S3 on one port) on a free 127.0.0.1 port and points the AWS SDK at it
// through the environment, as handler code sees it. Used by the integration tests and the local runtime.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const INSTALL_HINT = "moto_server is not installed: install it with `pip install 'moto[server]'`";

/**
 * moto_server as moto-launcher.py beside this file runs it: one request at a time (DynamoDB serialises
 * transactions), a TransactWriteItems whose rollback restores only its own items (the stock one copies
 * the whole table each time), and a call counter read by calls().
 */
const MOTO_LAUNCHER = resolve(import.meta.dirname, 'moto-launcher.py');

/**
 * DynamoDB calls by operation (X-Amz-Target's last part) and S3 calls as `S3:<method>`; `<op>:failed`
 * counts refusals, `<op>:items` the items of batches and transactions.
 */
export type MotoCalls = Record<string, number>;

export interface Moto {
  endpoint: string;
  /** The server's process id (its memory is read from /proc by the burst benchmark). */
  pid: number | undefined;
  /** Calls served so far, counted by the launcher. */
  calls(): Promise<MotoCalls>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(
  endpoint: string,
  child: ChildProcess,
  spawnError: () => Error | undefined,
  stderr: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const err = spawnError();
    if (err) {
      throw new Error(
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? INSTALL_HINT : `moto_server: ${err.message}`,
      );
    }
    if (child.exitCode !== null) {
      if (/No module named '?(moto|werkzeug|flask)/.test(stderr())) throw new Error(INSTALL_HINT);
      throw new Error(`moto_server exited early with code ${child.exitCode}: ${stderr().slice(0, 500)}`);
    }
    try {
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/**
 * Starts moto_server and points the AWS SDK at it through the environment (AWS_ENDPOINT_URL, dummy
 * credentials, ap-northeast-1), as handler code would see it. Call in beforeAll; stop in afterAll.
 */
export async function startMoto(options: { python?: string } = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const python = options.python ?? process.env.MOTO_PYTHON ?? 'python3';
  const child = spawn(python, [MOTO_LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4_000) stderr += d.toString();
  });
  // Never outlive the test worker, even when a hook times out before stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let spawnError: Error | undefined;
  child.on('error', (e) => {
    spawnError = e;
  });
  try {
    await waitReady(
      endpoint,
      child,
      () => spawnError,
      () => stderr,
    );
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'ap-northeast-1';
  return {
    endpoint,
    pid: child.pid,
    calls: async () => (await (await fetch(`${endpoint}/_local/calls`)).json()) as MotoCalls,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        // A busy server may not see SIGTERM at once: kill it after a grace period.
        const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
