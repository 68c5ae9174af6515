// Records the charged days on each member (第14条1: contribution days add up), exactly once per
// member × month × site × employer: each member's ADD of days travels in one transaction with the
// Puts of its contribution records (attribute_not_exists), so a replay adds nothing. A charge after the
// month's first one (追加申請, 誤納) moves each record to the newer file's days, conditioned on the days
// it read, so a replay or a racing retry finds nothing left to move.

import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { $add } from 'dynamodb-toolbox/entity/actions/update';
import type { WorkLine } from '../../../domain/import/types.js';
import type { ContributionRecorder, ContributionResult } from '../../../domain/ports/storage.js';
import type { AccessPatterns } from './access-patterns.js';
import { cancellationReasons, LIMITS } from './common.js';
import type { Entities, Store } from './entities.js';

interface MemberGroup {
  memberNo: string;
  total: number;
  byEmployer: { employerCompanyId: string; days: number }[];
}

type Line = Pick<WorkLine, 'memberNo' | 'employerCompanyId' | 'days'>;

export class DynamoContributionRecorder implements ContributionRecorder {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  private groups(lines: readonly Line[]): { groups: MemberGroup[]; skipped: number } {
    const byMember = new Map<string, MemberGroup>();
    let skipped = 0;
    for (const l of lines) {
      if (l.memberNo === null || l.days <= 0) {
        skipped++;
        continue;
      }
      const g = byMember.get(l.memberNo) ?? { memberNo: l.memberNo, total: 0, byEmployer: [] };
      const same = g.byEmployer.find((b) => b.employerCompanyId === l.employerCompanyId);
      if (same) same.days += l.days;
      else g.byEmployer.push({ employerCompanyId: l.employerCompanyId, days: l.days });
      g.total += l.days;
      byMember.set(l.memberNo, g);
    }
    // Sorted so a replay packs the same members into the same transactions.
    return { groups: [...byMember.values()].sort((a, b) => a.memberNo.localeCompare(b.memberNo)), skipped };
  }

  private transactions(siteId: string, workMonth: string, g: MemberGroup, at: string) {
    return [
      this.e.member
        .build(UpdateTransaction)
        .item({ memberNo: g.memberNo, days: $add(g.total) })
        .options({ condition: { attr: 'memberNo', exists: true } }),
      ...g.byEmployer.map((b) =>
        this.e.contribution
          .build(PutTransaction)
          .item({
            memberNo: g.memberNo,
            workMonth,
            siteId,
            employerCompanyId: b.employerCompanyId,
            days: b.days,
            at,
          })
          .options({ condition: { attr: 'memberNo', exists: false } }),
      ),
    ];
  }

  /**
   * AP-2 + AP-23 (write). Members are packed into transactions of up to 100 items (1 update + 1 put
   * per employer each); a cancelled pack is retried member by member to tell replays from unknown members.
   */
  async recordContributions(
    siteId: string,
    workMonth: string,
    lines: readonly Line[],
    at: string,
  ): Promise<ContributionResult> {
    const { groups, skipped: skippedLines } = this.groups(lines);
    const result: ContributionResult = { recorded: 0, alreadyRecorded: 0, skipped: skippedLines };
    const packs: MemberGroup[][] = [];
    let pack: MemberGroup[] = [];
    let size = 0;
    for (const g of groups) {
      const n = 1 + g.byEmployer.length;
      if (size + n > LIMITS.transactItems && pack.length > 0) {
        packs.push(pack);
        pack = [];
        size = 0;
      }
      pack.push(g);
      size += n;
    }
    if (pack.length > 0) packs.push(pack);

    for (const p of packs) {
      try {
        await executeTransactWrite(...p.flatMap((g) => this.transactions(siteId, workMonth, g, at)));
        result.recorded += p.length;
      } catch (err) {
        if (cancellationReasons(err) === undefined) throw err;
        for (const g of p) await this.recordOne(siteId, workMonth, g, at, result);
      }
    }
    return result;
  }

