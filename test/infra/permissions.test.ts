// Least privilege, read from the template: for each function, every action its role may take (inline
// default policy, attached customer-managed policies) and on what. A new permission fails here first.
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA } from '../../infra/constructs/cycle-function.js';
import { INBOX_ARN_EXPORT } from '../../infra/stacks/stateful-stack.js';
import { STATE_MACHINE_NAME } from '../../infra/stacks/stateless-stack.js';
import { type CfnTemplate, type Json, ofType, only, synthesized } from './synth.js';

beforeAll(() => void synthesized(), 120_000);

interface Grant {
  action: string;
  /** The resource as template JSON, one entry per resource of the statement. */
  resource: string;
}

/** Every (action, resource) pair the role of `roleId` is allowed, whatever policy resource holds it. */
function grantsOfRole(t: CfnTemplate, roleId: string): Grant[] {
  const role = t.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const documents: Json[] = [];
  for (const p of (role.Properties?.Policies as { PolicyDocument: Json }[] | undefined) ?? [])
    documents.push(p.PolicyDocument);
  for (const [, policy] of ofType(t, 'AWS::IAM::Policy'))
    if (JSON.stringify(policy.Properties?.Roles).includes(`{"Ref":"${roleId}"}`))
      documents.push(policy.Properties!.PolicyDocument!);
  for (const arn of (role.Properties?.ManagedPolicyArns as Json[] | undefined) ?? []) {
    const id = (arn as { Ref?: string }).Ref;
    const managed = id ? t.Resources[id] : undefined;
    // An AWS managed policy cannot be read from the template, so none is allowed (cdk-nag IAM4 agrees).
    if (managed?.Type !== 'AWS::IAM::ManagedPolicy')
      throw new Error(`${roleId}: managed policy ${JSON.stringify(arn)}`);
    documents.push(managed.Properties!.PolicyDocument!);
  }
  const grants: Grant[] = [];
  for (const doc of documents)
    for (const st of (doc as { Statement: Record<string, Json>[] }).Statement) {
      expect(st.Effect).toBe('Allow');
      expect(st.NotAction ?? st.NotResource).toBeUndefined();
      for (const action of [st.Action].flat() as string[])
        for (const resource of [st.Resource].flat())
          grants.push({ action, resource: JSON.stringify(resource) });
    }
  return grants;
}

function roleIdOf(f: { Properties?: Record<string, Json> }): string {
  const role = f.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = role?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`no role in ${JSON.stringify(f.Properties)}`);
  return id;
}

/** The import of a stateful-stack export whose value refers to `logicalId`, as template JSON. */
function importOf(stateful: CfnTemplate, logicalId: string, attribute: 'Arn' | 'Ref'): string {
  const wanted = attribute === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, 'Arn'] };
  const output = Object.values(stateful.Outputs ?? {}).find(
    (o) => JSON.stringify(o.Value) === JSON.stringify(wanted) && o.Export,
  );
  if (!output) throw new Error(`no export of ${logicalId} ${attribute}`);
  return JSON.stringify({ 'Fn::ImportValue': output.Export!.Name });
}

const PLATFORM = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];
const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'kms:Decrypt',
  'kms:DescribeKey',
];
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'kms:Encrypt',
  'kms:GenerateDataKey',
];
const TABLE_READ_WRITE = [...TABLE_READ, ...TABLE_WRITE];
const KEY_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey'];
/** Queueing a notice: a put of an outbox item. */
const QUEUE_NOTICES = ['dynamodb:PutItem', ...KEY_WRITE];
const INBOX_READ = ['s3:GetObject', 's3:GetObjectVersion', 'kms:Decrypt'];
const SEND_TASK_FAILURE = ['states:SendTaskFailure'];
/** Lambda's own dead-letter delivery to the KMS-encrypted queue. */
const DEAD_LETTER = ['sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt'];

