// Writes statemachines/monthly-cycle.asl.json. The definition is data, but its five "wait for people"
// loops share one shape (plan the reminder → wait for the callback → on timeout plan again), so it is
// generated from this file to keep the loops identical; the JSON is committed and reviewed as is.
import { writeFileSync } from 'node:fs';

/** A DefinitionSubstitutions placeholder, filled by the CDK stack (`${Name}` in the ASL). */
const sub = (name: string) => `\${${name}}`;

// Retried: the Lambda service's own failures, a function that ran out of time or memory (reported as
// Sandbox.Timedout, or Lambda.Unknown by older runtimes), and what the handlers call TransientError (SDK
// time-outs, throttles, conflicts). Every task is idempotent, so a retry after a write that landed is safe.
const TRANSIENT = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  'TransientError',
];
const retry = [
  { ErrorEquals: TRANSIENT, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
];
/** Plain tasks have no TimeoutSeconds of their own: a States.Timeout there is the task's, never a wait's. */
const taskRetry = [{ ...retry[0], ErrorEquals: [...TRANSIENT, 'States.Timeout'] }];
/**
 * Once points moved, the members' days must follow: RecordContributions is idempotent, so it is retried
 * on anything, for about a day, before the failure path (and the daily reconciliation) take over.
 */
const untilRecorded = [
  { ...taskRetry[0], MaxAttempts: 10, MaxDelaySeconds: 300 },
  {
    ErrorEquals: ['States.ALL'],
    IntervalSeconds: 60,
    MaxAttempts: 30,
    BackoffRate: 2,
    MaxDelaySeconds: 3600,
  },
];
const toFailure = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordFailure' };
/** A newer file of the month took over: the run ends quietly, without notices. */
const toSuperseded = { ErrorEquals: ['Superseded'], ResultPath: '$.superseded', Next: 'Superseded' };
const ids = {
  'siteId.$': '$.siteId',
  'workMonth.$': '$.workMonth',
  'importId.$': '$.importId',
};

function invoke(
  fn: string,
  payload: Record<string, unknown>,
  resultPath: string | null,
  next: string,
  comment: string,
  resultSelector: Record<string, string> = { 'value.$': '$.Payload' },
  retries: readonly object[] = taskRetry,
) {
  return {
    Type: 'Task',
    Comment: comment,
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: sub(fn), Payload: payload },
    ResultSelector: resultSelector,
    ResultPath: resultPath,
    OutputPath: '$',
    Retry: retries,
    Catch: [toSuperseded, toFailure],
    Next: next,
  };
}

/**
 * One wait for people: a reminder plan driven by R-DEADLINE, then a callback with a timeout.
 * The plan is kept at `$.Payload` on purpose: AWS reads TimeoutSecondsPath from the state input, the
 * local runner from the effective input (after Parameters), and `$.Payload.timeoutSeconds` is the
 * same value in both.
 */
function waitFor(kind: string, label: string, resultPath: string, next: string) {
  const plan = `Plan${kind}Reminder`;
  const wait = `Await${kind}`;
  return {
    [plan]: invoke(
      'PlanReminderFunctionArn',
      { waitKind: kind, ...ids },
      '$.Payload',
      wait,
      `When to remind or call overdue while waiting for ${label} (R-DEADLINE).`,
      {
        'notice.$': '$.Payload.notice',
        'timeoutSeconds.$': '$.Payload.timeoutSeconds',
        'dueOn.$': '$.Payload.dueOn',
      },
    ),
    [wait]: {
      Type: 'Task',
      Comment: `Wait for ${label}. The token is stored with what it waits for and never shown to users; the notice of this stage (first, reminder, overdue) is sent on entry.`,
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: sub('AwaitPeopleFunctionArn'),
        Payload: {
          waitKind: kind,
          'taskToken.$': '$$.Task.Token',
          'notice.$': '$.Payload.notice',
          'timeoutSeconds.$': '$.Payload.timeoutSeconds',
          'dueOn.$': '$.Payload.dueOn',
          ...ids,
        },
      },
      TimeoutSecondsPath: '$.Payload.timeoutSeconds',
      ResultPath: resultPath,
      Retry: retry,
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: plan },
        toSuperseded,
        toFailure,
      ],
      Next: next,
    },
  };
}

