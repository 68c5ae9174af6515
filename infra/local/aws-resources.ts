// Creates the table and the inbox bucket on the local emulator from the synthesized template, so the
// local layout is the deployed one (keys, indexes, versioning).
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalStack } from './template.js';

type Props = Record<string, unknown>;

/** CloudFormation table properties (AWS::DynamoDB::GlobalTable or ::Table) → CreateTable input. */
export function createTableInputFromTemplate(name: string, props: Props): CreateTableCommandInput {
  const gsis = (props.GlobalSecondaryIndexes ?? []) as Props[];
  return {
    TableName: name,
    BillingMode: (props.BillingMode as 'PAY_PER_REQUEST' | 'PROVISIONED' | undefined) ?? 'PAY_PER_REQUEST',
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    ...(gsis.length
      ? {
          GlobalSecondaryIndexes: gsis.map((g) => ({
            IndexName: g.IndexName as string,
            KeySchema: g.KeySchema as NonNullable<CreateTableCommandInput['KeySchema']>,
            Projection: g.Projection as { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE' },
          })),
        }
      : {}),
  };
}

export async function createLocalResources(stack: LocalStack, endpoint: string): Promise<void> {
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const ddb = new DynamoDBClient({ endpoint, region: 'ap-northeast-1', credentials });
  await ddb.send(
    new CreateTableCommand(createTableInputFromTemplate(stack.table.name, stack.table.properties)),
  );
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: stack.table.name });
  const s3 = new S3Client({ endpoint, region: 'ap-northeast-1', credentials, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: stack.inbox.name,
      CreateBucketConfiguration: { LocationConstraint: 'ap-northeast-1' },
    }),
  );
  if (stack.inbox.versioned) {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: stack.inbox.name,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  }
  ddb.destroy();
  s3.destroy();
}
