// What the API needs: the use cases' ports plus the API's own (idempotency of its writes).

import type { IdempotencyStore } from '../../domain/ports/storage.js';
import { s3UploadSigner } from '../shared/aws/uploads.js';
import { cycleDeps } from '../shared/runtime.js';
import { DynamoIdempotencyStore } from '../shared/storage/idempotency.js';
import { createRepositories, storeFromEnv } from '../shared/storage/index.js';
import { DynamoNoticeStore } from '../shared/storage/outbox.js';
import type { AppDeps } from '../shared/use-cases/month/deps.js';
import type { ApiResponse } from './http.js';

export interface ApiDeps extends AppDeps {
  idempotency: IdempotencyStore<ApiResponse>;
}

let deps: ApiDeps | undefined;

/** Built once per container (rebuilt when the table changes, as cycleDeps() is). */
export function apiDeps(): ApiDeps {
  if (deps && deps.tableName === process.env.TABLE_NAME) return deps;
  const cycle = cycleDeps();
  const store = storeFromEnv();
  const repos = createRepositories(store);
  deps = {
    ...cycle,
    idempotency: new DynamoIdempotencyStore<ApiResponse>(store),
    history: repos.contributions,
    audit: repos.audit,
    notices: new DynamoNoticeStore(store),
    ...(process.env.INBOX_BUCKET
      ? {
          uploads: s3UploadSigner({
            bucket: process.env.INBOX_BUCKET,
            ...(process.env.INBOX_KEY_ARN ? { kmsKeyId: process.env.INBOX_KEY_ARN } : {}),
          }),
        }
      : {}),
  };
  return deps;
}
