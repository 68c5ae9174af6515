// What can be redeployed freely: the functions, the monthly-cycle state machine, events and schedules.
import { readFileSync } from 'node:fs';
import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { gatewayScopesOf, PAYMENTS_SCOPE } from '../../functions/api/authz.js';
import { ROUTES } from '../../functions/api/routes.js';
import { PARKED_METRIC } from '../../functions/shared/notices/runtime.js';
import { PREFIX } from '../../functions/shared/storage/keys.js';
import { APP_TABLE } from '../constructs/app-table.js';
import { ApprovalApi } from '../constructs/approval-api.js';
import { CycleFunction, type CycleFunctionProps } from '../constructs/cycle-function.js';
import { OperationsDashboard } from '../constructs/operations-dashboard.js';
import type { Users } from '../constructs/users.js';
import { WebPage } from '../constructs/web-page.js';
import { staged } from '../stage.js';
import { inboxArnExport } from './stateful-stack.js';

/** Fixed, so that its ARN can be written down before the state machine exists (see cycleArn). */
export const STATE_MACHINE_NAME = 'kentaikyo-monthly-cycle';
/** The state machine's name in a stage (`kentaikyo-monthly-cycle-dev`); the plain name without one. */
export const stateMachineName = (stage: string) => staged(STATE_MACHINE_NAME, stage);

export interface StatelessStackProps extends StackProps {
  table: ITableV2;
  inbox: IBucket;
  /** The inbox ARN as an import of a fixed export name (StatefulStack.inboxArn). */
  inboxArn: string;
  key: IKey;
  /** The user pool, its resource server and the payments scope (stateful stack). */
  users: Pick<Users, 'userPool' | 'resourceServer' | 'paymentsScope'>;
  /** The stage (`-c stage=…`), '' for none: suffixes the physical names. */
  stage?: string;
}