/** What each handler uses (what its use cases call), on top of its logs and traces. */
const EXPECTED: Record<string, string[]> = {
  'import-work-records': [...TABLE_READ_WRITE, ...INBOX_READ, ...SEND_TASK_FAILURE],
  'revalidate-import': [...TABLE_READ_WRITE, ...INBOX_READ],
  'plan-reminder': TABLE_READ,
  // Stores the wait's token and its notices, checked against the month's current import.
  'await-people': [...TABLE_READ, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', ...KEY_WRITE],
  // Queues notices, and records 実績なし on its import.
  notify: [...TABLE_READ, ...QUEUE_NOTICES, 'dynamodb:UpdateItem'],
  // Transactions of puts, updates and condition checks: never a delete, never a batch.
  'debit-points': [
    ...TABLE_READ,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
    ...KEY_WRITE,
  ],
  'record-contributions': [
    ...TABLE_READ,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
    ...KEY_WRITE,
  ],
  'start-cycle': ['states:StartExecution', ...SEND_TASK_FAILURE, ...TABLE_READ, ...DEAD_LETTER],
  // Files due but not received, and the reconciliation that completes a charge without its record:
  // transactions of puts, updates and condition checks, never a delete or a batch.
  'monthly-sweep': [
    ...TABLE_READ,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
    ...KEY_WRITE,
    ...DEAD_LETTER,
  ],
  // The registry import: records in batches, refunds, its history; a full export scans the registry
  // records; the months at 要修正 are resumed to validate again.
  'import-registry': [
    ...TABLE_READ_WRITE,
    'dynamodb:Scan',
    ...INBOX_READ,
    'states:SendTaskSuccess',
    ...DEAD_LETTER,
  ],
  // Resumes the wait a person answers (SendTaskSuccess only: it never fails or starts an execution);
  // presigns 手動連携 uploads under ccus/ (the PUT runs with its rights: put only, no read or delete).
  api: [...TABLE_READ_WRITE, 'states:SendTaskSuccess', 's3:PutObject'],
  // The Excel routes: a sheet's rows added to the month's import (and the writes' idempotency).
  'api-excel': TABLE_READ_WRITE,
  // Claims and marks outbox items, writes delivery records (no delete, no batch write); sends by SES.
  'dispatch-notices': [
    ...TABLE_READ,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'ses:SendEmail',
  ],
};

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The statements of a role's policies that allow `action` (with their conditions). */
function statementsOf(t: CfnTemplate, roleId: string, action: string): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (const [, policy] of ofType(t, 'AWS::IAM::Policy'))
    if (JSON.stringify(policy.Properties?.Roles).includes(`{"Ref":"${roleId}"}`))
      for (const st of (policy.Properties!.PolicyDocument as { Statement: Record<string, Json>[] }).Statement)
        if ([st.Action].flat().includes(action)) out.push(st);
  return out;
}

