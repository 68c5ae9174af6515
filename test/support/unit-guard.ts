// Setup file of the `unit` project: a unit test starts no process, opens no server or socket and
// synthesizes no CDK app. Each of these throws here, naming the project the test belongs in
// (vitest.config.ts): infra (CDK), integration (moto), e2e (processes, servers).
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { vi } from 'vitest';

export const NOT_UNIT = 'not a unit test';

function refuse(what: string, where: string): never {
  throw new Error(`${NOT_UNIT}: ${what}; move the test to ${where} (vitest.config.ts)`);
}

for (const name of ['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'] as const)
  Object.assign(childProcess, { [name]: () => refuse(`child_process.${name}`, 'test/e2e/') });
net.Server.prototype.listen = () => refuse('a server', 'test/e2e/');
net.Socket.prototype.connect = () => refuse('a socket (moto, a server)', 'test/integration/ or test/e2e/');
// Named imports of node builtins see the patched functions too.
syncBuiltinESMExports();

vi.mock('aws-cdk-lib', () => refuse('a CDK app', 'test/infra/'));
