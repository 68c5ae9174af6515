// What must survive deployments: the table, the inbox bucket (and its access logs), the key, the user pool.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ArnPrincipal, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { createAppTable } from '../constructs/app-table.js';
import { Users } from '../constructs/users.js';
import { staged } from '../stage.js';

/** The inbox ARN's export name, stage-suffixed (`KentaikyoInboxArn-dev`) when there is a stage. */
export const INBOX_ARN_EXPORT = 'KentaikyoInboxArn';
export const inboxArnExport = (stage: string) => staged(INBOX_ARN_EXPORT, stage);

/** Where CCUS files land; the only prefix the external writer may put into. */
export const CCUS_PREFIX = 'ccus/';

export interface StatefulStackProps extends StackProps {
  /** The stage (`-c stage=…`), '' for none: suffixes the physical names. */
  stage?: string;
  /**
   * The CCUS side's writer (`-c ccusWriterArn=arn:aws:iam::<account>:role/<name>`): may put objects under
   * ccus/ of the inbox, encrypted with the key, and nothing else. None: only the stack's own roles write.
   */
  ccusWriterArn?: string;
  /** The hosted sign-in domain's prefix (`-c hostedUiDomainPrefix=…`); default kentaikyo[-stage]-<account>. */
  domainPrefix?: string;
}

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: ITableV2;
  readonly inbox: Bucket;
  /** The inbox ARN for other stacks: an import of INBOX_ARN_EXPORT. */
  readonly inboxArn: string;
  readonly users: Users;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? '';

    this.key = new Key(this, 'DataKey', {
      description: '建退共 cycle data: table, inbox, queues, topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Services that write to the encrypted queue and topic with their own identity (not a role of ours):
    // EventBridge delivering a failed event to the dead-letter queue, CloudWatch alarms publishing to the
    // topic. Only on behalf of this account's rules and alarms in this region (confused deputy).
    const onBehalfOf = (service: string, resource: string) =>
      new PolicyStatement({
        principals: [new ServicePrincipal(`${service}.amazonaws.com`)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': `arn:${this.partition}:${service}:${this.region}:${this.account}:${resource}`,
          },
        },
      });
    this.key.addToResourcePolicy(onBehalfOf('events', 'rule/*'));
    this.key.addToResourcePolicy(onBehalfOf('cloudwatch', 'alarm:*'));

    const accessLogs = new Bucket(this, 'InboxAccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Server access logs cannot be delivered to a KMS-encrypted bucket; SSE-S3 is the supported option.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(800) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No AwsSolutions-S1 acknowledgement needed: cdk-nag recognizes a bucket that receives access logs.

    this.inbox = new Bucket(this, 'Inbox', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'inbox/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // EventBridge notifications as a plain template property: `eventBridgeEnabled` would deploy a custom
    // resource Lambda (with AWSLambdaBasicExecutionRole) only to set this one flag.
    (this.inbox.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    // A stable export name, so that the cdk-nag acknowledgement of the ccus/* object grant can name it.
    this.inboxArn = this.exportValue(this.inbox.bucketArn, { name: inboxArnExport(stage) });
    if (props.ccusWriterArn) this.grantCcusWriter(props.ccusWriterArn);

    this.table = createAppTable(this, 'Table', { encryptionKey: this.key });

    this.users = new Users(this, 'Users', {
      userPoolName: staged('kentaikyo-users', stage),
      domainPrefix: props.domainPrefix ?? `${staged('kentaikyo', stage)}-${this.account}`,
    });

    new CfnOutput(this, 'InboxBucket', {
      value: this.inbox.bucketName,
      description: 'CCUS files: ccus/<現場ID>/<YYYYMM>/<name>.csv (SSE-KMS with the data key)',
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The table (`users create --table`)',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.users.userPool.userPoolId,
      description: 'Cognito user pool',
    });
    new CfnOutput(this, 'CognitoDomain', {
      value: this.users.domainName,
      description: 'Hosted sign-in and the token endpoint: https://<domain>/oauth2/token',
    });
  }

  /**
   * The CCUS side puts files under ccus/ only (no read, no delete, no other prefix), and may use the key
   * to encrypt them (the bucket's default encryption is SSE-KMS with it): through S3 only.
   */
  private grantCcusWriter(arn: string) {
    const writer = new ArnPrincipal(arn);
    this.inbox.addToResourcePolicy(
      new PolicyStatement({
        principals: [writer],
        actions: ['s3:PutObject'],
        resources: [this.inbox.arnForObjects(`${CCUS_PREFIX}*`)],
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [writer],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
  }
}