describe('function permissions', () => {
  const functionsByName = () => {
    const { json } = synthesized();
    return new Map(
      ofType(json.stateless, 'AWS::Lambda::Function').map(([id, f]) => {
        const name = String(f.Metadata?.[ENTRY_METADATA]).split('/')[1]!;
        return [name, { id, grants: grantsOfRole(json.stateless, roleIdOf(f)) }];
      }),
    );
  };

  it('covers every function', () => {
    expect(sorted(functionsByName().keys())).toEqual(sorted(Object.keys(EXPECTED)));
  });

  it.each(Object.entries(EXPECTED))('%s may do exactly what it uses', (name, actions) => {
    // Prepare
    const fn = functionsByName().get(name)!;
    // Act
    const allowed = sorted(fn.grants.map((g) => g.action));
    // Assess
    expect(allowed).toEqual(sorted([...PLATFORM, ...actions]));
  });

  it.each(Object.keys(EXPECTED))('%s acts only on its own resources', (name) => {
    const { json } = synthesized();
    const fn = functionsByName().get(name)!;
    const [keyId] = only(json.stateful, 'AWS::KMS::Key');
    const [tableId] = only(json.stateful, 'AWS::DynamoDB::GlobalTable');
    const [queueId] = only(json.stateless, 'AWS::SQS::Queue');
    const [machineId] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
    const key = importOf(json.stateful, keyId, 'Arn');
    const table = importOf(json.stateful, tableId, 'Arn');
    const gsi1 = JSON.stringify({ 'Fn::Join': ['', [JSON.parse(table), '/index/GSI1']] });
    const ccusObjects = JSON.stringify({
      'Fn::Join': ['', [{ 'Fn::ImportValue': INBOX_ARN_EXPORT }, '/ccus/*']],
    });
    const registryObjects = JSON.stringify({
      'Fn::Join': ['', [{ 'Fn::ImportValue': INBOX_ARN_EXPORT }, '/registry/*']],
    });
    const logGroupId = (fn.grants
      .find((g) => g.action === 'logs:PutLogEvents')!
      .resource.match(/"Fn::GetAtt":\["([^"]+)"/) ?? [])[1]!;
    const fnResource = json.stateless.Resources[fn.id]!;
    expect(JSON.stringify(fnResource.Properties?.LoggingConfig)).toContain(`{"Ref":"${logGroupId}"}`);

    for (const { action, resource } of fn.grants) {
      const service = action.split(':')[0];
      const allowedResources: string[] =
        {
          logs: [JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })],
          xray: ['"*"'],
          dynamodb: action === 'dynamodb:Query' ? [table, gsi1] : [table],
          kms: [key],
          s3: [name === 'import-registry' ? registryObjects : ccusObjects],
          sqs: [JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })],
          // The sender identity (address or its domain) and the configuration set of the context.
          ses: [
            'identity/notices@example.com',
            'identity/example.com',
            'configuration-set/kentaikyo-notices',
          ].map((r) =>
            JSON.stringify({
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ses:ap-northeast-1:',
                  { Ref: 'AWS::AccountId' },
                  `:${r}`,
                ],
              ],
            }),
          ),
          states:
            action === 'states:StartExecution'
              ? [JSON.stringify({ Ref: machineId })]
              : [
                  JSON.stringify({
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        { Ref: 'AWS::Partition' },
                        ':states:ap-northeast-1:',
                        { Ref: 'AWS::AccountId' },
                        `:stateMachine:${STATE_MACHINE_NAME}`,
                      ],
                    ],
                  }),
                ],
        }[service!] ?? [];
      expect(allowedResources, `${name}: ${action} on ${resource}`).toContain(resource);
    }
  });

  it('names no wildcard action, and "*" only for X-Ray', () => {
    const { json } = synthesized();
    for (const [name, fn] of functionsByName()) {
      for (const g of fn.grants) {
        expect(g.action, name).not.toContain('*');
        if (g.resource === '"*"') expect(g.action, name).toMatch(/^xray:/);
      }
    }
    // The state machine and the schedule too.
    const [, machine] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
    const machineRole = roleIdOf({ Properties: { Role: machine.Properties!.RoleArn! } });
    for (const g of grantsOfRole(json.stateless, machineRole)) expect(g.action).not.toContain('*');
  });

  it.each(['import-work-records', 'api'])(
    'gives %s the state machine ARN without referring to the state machine',
    (name) => {
      const { json } = synthesized();
      const [machineId] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
      const importFn = ofType(json.stateless, 'AWS::Lambda::Function').find(
        ([, f]) => f.Metadata?.[ENTRY_METADATA] === `functions/${name}/handler.ts`,
      )![1];
      const env =
        (importFn.Properties?.Environment as { Variables: Record<string, Json> } | undefined)?.Variables ??
        {};
      const arn = JSON.stringify(env.STATE_MACHINE_ARN);
      expect(arn).toContain(`:stateMachine:${STATE_MACHINE_NAME}`);
      expect(JSON.stringify(importFn)).not.toContain(machineId);
      expect((importFn as { DependsOn?: string[] }).DependsOn ?? []).not.toContain(machineId);
    },
  );
});

describe('table writes per function', () => {
  const roleOf = (name: string) => {
    const { json } = synthesized();
    const [, f] = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Metadata?.[ENTRY_METADATA] === `functions/${name}/handler.ts`,
    )!;
    return roleIdOf(f);
  };

  it('notify only reads, queues notices (puts of outbox items: dynamodb:LeadingKeys) and updates; no delete or batch', () => {
    const { json } = synthesized();
    const role = roleOf('notify');
    const actions = grantsOfRole(json.stateless, role).map((g) => g.action);
    for (const a of ['DeleteItem', 'BatchWriteItem', 'ConditionCheckItem', 'Scan'])
      expect(actions).not.toContain(`dynamodb:${a}`);
    const puts = statementsOf(json.stateless, role, 'dynamodb:PutItem');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] },
    });
  });

  it.each([
    'debit-points',
    'record-contributions',
    'monthly-sweep',
    'await-people',
    'plan-reminder',
    'start-cycle',
  ])('%s may never delete an item or batch-write', (name) => {
    const { json } = synthesized();
    const actions = grantsOfRole(json.stateless, roleOf(name)).map((g) => g.action);
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
  });
});

