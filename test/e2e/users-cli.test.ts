// `users create` against moto's Cognito and DynamoDB: the account with custom:contractorNo and
// custom:role, the user and its notice contact in the table (found by contractor, as notices look
// recipients up), clean JSON on stdout, a second run changing nothing, usage errors in one line (exit 2).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoUserDirectory } from '../../functions/shared/storage/directory.js';
import { freshStore, type Moto, startMoto } from '../integration/support/moto.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let moto: Moto;
let userPoolId: string;
let tableName: string;
let directory: DynamoUserDirectory;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'users');
  tableName = store.tableName;
  directory = new DynamoUserDirectory(store);
  cognito = new CognitoIdentityProviderClient({});
  // The pool as the stateful stack makes it: e-mail as the user name, the two custom attributes.
  const pool = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'kentaikyo-users-test',
      UsernameAttributes: ['email'],
      Schema: [
        { Name: 'contractorNo', AttributeDataType: 'String', Mutable: true },
        { Name: 'role', AttributeDataType: 'String', Mutable: true },
      ],
    }),
  );
  userPoolId = pool.UserPool!.Id!;
}, 60_000);
afterAll(async () => {
  cognito?.destroy();
  await moto?.stop();
});

const users = async (...args: string[]) => {
  try {
    const r = await run('node', ['bin/users.mjs', ...args], { cwd: ROOT, env: { ...process.env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

describe('users create', () => {
  const args = (email: string, role = '管理者') => [
    'create',
    '--email',
    email,
    '--contractor-no',
    '1000000001',
    '--role',
    role,
    '--user-pool-id',
    userPoolId,
    '--table',
    tableName,
  ];

  it('creates the account with custom:contractorNo and custom:role and enters it in the notices directory', async () => {
    const r = await users(...args('tanaka@example.com'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      status: 'created',
      email: 'tanaka@example.com',
      contractorNo: '1000000001',
      role: '管理者',
      userPoolId,
    });
    const got = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'tanaka@example.com' }),
    );
    const attrs = Object.fromEntries((got.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attrs).toMatchObject({
      'custom:contractorNo': '1000000001',
      'custom:role': '管理者',
      sub: out.userId,
    });
    // Notices find recipients by contractor (and role), and mail the contact's address.
    expect(await directory.contactsOf('1000000001')).toEqual([
      {
        userId: out.userId,
        contractorNo: '1000000001',
        role: '管理者',
        reminders: true,
        email: 'tanaka@example.com',
      },
    ]);

    // Again: nothing changes.
    const again = await users(...args('tanaka@example.com'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'exists', userId: out.userId });
    // The same address with another role is refused, not silently changed.
    const other = await users(...args('tanaka@example.com', '担当者'));
    expect(other.code).toBe(1);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(/exists with contractor 1000000001 and role 管理者/);
  });

  it('answers a usage error in one line with exit code 2', async () => {
    for (const bad of [
      [
        'create',
        '--email',
        'x@example.com',
        '--contractor-no',
        '1',
        '--role',
        'boss',
        '--user-pool-id',
        'p',
        '--table',
        't',
      ],
      ['create', '--email', 'not-an-address', '--contractor-no', '1', '--role', '管理者'],
      ['create', '--contractor-no', '1', '--role', '管理者'],
      ['remove', '--email', 'x@example.com'],
      ['create', '--bogus'],
    ]) {
      const r = await users(...bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), bad.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^users: /);
    }
    const help = await users('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('users -- create --email');
  });
});