/**
 * R-ZERO-MONTH: a month whose import carries no worked day (the header alone, rows without a 就業日, or
 * every line excluded) closes as 実績なし — recorded on the import and told to the prime; no 申請, no
 * debit, no wait for people.
 */
function zeroDayMonth(otherwise: string) {
  return {
    IsZeroDayMonth: {
      Type: 'Choice',
      Comment: 'No worked day in the month: nothing to correct, report, apply or charge (実績なし).',
      // After the charge a file without days is a 誤納 return of everything charged (R-LATE-DAYS), not 実績なし.
      Choices: [
        {
          And: [
            { Variable: '$.import.value.days', NumericEquals: 0 },
            { Not: { Variable: '$.import.value.phase', StringEquals: 'after-charge' } },
          ],
          Next: 'NotifyNoWork',
        },
      ],
      Default: otherwise,
    },
    NotifyNoWork: invoke(
      'NotifyFunctionArn',
      { notice: 'no-work', ...ids },
      null,
      'NoWorkRecorded',
      'Record 実績なし on the import and tell the prime (R-ZERO-MONTH).',
    ),
    NoWorkRecorded: { Type: 'Succeed', Comment: '実績なし: no worked day; nothing applied or debited.' },
  };
}

export function buildDefinition() {
  return {
    Comment:
      'The monthly cycle of one site (現場) × work month: CCUS file → validation → corrections (要修正) → ' +
      '一次 reports (一次一括) → 申請 → 承認 / 差戻し → 掛金充当 debit → contributions recorded. JSONPath only.',
    StartAt: 'ImportWorkRecords',
    TimeoutSeconds: 15_552_000,
    States: {
      ImportWorkRecords: invoke(
        'ImportWorkRecordsFunctionArn',
        { 'bucket.$': '$.bucket', 'key.$': '$.key', 'versionId.$': '$.versionId', ...ids },
        '$.import',
        'IsFileRefused',
        'Read the CCUS file from the inbox, validate it against the registry and store the import (就業履歴情報等の取込).',
      ),
      IsFileRefused: {
        Type: 'Choice',
        Comment: 'A refused file is recorded and notified; a file older than the current one ends quietly.',
        Choices: [
          { Variable: '$.import.value.status', StringEquals: 'refused', Next: 'NotifyRefusal' },
          { Variable: '$.import.value.status', StringEquals: 'stale', Next: 'Superseded' },
          // R-LATE-DAYS: a file after the charge that changes nothing stands charged as it is.
          { Variable: '$.import.value.monthState', StringEquals: '充当済', Next: 'NoDifference' },
        ],
        Default: 'IsZeroDayMonth',
      },
      ...zeroDayMonth('NeedsCorrection'),
      NotifyRefusal: invoke(
        'NotifyFunctionArn',
        { notice: 'file-refused', ...ids },
        null,
        'FileRefused',
        'Tell the prime why the file was refused (取込結果).',
      ),
      FileRefused: { Type: 'Succeed', Comment: 'Recorded and notified; nothing charged.' },
      NeedsCorrection: {
        Type: 'Choice',
        Comment: '予約可能 goes on; 要修正 waits for the four correction types of the manual.',
        Choices: [
          {
            Variable: '$.import.value.importStatus',
            StringEquals: '要修正',
            Next: 'PlanCorrectionsReminder',
          },
        ],
        Default: 'IsAfterCharge',
      },
      // R-LATE-DAYS: after the charge the prime applies for the difference (追加申請) directly.
      IsAfterCharge: {
        Type: 'Choice',
        Comment:
          'A file after the charge: its added days are a 追加申請 and its removed days a 誤納 return (R-LATE-DAYS, R-MISPAID); no 一次 reports.',
        Choices: [
          { Variable: '$.import.value.phase', StringEquals: 'after-charge', Next: 'PlanApplicationReminder' },
        ],
        Default: 'IsFirstTierBatch',
      },
      NoDifference: {
        Type: 'Succeed',
        Comment:
          'A file after the charge with the same days as charged: recorded, the prime told, no application.',
      },
      ...waitFor('Corrections', 'the corrections (要修正)', '$.corrected', 'RevalidateImport'),
      RevalidateImport: invoke(
        'RevalidateImportFunctionArn',
        ids,
        '$.import',
        'IsZeroDayMonth',
        'Validate the stored import again with the corrections registered (事後登録, 強制取込, 一次選択).',
      ),
      IsFirstTierBatch: {
        Type: 'Choice',
        Comment: '一次下請一括作業方式: each 一次 confirms its chain and reports to the prime.',
        Choices: [
          {
            Variable: '$.import.value.outputMethod',
            StringEquals: '一次一括',
            Next: 'PlanFirstTierReportsReminder',
          },
        ],
        Default: 'PlanApplicationReminder',
      },
      ...waitFor(
        'FirstTierReports',
        'every 一次 to report (報告する)',
        '$.reported',
        'PlanApplicationReminder',
      ),
      ...waitFor('Application', "the prime's 申請 (掛金充当申請)", '$.applied', 'PlanApprovalReminder'),
      ...waitFor('Approval', '承認 or 差戻し', '$.approval', 'ApprovalDecision'),
      ApprovalDecision: {
        Type: 'Choice',
        Choices: [{ Variable: '$.approval.decision', StringEquals: '差戻し', Next: 'NotifyRejection' }],
        Default: 'DebitPoints',
      },
      NotifyRejection: invoke(
        'NotifyFunctionArn',
        { notice: 'rejected', ...ids },
        null,
        'PlanApplicationReminder',
        '差戻し: back to confirmation; the prime applies again.',
      ),
      DebitPoints: invoke(
        'DebitPointsFunctionArn',
        ids,
        '$.debit',
        'IsBalanceShort',
        "Debit the prime's 退職金ポイント for the approved application: one transaction, keyed by the application.",
      ),
      IsBalanceShort: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.debit.value.status', StringEquals: 'insufficient', Next: 'PlanPurchaseReminder' },
          // R-REPLACE: a newer file withdrew the application before its debit.
          { Variable: '$.debit.value.status', StringEquals: 'superseded', Next: 'Superseded' },
        ],
        Default: 'RecordContributions',
      },
      ...waitFor('Purchase', 'a purchase of points (Pay-easy / 口座振替)', '$.purchased', 'DebitPoints'),
      RecordContributions: invoke(
        'RecordContributionsFunctionArn',
        ids,
        '$.contributions',
        'NotifyCharged',
        'Add the days to each member (第14条), raise the 第15条 notices, note exemption eligibility.',
        undefined,
        untilRecorded,
      ),
      NotifyCharged: invoke(
        'NotifyFunctionArn',
        { notice: 'charged', ...ids },
        null,
        'Charged',
        'Tell the prime and the 一次 that the month is paid (第11条4).',
      ),
      Charged: { Type: 'Succeed', Comment: 'Points debited exactly once; contributions recorded.' },
      Superseded: { Type: 'Succeed', Comment: 'A replacement file took over this month before any charge.' },
      RecordFailure: {
        Type: 'Task',
        Comment: 'Anything that is not transient: record it on the import and notify the operators.',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: sub('NotifyFunctionArn'),
          Payload: { notice: 'cycle-failed', 'failure.$': '$.failure', ...ids },
        },
        ResultPath: null,
        Retry: retry,
        Next: 'CycleFailed',
      },
      CycleFailed: {
        Type: 'Fail',
        Error: 'CycleFailed',
        Cause: 'See the import record and the operators notice.',
      },
    },
  };
}

export const ASL_PATH = new URL('../../statemachines/monthly-cycle.asl.json', import.meta.url);

export function renderDefinition(): string {
  return `${JSON.stringify(buildDefinition(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/scripts\//, '/scripts/'))) {
  writeFileSync(ASL_PATH, renderDefinition());
  console.error(`wrote ${ASL_PATH.pathname}`);
}
