// A person's decision on a waiting month (報告する, 申請する, 承認 / 差戻し): the application as the answer
// shows it, and the refusal when the decision is recorded but nothing waits for it now — the cycle finds
// it at its next wait (await-people's alreadySatisfied).
import type { ApplicationRecord } from '../../../../domain/ports/storage.js';
import { NotWaiting } from '../errors.js';
import type { ResumeResult } from './waits.js';

export function notWaiting(
  r: Exclude<ResumeResult, 'resumed'>,
  what: string,
  extra: Record<string, unknown>,
) {
  return new NotWaiting(
    r === 'expired'
      ? `${what}は記録しました。待機が期限切れになっていたため、次の待機（督促）で反映されます`
      : `${what}は記録しました。この月の処理はいま${what}を待っていないため、次に待機したときに反映されます`,
    { decisionRecorded: true, result: r, ...extra },
  );
}

export function applicationView(a: ApplicationRecord) {
  return {
    status: a.status,
    points: a.points,
    workers: a.workers,
    days: a.days,
    revision: a.revision,
    appliedBy: a.appliedBy,
    appliedAt: a.appliedAt,
    ...(a.decidedBy ? { decidedBy: a.decidedBy } : {}),
    ...(a.decidedAt ? { decidedAt: a.decidedAt } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.chargedAt ? { chargedAt: a.chargedAt } : {}),
    ...((a.no ?? 1) > 1 ? { no: a.no, returnPoints: a.returnPoints ?? 0, follows: a.follows } : {}),
  };
}
