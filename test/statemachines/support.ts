// Runs scenarios of the monthly cycle on the embedded local stack (the synthesized definition, the
// real handlers, moto_server): a fixture month with its own site and prime, so scenarios don't meet.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { CycleDeps } from '../../domain/ports/cycle.js';
import type { MasterData, OutboxMessage } from '../../domain/ports/storage.js';
import { cycleDeps } from '../../functions/shared/runtime.js';
import {
  createDocumentClient,
  createRepositories,
  createStore,
  seedFromMaster,
  storeFromEnv,
} from '../../functions/shared/storage/index.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { CASES_DIR } from '../fixtures/paths.js';

export const FIXTURES = CASES_DIR;

let n = 0;

export interface Scenario {
  siteId: string;
  prime: string;
  workMonth: string;
  key: string;
  csv: Buffer;
  master: MasterData;
}

/** A fixture with a fresh 現場ID and prime 共済契約者番号; the CSV is re-encoded as UTF-8. */
export function scenario(
  fixture: string,
  edit: { csv?: (text: string) => string; master?: (m: MasterData) => void } = {},
): Scenario {
  n += 1;
  const siteId = `8${String(Date.now() % 1e6).padStart(6, '0')}${String(n).padStart(3, '0')}`;
  const prime = `19${String(Date.now() % 1e5).padStart(5, '0')}${String(n).padStart(3, '0')}`;
  const raw = readFileSync(resolve(FIXTURES, fixture, 'ccus.csv'));
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  const isUtf8 = !utf8.includes('\uFFFD');
  const text = (isUtf8 ? utf8 : new TextDecoder('shift_jis').decode(raw)).split('9000000001').join(siteId);
  const edited = edit.csv ? edit.csv(text) : text;
  const master = JSON.parse(
    readFileSync(resolve(FIXTURES, fixture, 'master.json'), 'utf8')
      .split('9000000001')
      .join(siteId)
      .split('1000000001')
      .join(prime),
  ) as MasterData;
  // The prime's own rows carry its 共済契約者番号 too.
  const csv = Buffer.from(edited.split(',1000000001,').join(`,${prime},`));
  edit.master?.(master);
  return { siteId, prime, workMonth: '2026-10', key: `ccus/${siteId}/202610/ccus.csv`, csv, master };
}

export async function seed(s: Scenario) {
  await seedFromMaster(storeFromEnv(), s.master);
}

let patient: { tableName: string; deps: CycleDeps } | undefined;

/**
 * The cycle's use cases as the test's people and checks call them: the handlers' repositories on a
 * patient client. A loaded machine can slow moto past the 4.5 s a deployed call is given; the handlers
 * meet that as a transient failure and retry, but a test's own reading is not what is under test.
 */
export function deps(): CycleDeps {
  const base = cycleDeps();
  const tableName = base.tableName ?? '';
  if (patient?.tableName === tableName) return patient.deps;
  const client = new DynamoDBClient({
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
  const repos = createRepositories(createStore(createDocumentClient(client), tableName));
  patient = { tableName, deps: { ...base, ...repos, corrections: repos.registry } };
  return patient.deps;
}

/** The one execution of a scenario's file. */
export function executionOf(rt: LocalRuntime, s: Scenario) {
  const all = [...rt.sfn.executions.values()].filter((e) => e.name.includes(`-${s.siteId}-`));
  return all;
}

/** The outbox messages of a scenario's site, delivered or not (the local dispatcher may have sent them). */
export async function outboxOf(s: Scenario): Promise<OutboxMessage[]> {
  const store = storeFromEnv();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r: ScanCommandOutput = await store.documentClient.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: '#et = :outbox AND siteId = :site',
        ExpressionAttributeNames: { '#et': '_et' },
        ExpressionAttributeValues: { ':outbox': 'Outbox', ':site': s.siteId },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return items
    .map((i) => ({
      messageId: String(i.messageId),
      notice: String(i.notice),
      to: String(i.to),
      siteId: String(i.siteId),
      workMonth: String(i.workMonth),
      payload: (i.payload ?? {}) as OutboxMessage['payload'],
      createdAt: String(i.createdAt),
    }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.messageId.localeCompare(b.messageId));
}
