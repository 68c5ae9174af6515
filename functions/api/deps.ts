// What the API needs: the use cases' ports plus the API's own (idempotency of its writes).

import type { CycleDeps } from '../../domain/ports/cycle.js';
import type { IdempotencyStore } from '../../domain/ports/storage.js';
import { s3UploadSigner } from '../shared/aws/uploads.js';
import { readConfig } from '../shared/config.js';
import { cycleDeps, cycleRepositories, cycleStore } from '../shared/runtime.js';
import { DynamoIdempotencyStore } from '../shared/storage/idempotency.js';
import { DynamoNoticeStore } from '../shared/storage/outbox.js';
import type { AppDeps } from '../shared/use-cases/month/deps.js';
import type { ApiResponse } from './http.js';

export interface ApiDeps extends AppDeps {
  idempotency: IdempotencyStore<ApiResponse>;
}

let built: { cycle: CycleDeps; deps: ApiDeps } | undefined;

/** Built once per container on the cycle's store and repositories (again when those are rebuilt). */
export function apiDeps(): ApiDeps {
  const cycle = cycleDeps();
  if (built?.cycle === cycle) return built.deps;
  const store = cycleStore();
  const { INBOX_BUCKET, INBOX_KEY_ARN } = readConfig();
  const deps: ApiDeps = {
    ...cycle,
    idempotency: new DynamoIdempotencyStore<ApiResponse>(store),
    history: cycleRepositories().contributions,
    audit: cycleRepositories().audit,
    notices: new DynamoNoticeStore(store),
    ...(INBOX_BUCKET
      ? {
          uploads: s3UploadSigner({
            bucket: INBOX_BUCKET,
            ...(INBOX_KEY_ARN ? { kmsKeyId: INBOX_KEY_ARN } : {}),
          }),
        }
      : {}),
  };
  built = { cycle, deps };
  return deps;
}
