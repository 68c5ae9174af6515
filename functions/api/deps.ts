// What the API's use cases need: the cycle's ports plus the API's own (idempotency, contribution history).

import type { CycleDeps } from '../../domain/ports/cycle.js';
import type { NoticeStore } from '../../domain/ports/notices.js';
import type { AuditLog, ContributionHistory, IdempotencyStore } from '../../domain/ports/storage.js';
import { s3UploadSigner, type UploadSigner } from '../shared/aws/uploads.js';
import { readConfig } from '../shared/config.js';
import { cycleDeps, cycleRepositories, cycleStore } from '../shared/runtime.js';
import { DynamoIdempotencyStore } from '../shared/storage/idempotency.js';
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
