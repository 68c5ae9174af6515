// What the people-facing use cases need: the cycle's ports plus the audit trail, the contribution history,
// the user's notices and the inbox's upload signer.
import type { CycleDeps } from '../../../../domain/ports/cycle.js';
import type { NoticeStore } from '../../../../domain/ports/notices.js';
import type { AuditLog, ContributionHistory } from '../../../../domain/ports/storage.js';
import type { UploadSigner } from '../../aws/uploads.js';

export interface AppDeps extends CycleDeps {
  history: ContributionHistory;
  /** The audit trail (the month's history); optional so stand-in deps may leave it out. */
  audit?: AuditLog;
  /** The mails sent to users (GET /v1/me/notices). */
  notices?: Pick<NoticeStore, 'noticesOf'>;
  /** 手動連携: presigned PUTs into the inbox (absent where there is no inbox, e.g. stand-in deps). */
  uploads?: UploadSigner;
}
