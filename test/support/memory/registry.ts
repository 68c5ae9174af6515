// The registry in memory (contractors, members, sites, users, the registry's own number mappings) with
// the corrections people make (事後登録, 強制取込, 一次選択, reviews, 取り込まない), and the loader the
// import validation reads them through: domain/import/memory-registry.ts over what is stored now, so a
// correction made after a file is seen by the next validation, scoped to its prime (R-MAPPING-SCOPE).
import { createInMemoryRegistry, type RegistryData } from '../../../domain/import/memory-registry.js';
import type { Exclusion } from '../../../domain/import/types.js';
import type { RegistryLoader, RegistryNeeds, RegistryView } from '../../../domain/ports/registry.js';
import type {
  CorrectionDecision,
  CorrectionRepository,
  Decision,
  RegistryRepository,
  SiteSetting,
  User,
} from '../../../domain/ports/storage.js';
import type { Contractor, Member } from '../../../domain/types.js';
import type { MemoryAuditLog } from './audit.js';
import { copy, key, type MemoryClock } from './clock.js';

export class MemoryRegistry implements RegistryRepository, CorrectionRepository, RegistryLoader {
  private readonly contractors = new Map<string, Contractor>();
  private readonly members = new Map<string, Member>();
  private readonly sites = new Map<string, SiteSetting>();
  private readonly users = new Map<string, User>();
  /** The registry's own numbers for CCUS ids, and the corrections made by primes. */
  readonly data: Required<Omit<RegistryData, 'contractors' | 'members'>> = {
    companyMappings: [],
    workerMappings: [],
    companyCorrections: [],
    workerCorrections: [],
    forcedImports: [],
    firstTierChoices: [],
    reviewedDoubleEmployers: [],
    exclusions: [],
  };

  constructor(
    private readonly clock: MemoryClock,
    private readonly audit: MemoryAuditLog,
  ) {}

  // ------------------------------------------------------------ RegistryLoader

  async load(needs: RegistryNeeds): Promise<RegistryView> {
    const snapshot: RegistryData = {
      ...copy(this.data),
      contractors: [...this.contractors.values()].map(copy),
      members: [...this.members.values()].map(copy),
    };
    return createInMemoryRegistry(snapshot).load(needs);
  }

  // ------------------------------------------------------------ RegistryRepository

  async getContractor(contractorNo: string) {
    const c = this.contractors.get(contractorNo);
    return c && copy(c);
  }

  async putContractor(contractor: Contractor) {
    this.contractors.set(contractor.contractorNo, copy(contractor));
  }

  async getMember(memberNo: string) {
    const m = this.members.get(memberNo);
    return m && copy(m);
  }

  async putMember(member: Member) {
    this.members.set(member.memberNo, copy(member));
  }

  async getSite(siteId: string) {
    const s = this.sites.get(siteId);
    return s && copy(s);
  }

  /** A later put registers a deleted site again. */
  async putSite(site: SiteSetting) {
    const { deletedAt: _a, deletedBy: _b, ...live } = site;
    this.sites.set(site.siteId, copy(live));
  }

  /** Deleted sites leave the lists (their item stays). */
  async sitesOfContractor(primeContractorNo: string) {
    return (await this.allSites()).filter((s) => s.primeContractorNo === primeContractorNo);
  }

  async allSites() {
    return [...this.sites.values()].filter((s) => s.deletedAt === undefined).map(copy);
  }

  async deleteSite(siteId: string, d: Decision): Promise<boolean> {
    const s = this.sites.get(siteId);
    if (!s || s.deletedAt !== undefined) return false;
    const at = this.clock.iso();
    Object.assign(s, { deletedAt: at, deletedBy: d.by });
    await this.audit.append({ actor: d.by, action: 'delete-site', siteId, subject: { siteId }, at });
    return true;
  }

  async getUser(userId: string) {
    const u = this.users.get(userId);
    return u && copy(u);
  }

  async putUser(user: User) {
    this.users.set(user.userId, copy(user));
  }

  async usersOfContractor(contractorNo: string) {
    return [...this.users.values()].filter((u) => u.contractorNo === contractorNo).map(copy);
  }