export class StatelessStack extends Stack {
  readonly stateMachine: StateMachine;
  readonly functions: Record<string, CycleFunction>;
  readonly approvalApi: ApprovalApi;
  readonly webPage: WebPage;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, inbox, inboxArn, key } = props;
    const stage = props.stage ?? '';

    const deadLetters = new Queue(this, 'FailedEvents', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const operators = new Topic(this, 'OperatorAlerts', { masterKey: key, enforceSSL: true });

    // The state machine's ARN from its fixed name: the import function (a Task of that machine) may then
    // name it without a reference to the resource, which would be a dependency cycle.
    const cycleArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName(stage),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const env = { TABLE_NAME: table.tableName };
    const fn = (name: string, description: string, extra: Partial<CycleFunctionProps> = {}) =>
      new CycleFunction(this, pascal(name), { name, description, environment: env, ...extra });

    const importWorkRecords = fn(
      'import-work-records',
      'Read, validate and store a CCUS file (就業履歴取込)',
      {
        timeout: Duration.minutes(10),
        memorySize: 1024,
        environment: { ...env, INBOX_BUCKET: inbox.bucketName, STATE_MACHINE_ARN: cycleArn },
      },
    );
    const revalidateImport = fn('revalidate-import', 'Validate a stored import again after corrections', {
      environment: { ...env, INBOX_BUCKET: inbox.bucketName },
    });
    const planReminder = fn('plan-reminder', 'Plan the reminder or overdue notice of a wait (R-DEADLINE)');
    const awaitPeople = fn('await-people', 'Store a wait token and notify the people it waits for');
    const notify = fn('notify', 'Queue and send notices (outbox)');
    const debitPoints = fn('debit-points', "Debit the prime's points for an approved application (掛金充当)");
    const recordContributions = fn(
      'record-contributions',
      "Record members' days, 第15条 notices, exemptions",
    );
    const startCycle = fn('start-cycle', 'Start the month of a site when its CCUS file lands', {
      deadLetterQueue: deadLetters,
    });
    const monthlySweep = fn('monthly-sweep', 'Daily in Asia/Tokyo: files due but not received', {
      deadLetterQueue: deadLetters,
    });
    // The 建退共 registry file (docs/registry-file.md): large files take minutes; it resumes the months
    // waiting at 要修正 so they validate again (SendTaskSuccess, by the fixed-name ARN like the API).
    const importRegistry = fn(
      'import-registry',
      'Import the 建退共 registry file (共済契約者・被共済者・事業者)',
      {
        timeout: Duration.minutes(15),
        memorySize: 1024,
        deadLetterQueue: deadLetters,
        environment: { ...env, STATE_MACHINE_ARN: cycleArn },
      },
    );
    // The approval API: resumes waits by the machine's fixed-name ARN (no reference: no dependency cycle).
    const api = fn('api', 'Approval API: corrections, reports, 申請・承認, points', {
      // The upload URLs it signs name the inbox and its key (SSE-KMS with the data key).
      environment: {
        ...env,
        STATE_MACHINE_ARN: cycleArn,
        INBOX_BUCKET: inbox.bucketName,
        INBOX_KEY_ARN: key.keyArn,
      },
    });

    // The Excel routes (CCUS未登録技能者: the template, a filled sheet's rows): their own function, so that
    // exceljs and its zip stack load in no other API call. Same routing, authorizer and idempotency.
    const apiExcel = fn('api-excel', 'Approval API: the CCUS未登録技能者 Excel sheet (template, upload)', {
      environment: env,
    });

    // Each function gets what its handler uses, nothing more (test/infra/permissions.test.ts pins it).
    const access = new TableAccess(table, key);
    for (const f of [startCycle, planReminder]) access.grantRead(f);
    // Reading, queueing notices (outbox items only) and recording 実績なし on its import: notify.
    access.grantRead(notify);
    access.grantWrite(notify, ['dynamodb:PutItem'], [`${PREFIX.outbox}*`]);
    access.grantWrite(notify, ['dynamodb:UpdateItem']);
    // Stores the wait's token with its notices, checked against the month's current import: puts only.
    access.grantRead(awaitPeople);
    access.grantWrite(awaitPeople, ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem']);
    // The debit and the recording, and the daily reconciliation that completes a charge without its
    // record: transactions of puts, updates and condition checks; never a delete.
    for (const f of [debitPoints, recordContributions, monthlySweep]) {
      access.grantRead(f);
      access.grantWrite(f, ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']);
    }
    // Imports (batch writes of lines, superseded waits deleted) and the API (every entity people change).
    for (const f of [importWorkRecords, revalidateImport, api, apiExcel]) access.grantReadWrite(f);
    const ccusPrefix = 'ccus/';
    for (const f of [importWorkRecords, revalidateImport]) {
      // Versions too: an execution reads the very version that started it, not a later upload.
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${inboxArn}/${ccusPrefix}*`],
        }),
      );
      Validations.of(f.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${inboxArnExport(stage)}/${ccusPrefix}*]`,
        reason: 'CCUS files arrive under ccus/<現場ID>/<YYYYMM>/ with names not known in advance.',
      });
    }
    // The registry import: records, refunds (ledger transactions), import history, resumed waits; a
    // full export reads every registry record (Scan), the file only under registry/.
    access.grantReadWrite(importRegistry);
    access.grantScan(importRegistry);
    const registryPrefix = 'registry/';
    importRegistry.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${inboxArn}/${registryPrefix}*`],
      }),
    );
    Validations.of(importRegistry.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${inboxArnExport(stage)}/${registryPrefix}*]`,
      reason: 'Registry files arrive under registry/ with names not known in advance.',
    });
    importRegistry.addToRolePolicy(
      new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [cycleArn] }),
    );
    // A replacement file ends the waiting execution of the file it supersedes (import: the file being
    // read is newer; start: the new upload). Only failure: neither may complete someone else's wait.
    for (const f of [importWorkRecords, startCycle])
      f.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskFailure'], resources: [cycleArn] }));
    // People's decisions complete the wait they answer; the API never fails or starts an execution.
    api.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [cycleArn] }));
    // 手動連携: the API presigns a PUT under ccus/ (the upload runs with this role's rights, hence the put;
    // the key's encrypt actions come with the table grant). No read, no delete, no other prefix.
    api.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${inboxArn}/${ccusPrefix}*`] }),
    );
    Validations.of(api.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${inboxArnExport(stage)}/${ccusPrefix}*]`,
      reason: 'An upload URL names ccus/<現場ID>/<YYYYMM>/<name>: the site and month come with each request.',
    });
    // The web page (S3 + CloudFront), made first: its URL is the Cognito callback of the page's client.
    const page = new WebPage(this, 'WebPage');
    this.approvalApi = new ApprovalApi(this, 'ApprovalApi', {
      handler: api,
      // The payments route asks API Gateway for the notifier's scope: a person's ID token never reaches it.
      routes: ROUTES.map((r) => ({
        method: r.method,
        path: r.path,
        scopes: gatewayScopesOf(r.action),
        ...(r.fn === 'excel' ? { handler: apiExcel } : {}),
      })),
      users: props.users,
      apiName: staged('kentaikyo-approval', stage),
      page: { url: page.url },
      webCallbackUrls: callbackUrlsOf(this.node.tryGetContext('webCallbackUrls')),
    });
    page.addApi(this.approvalApi.api);
    this.webPage = page;
    new CfnOutput(this, 'PageUrl', { value: page.url, description: '建退共 電子申請: the web page' });
    new CfnOutput(this, 'ApiUrl', {
      value: this.approvalApi.url,
      description: 'The approval API (also under /v1 of PageUrl)',
    });
    new CfnOutput(this, 'WebClientId', {
      value: this.approvalApi.userClient.userPoolClientId,
      description: 'People: authorization code + PKCE; send the ID token',
    });
    new CfnOutput(this, 'PaymentsClientId', {
      value: this.approvalApi.notifierClient.userPoolClientId,
      description: `The payments notifier: client credentials, scope ${PAYMENTS_SCOPE}; send the access token`,
    });

    const cycleLogs = new LogGroup(this, 'MonthlyCycleLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const tasks = [
      importWorkRecords,
      revalidateImport,
      planReminder,
      awaitPeople,
      notify,
      debitPoints,
      recordContributions,
    ];
    const machineRole = new Role(this, 'MonthlyCycleRole', {
      assumedBy: new ServicePrincipal('states.amazonaws.com'),
      description:
        'Monthly cycle: invoke its Task functions (unqualified ARNs only), deliver logs and traces',
    });
    // Not grantInvoke: that also allows every version and alias (<arn>:*); the definition names plain ARNs.
    machineRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: tasks.map((f) => f.functionArn) }),
    );
    this.stateMachine = new StateMachine(this, 'MonthlyCycle', {
      stateMachineName: stateMachineName(stage),
      stateMachineType: StateMachineType.STANDARD,
      role: machineRole,
      // Inline (not an S3 asset) so the local runtime reads the very definition from the template.
      definitionBody: DefinitionBody.fromString(readFileSync('statemachines/monthly-cycle.asl.json', 'utf8')),
      definitionSubstitutions: {
        ImportWorkRecordsFunctionArn: importWorkRecords.functionArn,
        RevalidateImportFunctionArn: revalidateImport.functionArn,
        PlanReminderFunctionArn: planReminder.functionArn,
        AwaitPeopleFunctionArn: awaitPeople.functionArn,
        NotifyFunctionArn: notify.functionArn,
        DebitPointsFunctionArn: debitPoints.functionArn,
        RecordContributionsFunctionArn: recordContributions.functionArn,
      },
      // Execution data carries names and 被共済者番号: log events, never their data.
      logs: { destination: cycleLogs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    Validations.of(machineRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by StateMachine for logs and tracing: CloudWatch Logs vended-log delivery (logs:*LogDelivery*, ' +
        'PutResourcePolicy, Describe*) and X-Ray writes support no resource-level permissions.',
    });

    startCycle.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(startCycle);

    new Rule(this, 'CcusFileLanded', {
      description: 'A CCUS file landed in the inbox (ccus/<現場ID>/<YYYYMM>/…)',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [inbox.bucketName] }, object: { key: [{ prefix: 'ccus/' }] } },
      },
      targets: [
        new LambdaFunction(startCycle, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    new Rule(this, 'RegistryFileLanded', {
      description: 'A 建退共 registry file landed in the inbox (registry/…)',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [inbox.bucketName] }, object: { key: [{ prefix: registryPrefix }] } },
      },
      targets: [
        new LambdaFunction(importRegistry, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const schedulerRole = new Role(this, 'DailySweepRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Daily sweep schedule: invoke monthly-sweep, dead-letter to the encrypted queue',
    });
    // The target adds sqs:SendMessage for its dead-letter queue, but not the key the queue is encrypted with.
    schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
    new Schedule(this, 'DailySweep', {
      description:
        'Every day 09:00 Asia/Tokyo: on the business day after the 10th, files due but not received',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.ASIA_TOKYO }),
      target: new InvokeUnqualified(monthlySweep, {
        role: schedulerRole,
        deadLetterQueue: deadLetters,
        retryAttempts: 3,
      }),
    });

    const alarm = (id: string, metric: ReturnType<StateMachine['metricFailed']>, what: string) =>
      new Alarm(this, id, {
        alarmDescription: what,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(operators));
    alarm('CycleFailed', this.stateMachine.metricFailed(), 'A monthly cycle execution failed');
    alarm('CycleTimedOut', this.stateMachine.metricTimedOut(), 'A monthly cycle execution timed out');
    alarm('CycleAborted', this.stateMachine.metricAborted(), 'A monthly cycle execution was aborted');
    alarm(
      'EventsDeadLettered',
      deadLetters.metricApproximateNumberOfMessagesVisible(),
      'An S3 event or a schedule could not start its function',
    );

    const dispatchNotices = this.noticeDispatch(table, key, operators, alarm);
    new CfnOutput(this, 'AlarmTopic', {
      value: operators.topicArn,
      description: 'Operator alarms (failed cycles, dead letters, parked notices)',
    });

    this.functions = {
      dispatchNotices,
      importRegistry,
      importWorkRecords,
      revalidateImport,
      planReminder,
      awaitPeople,
      notify,
      debitPoints,
      recordContributions,
      startCycle,
      monthlySweep,
      api,
      apiExcel,
    };
    new OperationsDashboard(this, 'Operations', {
      functions: this.functions,
      stateMachine: this.stateMachine,
      table,
    });
  }

  /**
   * The notice dispatcher (docs/notices.md): every minute, deliver the outbox by SES. It may read the table,
   * claim and mark outbox items and write delivery records (no delete, no batch write), and send from the
   * sender identity through the configuration set only. Parked notices and its own failures alarm the
   * operators, whose topic mails them (SNS e-mail: it works when SES does not).
   */
  private noticeDispatch(
    table: ITableV2,
    key: IKey,
    operators: Topic,
    alarm: (id: string, metric: Metric, what: string) => void,
  ): CycleFunction {
    const settings = noticeSettings(this);
    const fn = new CycleFunction(this, 'DispatchNotices', {
      name: 'dispatch-notices',
      description: 'Deliver the outbox notices by e-mail (SES), once each; park what cannot be delivered',
      timeout: Duration.seconds(50),
      environment: {
        TABLE_NAME: table.tableName,
        SENDER_EMAIL: settings.senderEmail,
        SES_CONFIGURATION_SET: settings.sesConfigurationSet,
        APPROVAL_URL: settings.approvalUrl,
        OPERATORS_EMAIL: settings.operatorsEmail,
      },
    });
    const grant = (actions: string[], resources: string[]) =>
      fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    grant(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], [table.tableArn]);
    grant(['dynamodb:Query'], [`${table.tableArn}/index/GSI1`]);
    grant(['dynamodb:PutItem', 'dynamodb:UpdateItem'], [table.tableArn]);
    grant(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    const identity = settings.senderEmail.split('@')[1] ?? settings.senderEmail;
    const sesArn = (resource: string, name: string) =>
      Stack.of(this).formatArn({ service: 'ses', resource, resourceName: name });
    grant(
      ['ses:SendEmail'],
      [
        sesArn('identity', settings.senderEmail),
        sesArn('identity', identity),
        ...(settings.sesConfigurationSet ? [sesArn('configuration-set', settings.sesConfigurationSet)] : []),
      ],
    );

    const role = new Role(this, 'NoticeDispatchScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Notice dispatch schedule: invoke dispatch-notices',
    });
    new Schedule(this, 'NoticeDispatch', {
      description: 'Every minute: deliver the outbox notices (a missed run is caught up by the next)',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new InvokeUnqualified(fn, { role, retryAttempts: 0 }),
    });

    operators.addSubscription(new EmailSubscription(settings.operatorsEmail));
    alarm(
      'NoticesParked',
      new Metric({
        namespace: PARKED_METRIC.namespace,
        metricName: PARKED_METRIC.name,
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      'A notice could not be delivered and was parked (see the dispatch-notices log for its message id)',
    );
    alarm(
      'NoticeDispatchFailed',
      fn.metricErrors({ period: Duration.minutes(5) }),
      'The notice dispatcher failed',
    );
    return fn;
  }
}

/** Notice settings from the CDK context (`-c senderEmail=… -c operatorsEmail=…`), with offline defaults. */
export interface NoticeSettings {
  /** The verified SES identity mails are sent from. */
  senderEmail: string;
  /** The SES configuration set (event publishing); empty for none. */
  sesConfigurationSet: string;
  /** The approval page's base URL (mails link to its months). */
  approvalUrl: string;
  /** The operators' address: an e-mail subscription of the alarm topic, and their notices. */
  operatorsEmail: string;
}

export function noticeSettings(scope: Construct): NoticeSettings {
  const get = (k: string, fallback: string) => String(scope.node.tryGetContext(k) ?? fallback);
  return {
    senderEmail: get('senderEmail', 'notices@example.com'),
    sesConfigurationSet: get('sesConfigurationSet', 'kentaikyo-notices'),
    approvalUrl: get('approvalUrl', 'https://approval.example.com/'),
    operatorsEmail: get('operatorsEmail', 'operators@example.com'),
  };
}

/** `-c webCallbackUrls=https://a,https://b` (or a list in cdk.json): the web client's OAuth callbacks. */
function callbackUrlsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list.map((u) => String(u).trim()).filter((u) => u !== '');
}

function pascal(kebab: string): string {
  return kebab.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

/** Data actions of the one table, split the way the functions need them. */
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
// ConditionCheckItem: a TransactWriteItems condition (the debit's "balance covers the amount").
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
/** What DynamoDB asks of the caller's identity for a table under a customer-managed key. */
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Table grants without the wildcards of table.grantReadData / grantReadWriteData (index/*, Scan, streams,
 * kms:ReEncrypt*, kms:GenerateDataKey*): the table, its named indexes, and the key's exact actions.
 */
class TableAccess {
  constructor(
    private readonly table: ITableV2,
    private readonly key: IKey,
  ) {}

  grantRead(grantee: IGrantable) {
    const indexes = APP_TABLE.globalSecondaryIndexes.map(
      (g) => `${this.table.tableArn}/index/${g.indexName}`,
    );
    this.add(grantee, TABLE_READ, [this.table.tableArn]);
    if (indexes.length > 0) this.add(grantee, ['dynamodb:Query'], indexes);
    this.add(grantee, KEY_READ, [this.key.keyArn]);
  }

  /** Scan of the whole table (base table only), for the rare reader of every item of some kind. */
  grantScan(grantee: IGrantable) {
    this.add(grantee, ['dynamodb:Scan'], [this.table.tableArn]);
  }

  grantReadWrite(grantee: IGrantable) {
    this.grantRead(grantee);
    this.grantWrite(grantee, TABLE_WRITE);
  }

  /** Some write actions; with `leadingKeys`, only on items whose partition key matches one of them. */
  grantWrite(grantee: IGrantable, actions: string[], leadingKeys?: string[]) {
    this.add(
      grantee,
      actions,
      [this.table.tableArn],
      leadingKeys && { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
    );
    this.add(grantee, KEY_WRITE, [this.key.keyArn]);
  }

  private add(
    grantee: IGrantable,
    actions: string[],
    resources: string[],
    conditions?: Record<string, Record<string, unknown>>,
  ) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
    );
  }
}

/** The schedule invokes the function's plain ARN; LambdaInvoke's grantInvoke would add every version (<arn>:*). */
class InvokeUnqualified extends LambdaInvoke {
  private readonly target: IFunction;

  constructor(target: IFunction, props: ScheduleTargetBaseProps) {
    super(target, props);
    this.target = target;
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }),
    );
  }
}