  private async recordOne(
    siteId: string,
    workMonth: string,
    g: MemberGroup,
    at: string,
    result: ContributionResult,
  ) {
    try {
      await executeTransactWrite(...this.transactions(siteId, workMonth, g, at));
      result.recorded++;
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons === undefined) throw err;
      if (reasons[0] === 'ConditionalCheckFailed') result.skipped++;
      else if (reasons.slice(1).includes('ConditionalCheckFailed')) result.alreadyRecorded++;
      else throw err;
    }
  }

  /**
   * AP-2 + AP-23 (write) after a later charge of the month: each member's records for the site-month are
   * set to `lines` (members only in `previous` go to 0 days) and the member's days move by the
   * difference, in one transaction per member conditioned on the records read. A member whose records
   * changed meanwhile is read again (a concurrent retry); one already at the newer days is a replay.
   */
  async adjustContributions(
    siteId: string,
    workMonth: string,
    lines: readonly Line[],
    previous: readonly Line[],
    at: string,
  ): Promise<ContributionResult> {
    const { groups, skipped } = this.groups(lines);
    const target = new Map(groups.map((g) => [g.memberNo, g]));
    for (const g of this.groups(previous).groups)
      if (!target.has(g.memberNo)) target.set(g.memberNo, { memberNo: g.memberNo, total: 0, byEmployer: [] });
    const result: ContributionResult = { recorded: 0, alreadyRecorded: 0, skipped };
    for (const g of [...target.values()].sort((a, b) => a.memberNo.localeCompare(b.memberNo))) {
      for (let attempt = 1; ; attempt++) {
        const recorded = (await this.contributionsOf(g.memberNo)).filter(
          (c) => c.siteId === siteId && c.workMonth === workMonth,
        );
        const writes = this.adjustments(siteId, workMonth, g, recorded, at);
        if (writes === undefined) {
          result.alreadyRecorded++;
          break;
        }
        try {
          await executeTransactWrite(...writes);
          result.recorded++;
          break;
        } catch (err) {
          const reasons = cancellationReasons(err);
          if (reasons === undefined) throw err;
          if (reasons[0] === 'ConditionalCheckFailed') {
            result.skipped++; // not a member (any more)
            break;
          }
          if (attempt >= 3) throw err;
        }
      }
    }
    return result;
  }

  /** The writes that take a member's records from `recorded` to `g`; undefined when they are there. */
  private adjustments(
    siteId: string,
    workMonth: string,
    g: MemberGroup,
    recorded: { employerCompanyId: string; days: number }[],
    at: string,
  ) {
    const employers = new Set([
      ...g.byEmployer.map((b) => b.employerCompanyId),
      ...recorded.map((r) => r.employerCompanyId),
    ]);
    const key = (employerCompanyId: string) => ({
      memberNo: g.memberNo,
      workMonth,
      siteId,
      employerCompanyId,
    });
    let delta = 0;
    const writes = [];
    for (const employerCompanyId of [...employers].sort()) {
      const want = g.byEmployer.find((b) => b.employerCompanyId === employerCompanyId)?.days ?? 0;
      const had = recorded.find((r) => r.employerCompanyId === employerCompanyId)?.days;
      if ((had ?? 0) === want) continue;
      delta += want - (had ?? 0);
      if (had === undefined)
        writes.push(
          this.e.contribution
            .build(PutTransaction)
            .item({ ...key(employerCompanyId), days: want, at })
            .options({ condition: { attr: 'memberNo', exists: false } }),
        );
      else if (want === 0)
        writes.push(
          this.e.contribution
            .build(DeleteTransaction)
            .key(key(employerCompanyId))
            .options({ condition: { attr: 'days', eq: had } }),
        );
      else
        writes.push(
          this.e.contribution
            .build(UpdateTransaction)
            .item({ ...key(employerCompanyId), days: want, at })
            .options({ condition: { attr: 'days', eq: had } }),
        );
    }
    if (writes.length === 0) return undefined;
    return [
      this.e.member
        .build(UpdateTransaction)
        .item({ memberNo: g.memberNo, days: $add(delta) })
        .options({ condition: { attr: 'memberNo', exists: true } }),
      ...writes,
    ];
  }

  /** AP-23 */
  async contributionsOf(memberNo: string) {
    const { Items = [] } = await this.ap.contributionsOfMember.query({ memberNo }).send();
    return Items.map((i) => ({
      workMonth: i.workMonth,
      siteId: i.siteId,
      employerCompanyId: i.employerCompanyId,
      days: i.days,
    }));
  }
}
