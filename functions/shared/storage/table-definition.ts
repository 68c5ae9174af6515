// The table's plain definition: the single source for the CDK construct (infra/constructs/app-table.ts),
// the emulator tables of the tests and the local runtime. No CDK import here: Lambda bundles use it.

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface GsiDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL';
}

export interface AppTableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly GsiDefinition[];
  billingMode: 'PAY_PER_REQUEST';
  /** Epoch-seconds attribute DynamoDB expires items by; only idempotency records carry it. */
  timeToLiveAttribute: string;
}

/**
 * Single source of the table's shape. One overloaded GSI serves every "list" question (the site
 * directory, users / applications of a contractor, pending outbox, audit by actor): see docs/data-model.md.
 * TTL is on, but only API idempotency records (24 h) carry the attribute: records of days must outlive
 * R-RETAIN (約款 第12条の2), so no business item ever sets it.
 */
export const APP_TABLE: AppTableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
  ],
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiresAt',
};

/** Every key attribute of the table and its indexes, deduplicated (CreateTable's AttributeDefinitions). */
export function attributeDefinitions(def: AppTableDefinition = APP_TABLE): KeyAttribute[] {
  const all = [def.partitionKey, def.sortKey];
  for (const g of def.globalSecondaryIndexes) all.push(g.partitionKey, g.sortKey);
  const seen = new Map<string, KeyAttribute>();
  for (const a of all) seen.set(a.name, a);
  return [...seen.values()];
}

/**
 * The CreateTable input (plain JSON, shaped as `@aws-sdk/client-dynamodb` CreateTableCommandInput)
 * for a local emulator or a test.
 */
export function createTableInput(tableName: string, def: AppTableDefinition = APP_TABLE) {
  return {
    TableName: tableName,
    BillingMode: def.billingMode,
    AttributeDefinitions: attributeDefinitions(def).map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: g.projection },
    })),
  };
}
