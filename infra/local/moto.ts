// Starts moto (DynamoDB and S3 on one port) on a free 127.0.0.1 port and points the AWS SDK at it
// through the environment, as handler code sees it. Used by the integration tests and the local runtime.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const INSTALL_HINT = "moto_server is not installed: install it with `pip install 'moto[server]'`";

/**
 * moto_server with two fixes for faithful and bounded tests, applied by a tiny launcher:
 * - one request at a time: the stock server is threaded and its TransactWriteItems rolls back by
 *   restoring a deep copy of the whole table taken before the transaction, so two concurrent
 *   transactions erase each other's committed writes (seen here: a concurrent debit lost). DynamoDB
 *   serialises transactions; so does a single-threaded moto, while clients still send concurrently;
 * - that rollback snapshot is taken once per table and transaction instead of once per item (a
 *   100-item transaction on a 3,000-item table otherwise deep-copies it 100 times).
 */
const MOTO_LAUNCHER = [
  'import sys',
  'import moto.server as server',
  'import moto.dynamodb.models as models',
  'g = models.DynamoDBBackend.transact_write_items.__globals__',
  'real_copy = g["copy"]',
  'class OncePerTable:',
  '    def __init__(self): self.done = {}',
  '    def deepcopy(self, obj, memo=None):',
  '        if id(obj) not in self.done: self.done[id(obj)] = real_copy.deepcopy(obj)',
  '        return self.done[id(obj)]',
  'original = models.DynamoDBBackend.transact_write_items',
  'def transact_write_items(self, items):',
  '    g["copy"] = OncePerTable()',
  '    try: return original(self, items)',
  '    finally: g["copy"] = real_copy',
  'models.DynamoDBBackend.transact_write_items = transact_write_items',
  'run = server.run_simple',
  'server.run_simple = lambda *a, **k: run(*a, **{**k, "threaded": False})',
  'sys.exit(server.main(sys.argv[1:]))',
].join('\n');

export interface Moto {
  endpoint: string;
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
  const child = spawn(python, ['-c', MOTO_LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
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