describe('key policy', () => {
  it('lets the events and CloudWatch service principals use the key only for this account’s rules and alarms', () => {
    const { json } = synthesized();
    const [, key] = only(json.stateful, 'AWS::KMS::Key');
    const statements = (key.Properties!.KeyPolicy as { Statement: Record<string, Json>[] }).Statement;
    const services = statements.filter((st) => (st.Principal as { Service?: Json }).Service !== undefined);
    expect(services.flatMap((st) => (st.Principal as { Service: Json }).Service).sort()).toEqual([
      'cloudwatch.amazonaws.com',
      'events.amazonaws.com',
    ]);
    for (const st of services) {
      const service = String((st.Principal as { Service: Json }).Service).split('.')[0]!;
      const c = st.Condition as Record<string, Record<string, Json>>;
      expect(c.StringEquals!['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      const arn = JSON.stringify(c.ArnLike!['aws:SourceArn']);
      expect(arn).toContain(`:${service}:`);
      expect(arn).toContain('{"Ref":"AWS::AccountId"}');
      expect(arn).toMatch(service === 'events' ? /:rule\/\*"/ : /:alarm:\*"/);
    }
  });
});

describe('Cognito app clients', () => {
  it('have no implicit flow and no placeholder callback: the page signs in with code + PKCE, the machine with client credentials', () => {
    const { json } = synthesized();
    const clients = ofType(json.stateless, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(2);
    for (const [id, c] of clients) {
      const p = c.Properties!;
      expect(JSON.stringify(p), id).not.toContain('implicit');
      expect(JSON.stringify(p), id).not.toContain('example.com');
      if (/WebClient/.test(id)) {
        // Back to the page only (its CloudFront URL), authorization code only.
        expect(p.AllowedOAuthFlows, id).toEqual(['code']);
        expect(JSON.stringify(p.CallbackURLs), id).toMatch(/WebPageDistribution.*DomainName/);
        expect(p.GenerateSecret ?? false, id).toBe(false);
      } else {
        // The payments notifier: its own secret, client credentials only, no redirect.
        expect(p.AllowedOAuthFlows, id).toEqual(['client_credentials']);
        expect(p.GenerateSecret, id).toBe(true);
        expect(p.CallbackURLs, id).toBeUndefined();
      }
    }
  });
});

describe('state machine and schedule permissions', () => {
  it('the state machine invokes exactly its seven Task functions, unqualified', () => {
    const { json } = synthesized();
    const [, machine] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
    const grants = grantsOfRole(
      json.stateless,
      roleIdOf({ Properties: { Role: machine.Properties!.RoleArn! } }),
    );
    const invoked = grants.filter((g) => g.action === 'lambda:InvokeFunction').map((g) => g.resource);
    const tasks = ofType(json.stateless, 'AWS::Lambda::Function')
      .filter(
        ([, f]) =>
          !/start-cycle|import-registry|monthly-sweep|dispatch-notices|functions\/api(-excel)?\//.test(
            String(f.Metadata?.[ENTRY_METADATA]),
          ),
      )
      .map(([id]) => JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(sorted(invoked)).toEqual(sorted(tasks));
    expect(tasks).toHaveLength(7);
    // Besides invoking: log delivery and traces, which take no resource-level permissions.
    const others = sorted(grants.filter((g) => g.action !== 'lambda:InvokeFunction').map((g) => g.action));
    for (const action of others) expect(action).toMatch(/^(logs:[A-Za-z]+|xray:[A-Za-z]+)$/);
  });

  it('the schedule may invoke monthly-sweep only and dead-letter to the queue', () => {
    const { json } = synthesized();
    const [, schedule] = ofType(json.stateless, 'AWS::Scheduler::Schedule').find(([, x]) =>
      String(x.Properties?.ScheduleExpression).startsWith('cron('),
    )!;
    const roleId = roleIdOf({
      Properties: { Role: (schedule.Properties!.Target as Record<string, Json>).RoleArn! },
    });
    const grants = grantsOfRole(json.stateless, roleId);
    expect(sorted(grants.map((g) => g.action))).toEqual(
      sorted(['lambda:InvokeFunction', 'sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt']),
    );
    const sweep = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/monthly-sweep/handler.ts',
    )![0];
    expect(grants.filter((g) => g.action === 'lambda:InvokeFunction').map((g) => g.resource)).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [sweep, 'Arn'] }),
    ]);
  });
});
