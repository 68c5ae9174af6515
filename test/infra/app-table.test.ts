// The deployed table is built from the same plain definition the tests create on moto.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import {
  APP_TABLE,
  attributeDefinitions,
  createAppTable,
  createTableInput,
} from '../../infra/constructs/app-table.js';

function synth(withKey: boolean) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'TableTest', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  const encryptionKey = withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  createAppTable(stack, 'AppTable', { encryptionKey });
  return Template.fromStack(stack);
}

describe('createAppTable', () => {
  const template = synth(true);

  it('turns on point-in-time recovery and deletion protection, and retains the table', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('has the key schema, attributes, GSIs and billing of the plain definition', () => {
    const input = createTableInput('ignored');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: input.KeySchema,
      AttributeDefinitions: Match.arrayEquals(input.AttributeDefinitions),
      BillingMode: APP_TABLE.billingMode,
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map((g) => Match.objectLike(g)),
    });
    expect(attributeDefinitions().map((a) => a.name)).toEqual(['PK', 'SK', 'GSI1PK', 'GSI1SK']);
  });

  it('encrypts with the customer-managed key when given', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
        }),
      ],
    });
  });

  it('falls back to the AWS-managed key without one', () => {
    const t = synth(false);
    t.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
  });

  it('expires items by expiresAt, an attribute only idempotency records carry (R-RETAIN)', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(APP_TABLE.timeToLiveAttribute).toBe('expiresAt');
  });
});
