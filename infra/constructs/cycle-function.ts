// One NodejsFunction with the project's defaults, so every Lambda is built, observed and permitted the same way.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SERVICE_NAME } from '../../functions/shared/observability.js';
import { BUNDLE_BANNER, BUNDLE_CHARSET, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET } from './bundling.js';

/** Template metadata key naming the handler source; the local runtime binds Tasks to it. */
export const ENTRY_METADATA = 'kentaikyo:entry';

/** The Lambda runtime of every function: the newest Node the CDK offers (cdk-nag AwsSolutions-L1). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

export interface CycleFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  name: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** For asynchronously invoked functions (events, schedules): where failed events go. */
  deadLetterQueue?: IQueue;
}

export class CycleFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CycleFunctionProps) {
    const entry = `functions/${props.name}/handler.ts`;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Our own role: no AWSLambdaBasicExecutionRole (it allows writing to every log group, AwsSolutions-IAM4).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.name}: only what its handler uses`,
    });
    logGroup.grantWrite(role);
    role.addManagedPolicy(tracingPolicy(scope));
    super(scope, id, {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        // The metrics' `deployment` dimension: two stages in one account stay apart on the dashboard.
        DEPLOYMENT: Stack.of(scope).stackName,
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: BUNDLE_BANNER,
        // The CDK's enum holds esbuild's own values ('ascii' | 'utf8').
        charset: BUNDLE_CHARSET as Charset,
      },
    });
    const cfn = this.node.defaultChild as CfnFunction;
    cfn.addMetadata(ENTRY_METADATA, entry);
    // Set here rather than through `tracing` / `deadLetterQueue`: those props add their statements to the
    // role's own policy (X-Ray on "*", SQS without the KMS actions an encrypted queue needs).
    cfn.tracingConfig = { mode: 'Active' };
    const dlq = props.deadLetterQueue;
    if (dlq) {
      cfn.deadLetterConfig = { targetArn: dlq.queueArn };
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }),
      );
      if (dlq.encryptionMasterKey)
        role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [dlq.encryptionMasterKey.keyArn],
          }),
        );
    }
  }
}

/** X-Ray writes, shared by every function of a stack: the one statement that must name "*". */
function tracingPolicy(scope: Construct): ManagedPolicy {
  const stack = Stack.of(scope);
  const id = 'FunctionTracing';
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as ManagedPolicy;
  const policy = new ManagedPolicy(stack, id, {
    description: 'Lambda active tracing: send segments to X-Ray',
    statements: [
      new PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
  });
  return policy;
}
