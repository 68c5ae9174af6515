import { milestonesCrossed } from '../../../domain/notices.js';
import type { CycleDeps, MonthIds } from '../../../domain/ports/cycle.js';
import { noticeId } from './month/notices.js';

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
export async function recordContributions(
  deps: Pick<CycleDeps, 'imports' | 'registry' | 'contributions' | 'now' | 'outbox'>,
  ids: MonthIds,
): Promise<ContributionsOutput> {
  const [lines, imports] = await Promise.all([
    deps.imports.lines(ids.siteId, ids.workMonth, ids.importId),
    deps.imports.importsOfMonth(ids.siteId, ids.workMonth),
  ]);
  // A later charge of the month (R-LATE-DAYS): the days recorded for the earlier one are moved, not added.
  const earlier = imports
    .filter((i) => i.chargedAt !== undefined && i.importId !== ids.importId)
    .sort((a, b) => (a.chargedAt ?? '').localeCompare(b.chargedAt ?? ''));
  const earlierLines = await Promise.all(
    earlier.map((i) => deps.imports.lines(ids.siteId, ids.workMonth, i.importId)),
  );
  const daysOf = (ls: readonly { memberNo: string | null; days: number }[]) => {
    const m = new Map<string, number>();
    for (const l of ls) if (l.memberNo && l.days > 0) m.set(l.memberNo, (m.get(l.memberNo) ?? 0) + l.days);
    return m;
  };
  const target = daysOf(lines);
  // What each member had recorded for the site-month before this charge: the newest earlier file's days.
  const had = daysOf(earlierLines.at(-1) ?? []);
  const added = new Map<string, number>();
  for (const [memberNo, days] of target) added.set(memberNo, days - (had.get(memberNo) ?? 0));
  const before = new Map<string, number>();
  for (const [memberNo, days] of added) {
    if (days <= 0) continue;
    const m = await deps.registry.getMember(memberNo);
    if (!m) continue;
    const recordedDays = (await deps.contributions.contributionsOf(memberNo))
      .filter((c) => c.workMonth === ids.workMonth && c.siteId === ids.siteId)
      .reduce((n, c) => n + c.days, 0);
    // Already landed (a retry): the member's days include this charge's.
    before.set(memberNo, recordedDays === target.get(memberNo) ? m.days - days : m.days);
  }
  const at = deps.now().toISOString();
  const result =
    earlier.length === 0
      ? await deps.contributions.recordContributions(ids.siteId, ids.workMonth, lines, at)
      : await deps.contributions.adjustContributions(
          ids.siteId,
          ids.workMonth,
          lines,
          earlierLines.flat(),
          at,
        );
  let milestoneNotices = 0;
  for (const [memberNo, days] of added) {
    const from = before.get(memberNo);
    if (from === undefined) continue;
    for (const m of milestonesCrossed(from, from + days)) {
      await deps.outbox.enqueue({
        // Once per member and milestone; hashed: a message id may be logged, a 被共済者番号 never.
        messageId: noticeId('milestone', memberNo, String(m.months)),
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
