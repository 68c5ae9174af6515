// `users` command: creates a person's account in the Cognito user pool of a deployed stage, with the
// custom:contractorNo and custom:role the API reads from the ID token, and enters it in the table: the
// user (whom the notices address by contractor and role) and its contact (the mail address notices go
// to). Cognito mails the temporary password; the person sets a password and a TOTP device at first
// sign-in. stdout carries one JSON document; usage errors are one line on stderr with exit code 2.
import './quiet-logs.js';
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../domain/types.js';
import { ROLES } from '../functions/api/authz.js';
import { DynamoUserDirectory } from '../functions/shared/storage/directory.js';
import { createRepositories, storeFromEnv } from '../functions/shared/storage/index.js';

const USAGE = `usage:
  npm run --silent users -- create --email <address> --contractor-no <共済契約者番号> --role <role>
                                   [--name <氏名>] [--no-reminders]
                                   [--user-pool-id <id>] [--table <name>] [--region <region>]
  npm run --silent users -- help
  (or \`npx users …\`: the same command without npm's banner)

  create   the account (Cognito AdminCreateUser: custom:contractorNo, custom:role, the address verified;
           Cognito mails a temporary password) and its entry in the table (user and notice contact).
           Again for an existing address: nothing changes if contractor and role agree (status "exists").

options:
  --role <role>         ${ROLES.join(' | ')}
  --user-pool-id <id>   the stack output UserPoolId (or USER_POOL_ID)
  --table <name>        the stack output TableName (or TABLE_NAME)
  --region <region>     default AWS_REGION, else ap-northeast-1
  --no-reminders        the person gets no reminder notices (overdue and action notices still)

exit codes: 0 done, 2 usage error, 1 failure (AWS refused, or the address exists with another
contractor or role).`;

class UsageError extends Error {}
class Refused extends Error {}

const usageFail = (message: string): never => {
  throw new UsageError(message);
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTRACTOR_NO = /^[0-9A-Za-z-]{1,40}$/;

export interface CreateUserInput {
  email: string;
  contractorNo: string;
  role: Role;
  name?: string;
  reminders: boolean;
  userPoolId: string;
}

const attr = (attrs: AttributeType[] | undefined, name: string) => attrs?.find((a) => a.Name === name)?.Value;

export async function createUser(cognito: CognitoIdentityProviderClient, u: CreateUserInput) {
  let status: 'created' | 'exists' = 'created';
  let attributes: AttributeType[] | undefined;
  try {
    const r = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: u.userPoolId,
        // The pool signs in by e-mail: the address is the user name.
        Username: u.email,
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [
          { Name: 'email', Value: u.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:contractorNo', Value: u.contractorNo },
          { Name: 'custom:role', Value: u.role },
          ...(u.name ? [{ Name: 'name', Value: u.name }] : []),
        ],
      }),
    );
    attributes = r.User?.Attributes;
  } catch (e) {
    if (!(e instanceof UsernameExistsException) && (e as Error).name !== 'UsernameExistsException') throw e;
    status = 'exists';
    const r = await cognito.send(new AdminGetUserCommand({ UserPoolId: u.userPoolId, Username: u.email }));
    attributes = r.UserAttributes;
    const has = {
      contractorNo: attr(attributes, 'custom:contractorNo'),
      role: attr(attributes, 'custom:role'),
    };
    if (has.contractorNo !== u.contractorNo || has.role !== u.role)
      throw new Refused(
        `${u.email} exists with contractor ${has.contractorNo ?? '-'} and role ${has.role ?? '-'}: change it in the user pool, not here`,
      );
  }
  // The API's principal is the token's sub: the table knows the person by it.
  const userId = attr(attributes, 'sub');
  if (!userId) throw new Error('the user pool returned no sub for the user');
  const store = storeFromEnv();
  await createRepositories(store).registry.putUser({ userId, contractorNo: u.contractorNo, role: u.role });
  await new DynamoUserDirectory(store).putContact(userId, {
    email: u.email,
    ...(u.name ? { name: u.name } : {}),
    reminders: u.reminders,
  });
  return {
    status,
    userId,
    email: u.email,
    contractorNo: u.contractorNo,
    role: u.role,
    userPoolId: u.userPoolId,
  };
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string' },
        'contractor-no': { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'no-reminders': { type: 'boolean', default: false },
        'user-pool-id': { type: 'string' },
        table: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  }
  try {
    parsed = parse();
  } catch (e) {
    return usageFail((e as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === 'help' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command !== 'create') usageFail(`unknown command "${command}"`);
  if (positionals.length > 1) usageFail(`unexpected argument "${positionals[1]}"`);
  const email = values.email ?? usageFail('--email <address> is required');
  if (!EMAIL.test(email)) usageFail(`--email "${email}" is not a mail address`);
  const contractorNo = values['contractor-no'] ?? usageFail('--contractor-no <共済契約者番号> is required');
  if (!CONTRACTOR_NO.test(contractorNo))
    usageFail(`--contractor-no "${contractorNo}": letters, digits, hyphens, up to 40`);
  const role = values.role ?? usageFail(`--role is required (${ROLES.join(' | ')})`);
  if (!(ROLES as readonly string[]).includes(role))
    usageFail(`--role "${role}": one of ${ROLES.join(' | ')}`);
  const userPoolId =
    values['user-pool-id'] ??
    process.env.USER_POOL_ID ??
    usageFail('--user-pool-id (or USER_POOL_ID) is required');
  if (values.table) process.env.TABLE_NAME = values.table;
  if (!process.env.TABLE_NAME) usageFail('--table (or TABLE_NAME) is required: the stack output TableName');
  const region = values.region ?? process.env.AWS_REGION ?? 'ap-northeast-1';
  process.env.AWS_REGION = region;
  const cognito = new CognitoIdentityProviderClient({ region });
  try {
    const out = await createUser(cognito, {
      email,
      contractorNo,
      role: role as Role,
      ...(values.name ? { name: values.name } : {}),
      reminders: !values['no-reminders'],
      userPoolId,
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    cognito.destroy();
  }
}

function end(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  () => end(0),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`users: ${e.message} (see \`users help\`)\n`);
      end(2);
      return;
    }
    if (e instanceof Refused) {
      process.stderr.write(`users: ${e.message}\n`);
      end(1);
      return;
    }
    process.stderr.write(`users: failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    end(1);
  },
);