  /** The registry's own 事業者ID → 共済契約者番号 (seeded, not a correction). */
  putCompanyMapping(companyId: string, contractorNo: string): void {
    this.data.companyMappings.push({ companyId, contractorNo });
  }

  /** The registry's own 技能者ID → 被共済者番号 (seeded, not a correction). */
  putWorkerMapping(workerId: string, memberNo: string): void {
    this.data.workerMappings.push({ workerId, memberNo });
  }

  // ------------------------------------------------------------ CorrectionRepository (each audited)

  private async audited(action: string, d: Decision, subject: Record<string, string>, siteId?: string) {
    await this.audit.append({
      actor: d.by,
      action,
      subject,
      ...(siteId === undefined ? {} : { siteId }),
      ...(d.workMonth === undefined ? {} : { workMonth: d.workMonth }),
      ...(d.reason === undefined ? {} : { reason: d.reason }),
    });
  }

  /** A later correction of the same id by the same prime replaces the earlier one. */
  async mapCompany(companyId: string, contractorNo: string, d: CorrectionDecision) {
    const list = this.data.companyCorrections;
    const i = list.findIndex((c) => c.primeContractorNo === d.primeContractorNo && c.companyId === companyId);
    if (i >= 0) list.splice(i, 1);
    list.push({ primeContractorNo: d.primeContractorNo, companyId, contractorNo });
    await this.audited(
      'map-company',
      d,
      { companyId, contractorNo, primeContractorNo: d.primeContractorNo },
      d.siteId,
    );
  }

  async mapWorker(workerId: string, memberNo: string, d: CorrectionDecision) {
    const list = this.data.workerCorrections;
    const i = list.findIndex((c) => c.primeContractorNo === d.primeContractorNo && c.workerId === workerId);
    if (i >= 0) list.splice(i, 1);
    list.push({ primeContractorNo: d.primeContractorNo, workerId, memberNo });
    await this.audited('map-worker', d, { workerId, primeContractorNo: d.primeContractorNo }, d.siteId);
  }

  async forceImport(siteId: string, workerId: string, d: Decision) {
    if (!this.data.forcedImports.some((f) => f.siteId === siteId && f.workerId === workerId))
      this.data.forcedImports.push({ siteId, workerId });
    await this.audited('force-import', d, { workerId }, siteId);
  }

  async chooseFirstTier(siteId: string, companyId: string, firstTierCompanyId: string, d: Decision) {
    const list = this.data.firstTierChoices;
    const i = list.findIndex((c) => c.siteId === siteId && c.companyId === companyId);
    if (i >= 0) list.splice(i, 1);
    list.push({ siteId, companyId, firstTierCompanyId });
    await this.audited('choose-first-tier', d, { companyId, firstTierCompanyId }, siteId);
  }

  async reviewDoubleEmployer(siteId: string, workMonth: string, workerId: string, d: Decision) {
    const list = this.data.reviewedDoubleEmployers;
    if (!list.some((r) => key(r.siteId, r.workMonth, r.workerId) === key(siteId, workMonth, workerId)))
      list.push({ siteId, workMonth, workerId });
    await this.audited('review-double-employer', { ...d, workMonth }, { workerId }, siteId);
  }

  async exclude(
    siteId: string,
    workMonth: string,
    subject: 'company' | 'worker',
    subjectId: string,
    d: Decision & { reason: string },
  ): Promise<Exclusion> {
    const at = this.clock.iso();
    const id: Record<string, string> =
      subject === 'company' ? { companyId: subjectId } : { workerId: subjectId };
    const list = this.data.exclusions;
    const i = list.findIndex(
      (x) => x.siteId === siteId && x.workMonth === workMonth && (x.companyId ?? x.workerId) === subjectId,
    );
    if (i >= 0) list.splice(i, 1);
    list.push({ siteId, workMonth, ...id, reason: d.reason, by: d.by, at });
    await this.audited('exclude', { ...d, workMonth }, id, siteId);
    return { subject, reason: d.reason, by: d.by, at };
  }
}
