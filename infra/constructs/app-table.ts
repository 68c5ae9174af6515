// The one DynamoDB table: a plain definition (used to CreateTable on moto and by the local runtime)
// and the CDK factory that builds the deployed table from that same definition. The plain part lives
// in a CDK-free module so Lambda bundles can import it without pulling in aws-cdk-lib.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { APP_TABLE, type KeyAttribute } from '../../functions/shared/storage/table-definition.js';

export {
  APP_TABLE,
  type AppTableDefinition,
  attributeDefinitions,
  createTableInput,
  type GsiDefinition,
  type KeyAttribute,
} from '../../functions/shared/storage/table-definition.js';

export interface AppTableProps {
  /** Customer-managed key; without it the table uses the AWS-owned key. */
  encryptionKey?: kms.IKey;
  tableName?: string;
}

function cdkAttribute(a: KeyAttribute): dynamodb.Attribute {
  return {
    name: a.name,
    type: a.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
  };
}

/**
 * The deployed table: PITR and deletion protection on, retained on stack deletion (the ledger and the
 * records of days must survive any stack mistake).
 */
export function createAppTable(scope: Construct, id: string, props: AppTableProps = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    tableName: props.tableName,
    partitionKey: cdkAttribute(APP_TABLE.partitionKey),
    sortKey: cdkAttribute(APP_TABLE.sortKey),
    billing: dynamodb.Billing.onDemand(),
    globalSecondaryIndexes: APP_TABLE.globalSecondaryIndexes.map((g) => ({
      indexName: g.indexName,
      partitionKey: cdkAttribute(g.partitionKey),
      sortKey: cdkAttribute(g.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    })),
    // Only idempotency records carry it (24 h); business items never do (R-RETAIN).
    timeToLiveAttribute: APP_TABLE.timeToLiveAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    encryption: props.encryptionKey
      ? dynamodb.TableEncryptionV2.customerManagedKey(props.encryptionKey)
      : dynamodb.TableEncryptionV2.awsManagedKey(),
  });
}
