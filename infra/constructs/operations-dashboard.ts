// The operators' CloudWatch dashboard: the business figures the functions count (files, flags, charges,
// points, overdue waits, notices), then the health of what carries them — each function's errors and
// duration, the monthly cycle's executions, DynamoDB throttles and SES bounces.
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  PeriodOverride,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, type BusinessMetric } from '../../domain/ports/registry.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/observability.js';

export interface OperationsDashboardProps {
  functions: Record<string, IFunction>;
  stateMachine: StateMachine;
  table: ITableV2;
}

const LABELS: Record<BusinessMetric, string> = {
  FilesReceived: 'ファイル受信',
  FilesRefused: '取込不可',
  FlagsRaised: '要修正の指摘',
  MonthsCharged: '充当済の月',
  PointsDebited: '充当したポイント',
  WaitsOverdue: '期限超過の督促',
  NoticesSent: '通知メール送信',
  NoticesFailed: '通知メール失敗',
};

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const period = Duration.hours(1);
    const business = (name: BusinessMetric) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        // The dimensions Powertools writes: its service, and the stack (DEPLOYMENT) so stages stay apart.
        dimensionsMap: { service: SERVICE_NAME, deployment: stack.stackName },
        statistic: 'Sum',
        period,
        label: LABELS[name],
      });
    const fns = Object.entries(props.functions).sort(([a], [b]) => a.localeCompare(b));
    const perFunction = (m: (f: IFunction) => Metric, label: string) =>
      fns.map(([name, f]) => m(f).with({ label: `${name} ${label}`, period: Duration.minutes(5) }));
    const throttles = (metricName: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const ses = (metricName: string, statistic: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic, period: Duration.hours(1) });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      periodOverride: PeriodOverride.AUTO,
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## 建退共 × CCUS: the month in figures\nBusiness counts from the functions (docs/observability.md).',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'This period',
        metrics: BUSINESS_METRICS.filter((m) => m !== 'PointsDebited').map(business),
        width: 24,
        height: 4,
        setPeriodToTimeRange: true,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Files: received, refused, flags (要修正)',
        left: [business('FilesReceived'), business('FilesRefused'), business('FlagsRaised')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Charges: months and points (掛金充当)',
        left: [business('MonthsCharged')],
        right: [business('PointsDebited')],
        width: 8,
      }),
      new GraphWidget({
        title: 'People: overdue waits, notices sent and failed',
        left: [business('WaitsOverdue'), business('NoticesSent'), business('NoticesFailed')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda errors',
        left: perFunction((f) => f.metricErrors(), 'errors'),
        width: 12,
      }),
      new GraphWidget({
        title: 'Lambda duration (p95)',
        left: perFunction((f) => f.metricDuration({ statistic: 'p95' }), 'p95'),
        width: 12,
      }),
    );
    const sm = props.stateMachine;
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Monthly cycle executions',
        left: [
          sm.metricStarted({ label: 'started' }),
          sm.metricSucceeded({ label: 'succeeded' }),
          sm.metricFailed({ label: 'failed' }),
          sm.metricTimedOut({ label: 'timed out' }),
          sm.metricAborted({ label: 'aborted' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB throttles',
        left: [
          throttles('ReadThrottleEvents').with({ label: 'read throttles' }),
          throttles('WriteThrottleEvents').with({ label: 'write throttles' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'SES bounces and complaints (account)',
        left: [
          ses('Bounce', 'Sum').with({ label: 'bounces' }),
          ses('Complaint', 'Sum').with({ label: 'complaints' }),
        ],
        right: [
          new MathExpression({
            expression: 'rate * 100',
            usingMetrics: { rate: ses('Reputation.BounceRate', 'Maximum') },
            label: 'bounce rate %',
            period: Duration.hours(1),
          }),
        ],
        width: 8,
      }),
    );
  }
}
