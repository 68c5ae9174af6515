// What the API's use cases need: the cycle's ports plus the API's own (idempotency, contribution history).

import type { CycleDeps } from '../../domain/ports/cycle.js';
import type { NoticeStore } from '../../domain/ports/notices.js';
import type { AuditLog, ContributionHistory, IdempotencyStore } from '../../domain/ports/storage.js';
import { s3UploadSigner, type UploadSigner } from '../shared/aws/uploads.js';
import { cycleDeps } from '../shared/runtime.js';
import { DynamoIdempotencyStore } from '../shared/storage/idempotency.js';
import { createRepositories, storeFromEnv } from '../shared/storage/index.js';
import { DynamoNoticeStore } from '../shared/storage/outbox.js';
import type { ApiResponse } from './http.js';

export interface ApiDeps extends CycleDeps {
  idempotency: IdempotencyStore<ApiResponse>;
  history: ContributionHistory;
  /** The audit trail (the month's history); optional so stand-in deps may leave it out. */
  audit?: AuditLog;
  /** The mails sent to users (GET /v1/me/notices). */
  notices?: Pick<NoticeStore, 'noticesOf'>;
  /** 手動連携: presigned PUTs into the inbox (absent where there is no inbox, e.g. stand-in deps). */
  uploads?: UploadSigner;
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
