// Starts moto_server on a free 127.0.0.1 port for one test file and creates tables from the SAME
// plain definition the CDK construct deploys (infra/constructs/app-table.ts).
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createStore, type Store } from '../../../functions/shared/storage/entities.js';
import { createTableInput } from '../../../infra/constructs/app-table.js';
import type { Moto } from '../../../infra/local/moto.js';

export { INSTALL_HINT, type Moto, startMoto } from '../../../infra/local/moto.js';

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
}

export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** A fresh table (unique name) from the shared definition, so test files and tests never share state. */
export async function createFreshTable(client: DynamoDBClient, prefix = 'app'): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand(createTableInput(name)));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  return name;
}

/** A fresh table and a store over it. */
export async function freshStore(
  moto: Moto,
  prefix?: string,
): Promise<{ store: Store; client: DynamoDBClient }> {
  const client = dynamoClient(moto.endpoint);
  const tableName = await createFreshTable(client, prefix);
  return { store: createStore(documentClientOf(client), tableName), client };
}
