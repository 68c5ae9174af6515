// Contribution records in memory, with the promises of the DynamoDB recorder: a member's days of a
// site-month are added once (a replay adds nothing), an unknown member is skipped, and a later charge of
// the month moves each member's days to the newer file's by the difference, once.
import type { WorkLine } from '../../../domain/import/types.js';
import type {
  ContributionRecorder,
  ContributionResult,
  RegistryRepository,
} from '../../../domain/ports/storage.js';
import { key } from './clock.js';

type Line = Pick<WorkLine, 'memberNo' | 'employerCompanyId' | 'days'>;

interface Record {
  memberNo: string;
  workMonth: string;
  siteId: string;
  employerCompanyId: string;
  days: number;
  at: string;
}

/** Each member's days by employer, and how many lines carried no member or no day. */
function groups(lines: readonly Line[]) {
  const byMember = new Map<string, Map<string, number>>();
  let skipped = 0;
  for (const l of lines) {
    if (l.memberNo === null || l.days <= 0) {
      skipped++;
      continue;
    }
    const m = byMember.get(l.memberNo) ?? new Map<string, number>();
    m.set(l.employerCompanyId, (m.get(l.employerCompanyId) ?? 0) + l.days);
    byMember.set(l.memberNo, m);
  }
  return { byMember, skipped };
}

export class MemoryContributions implements ContributionRecorder {
  private readonly records = new Map<string, Record>();

  constructor(private readonly registry: RegistryRepository) {}

  private recordsOf(memberNo: string, siteId: string, workMonth: string): Record[] {
    return [...this.records.values()].filter(
      (r) => r.memberNo === memberNo && r.siteId === siteId && r.workMonth === workMonth,
    );
  }

  /** Adds `delta` days to the member; false when it is not a member. */
  private async addDays(memberNo: string, delta: number): Promise<boolean> {
    const m = await this.registry.getMember(memberNo);
    if (!m) return false;
    await this.registry.putMember({ ...m, days: m.days + delta });
    return true;
  }

  async recordContributions(
    siteId: string,
    workMonth: string,
    lines: readonly Line[],
    at: string,
  ): Promise<ContributionResult> {
    const { byMember, skipped } = groups(lines);
    const result: ContributionResult = { recorded: 0, alreadyRecorded: 0, skipped };
    for (const [memberNo, employers] of byMember) {
      const landed = [...employers.keys()].some((e) => this.records.has(key(memberNo, workMonth, siteId, e)));
      if (!(await this.registry.getMember(memberNo))) result.skipped++;
      else if (landed) result.alreadyRecorded++;
      else {
        await this.addDays(
          memberNo,
          [...employers.values()].reduce((s, d) => s + d, 0),
        );
        for (const [employerCompanyId, days] of employers)
          this.records.set(key(memberNo, workMonth, siteId, employerCompanyId), {
            memberNo,
            workMonth,
            siteId,
            employerCompanyId,
            days,
            at,
          });
        result.recorded++;
      }
    }
    return result;
  }

  async adjustContributions(
    siteId: string,
    workMonth: string,
    lines: readonly Line[],
    previous: readonly Line[],
    at: string,
  ): Promise<ContributionResult> {
    const { byMember, skipped } = groups(lines);
    // Members only in the earlier file go to 0 days.
    for (const memberNo of groups(previous).byMember.keys())
      if (!byMember.has(memberNo)) byMember.set(memberNo, new Map());
    const result: ContributionResult = { recorded: 0, alreadyRecorded: 0, skipped };
    for (const [memberNo, want] of byMember) {
      const had = new Map(
        this.recordsOf(memberNo, siteId, workMonth).map((r) => [r.employerCompanyId, r.days]),
      );
      const employers = new Set([...want.keys(), ...had.keys()]);
      const changes = [...employers].filter((e) => (want.get(e) ?? 0) !== (had.get(e) ?? 0));
      if (changes.length === 0) {
        result.alreadyRecorded++;
        continue;
      }
      const delta = changes.reduce((s, e) => s + (want.get(e) ?? 0) - (had.get(e) ?? 0), 0);
      if (!(await this.addDays(memberNo, delta))) {
        result.skipped++;
        continue;
      }
      for (const employerCompanyId of changes) {
        const k = key(memberNo, workMonth, siteId, employerCompanyId);
        const days = want.get(employerCompanyId) ?? 0;
        if (days === 0) this.records.delete(k);
        else this.records.set(k, { memberNo, workMonth, siteId, employerCompanyId, days, at });
      }
      result.recorded++;
    }
    return result;
  }

  async contributionsOf(memberNo: string) {
    return [...this.records.values()]
      .filter((r) => r.memberNo === memberNo)
      .map(({ workMonth, siteId, employerCompanyId, days }) => ({
        workMonth,
        siteId,
        employerCompanyId,
        days,
      }));
  }
}
