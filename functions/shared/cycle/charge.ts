// 掛金充当: debit the approved application, then record the members' contributions.
import { milestonesCrossed } from '../../../domain/notices.js';
import type { CycleDeps } from './deps.js';

export interface MonthIds {
  siteId: string;
  workMonth: string;
  importId: string;
}

export type DebitOutput =
  | { status: 'insufficient'; points: number; balance: number; shortBy: number }
  | { status: 'debited'; points: number; balanceBefore: number; balanceAfter: number; replay: boolean };

export class NotApprovedError extends Error {
  override name = 'NotApproved';
}

/** One debit per application (the ledger keys it by application id), so a retry or replay moves nothing. */
export async function debitPoints(deps: CycleDeps, ids: MonthIds): Promise<DebitOutput> {
  const app = await deps.workflow.getApplication(ids.siteId, ids.workMonth);
  if (!app || app.importId !== ids.importId || (app.status !== '承認' && app.status !== '充当済')) {
    throw new NotApprovedError(
      `no approved application for ${ids.siteId} ${ids.workMonth} (${app?.status ?? 'none'})`,
    );
  }
  const r = await deps.ledger.debit({
    contractorNo: app.primeContractorNo,
    pointKind: app.pointKind,
    applicationId: app.applicationId,
    amount: app.points,
  });
  if (r.status === 'insufficient') {
    return {
      status: 'insufficient',
      points: app.points,
      balance: r.balance,
      shortBy: app.points - r.balance,
    };
  }
  const at = deps.now().toISOString();
  if (app.status !== '充当済') await deps.workflow.markApplicationCharged(ids.siteId, ids.workMonth, at);
  await deps.imports.markCharged(ids.siteId, ids.workMonth, ids.importId, at);
  return {
    status: 'debited',
    points: app.points,
    balanceBefore: r.balanceBefore,
    balanceAfter: r.balanceAfter,
    replay: r.status === 'already-debited',
  };
}

export interface ContributionsOutput {
  recorded: number;
  alreadyRecorded: number;
  skipped: number;
  milestoneNotices: number;
}

/**
 * Members' days (第14条1), then the 第15条 notices for members whose months crossed 12 or a 60-month mark.
 * Idempotent, so it can be retried until it lands: a member already recorded for this site-month is
 * not added again, and its milestones are computed from the days it had before this month (so a retry
 * after the days landed but before the notices were queued still queues them, once: their ids are fixed).
 */
export async function recordContributions(deps: CycleDeps, ids: MonthIds): Promise<ContributionsOutput> {
  const lines = await deps.imports.lines(ids.siteId, ids.workMonth, ids.importId);
  const added = new Map<string, number>();
  for (const l of lines)
    if (l.memberNo && l.days > 0) added.set(l.memberNo, (added.get(l.memberNo) ?? 0) + l.days);
  const before = new Map<string, number>();
  for (const memberNo of added.keys()) {
    const m = await deps.registry.getMember(memberNo);
    if (!m) continue;
    const recorded = (await deps.contributions.contributionsOf(memberNo)).some(
      (c) => c.workMonth === ids.workMonth && c.siteId === ids.siteId,
    );
    before.set(memberNo, recorded ? m.days - (added.get(memberNo) ?? 0) : m.days);
  }
  const result = await deps.contributions.recordContributions(
    ids.siteId,
    ids.workMonth,
    lines,
    deps.now().toISOString(),
  );
  let milestoneNotices = 0;
  for (const [memberNo, days] of added) {
    const from = before.get(memberNo);
    if (from === undefined) continue;
    for (const m of milestonesCrossed(from, from + days)) {
      await deps.outbox.enqueue({
        messageId: `milestone:${memberNo}:${m.months}`,
        notice: 'member-milestone',
        to: `member:${memberNo}`,
        siteId: ids.siteId,
        workMonth: ids.workMonth,
        payload: { months: m.months },
        createdAt: deps.now().toISOString(),
      });
      milestoneNotices++;
    }
  }
  return { ...result, milestoneNotices };
}
