// What must survive deployments: the table, the inbox bucket (and its access logs), the key.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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

export const INBOX_ARN_EXPORT = 'KentaikyoInboxArn';

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: ITableV2;
  readonly inbox: Bucket;
  /** The inbox ARN for other stacks: an import of INBOX_ARN_EXPORT. */
  readonly inboxArn: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

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
    this.inboxArn = this.exportValue(this.inbox.bucketArn, { name: INBOX_ARN_EXPORT });

    this.table = createAppTable(this, 'Table', { encryptionKey: this.key });
  }
}
