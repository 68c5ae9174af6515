// The registry (contractors, members, sites, users), the remembered corrections (事後登録, 強制取込,
// 一次 choices, reviewed double employment) and the batch loader the import validation reads through.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { $remove } from 'dynamodb-toolbox/entity/actions/update';
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
import type { AccessPatterns } from './access-patterns.js';
import { auditPut, backoff, cancellationReasons, chunk, fieldsOf, LIMITS, nowIso, pick } from './common.js';
import type { Entities, Store } from './entities.js';
import { gsi1, keys, type TableKey } from './keys.js';

type Raw = Record<string, unknown>;

// A registry item as the port sees it, read or about to be written: the registry import's own attributes
// (status, endedAt, book facts) and the index keys stay in storage.
const CONTRACTOR_FIELDS = fieldsOf<Contractor>()(
  'contractorNo',
  'name',
  'kind',
  'active',
  'fiscalYearStartMonth',
);
const MEMBER_FIELDS = fieldsOf<Member>()('memberNo', 'kanaFamily', 'kanaGiven', 'kind', 'days', 'firstBook');
const USER_FIELDS = fieldsOf<User>()('userId', 'contractorNo', 'role');

const toContractor = (i: Contractor): Contractor => pick(i, CONTRACTOR_FIELDS);
const toMember = (i: Member): Member => pick(i, MEMBER_FIELDS);
const toUser = (i: User): User => pick(i, USER_FIELDS);

const SITE_FIELDS = fieldsOf<SiteSetting>()(
  'siteId',
  'name',
  'primeContractorNo',
  'linkMethod',
  'outputMethod',
  'accumulationStart',
  'accumulationEnd',
  'linkedOn',
  'createdBy',
  'wagePayment',
  'contract',
  'deletedAt',
  'deletedBy',
);

const toSite = (i: SiteSetting): SiteSetting => pick(i, SITE_FIELDS);

export class DynamoRegistryRepository implements RegistryRepository, CorrectionRepository {
  private readonly e: Entities;
  private readonly ap: AccessPatterns;

  constructor(private readonly store: Store) {
    this.e = store.entities;
    this.ap = store.patterns;
  }

  /** AP-1 */
  async getContractor(contractorNo: string): Promise<Contractor | undefined> {
    const { Item } = await this.e.contractor.build(GetItemCommand).key({ contractorNo }).send();
    return Item && toContractor(Item);
  }

  /** AP-1 (write) */
  async putContractor(c: Contractor): Promise<void> {
    await this.e.contractor.build(PutItemCommand).item(toContractor(c)).send();
  }

  /** AP-2 */
  async getMember(memberNo: string): Promise<Member | undefined> {
    const { Item } = await this.e.member.build(GetItemCommand).key({ memberNo }).send();
    return Item && toMember(Item);
  }

  /** AP-2 (write) */
  async putMember(m: Member): Promise<void> {
    await this.e.member.build(PutItemCommand).item(toMember(m)).send();
  }

  /** AP-6 */
  async getSite(siteId: string): Promise<SiteSetting | undefined> {
    const { Item } = await this.e.site.build(GetItemCommand).key({ siteId }).send();
    return Item && toSite(Item);
  }

  /** AP-6 (write; GSI1 feeds AP-7 and AP-28) */
  async putSite(s: SiteSetting): Promise<void> {
    await this.e.site
      .build(PutItemCommand)
      .item({ ...toSite(s), ...gsi1.site(s.primeContractorNo, s.siteId) })
      .send();
  }

  /**
   * AP-6 (write, with audit): the linkage setting is deleted — it leaves GSI1 (AP-7, AP-28), the item
   * stays for the months already running. A later putSite registers it again.
   */
  async deleteSite(siteId: string, d: Decision): Promise<boolean> {
    const at = nowIso();
    try {
      await executeTransactWrite(
        this.e.site
          .build(UpdateTransaction)
          .item({ siteId, deletedAt: at, deletedBy: d.by, GSI1PK: $remove(), GSI1SK: $remove() })
          .options({
            condition: {
              and: [
                { attr: 'siteId', exists: true },
                { attr: 'deletedAt', exists: false },
              ],
            },
          }),
        auditPut(this.store, { actor: d.by, action: 'delete-site', siteId, subject: { siteId }, at }),
      );
    } catch (err) {
      if (cancellationReasons(err) === undefined) throw err;
      return false;
    }
    return true;
  }

  /** AP-28 */
  async allSites(): Promise<SiteSetting[]> {
    const { Items = [] } = await this.ap.allSites.query({}).send();
    return Items.map(toSite);
  }

  /** AP-7 */
  async sitesOfContractor(primeContractorNo: string): Promise<SiteSetting[]> {
    const { Items = [] } = await this.ap.sitesOfContractor.query({ contractorNo: primeContractorNo }).send();
    return Items.map(toSite);
  }

  /** AP-8 */
  async getUser(userId: string): Promise<User | undefined> {
    const { Item } = await this.e.user.build(GetItemCommand).key({ userId }).send();
    return Item && toUser(Item);
  }

  /** AP-8 (write; GSI1 feeds AP-9) */
  async putUser(u: User): Promise<void> {
    await this.e.user
      .build(PutItemCommand)
      .item({ ...toUser(u), ...gsi1.userOfContractor(u.contractorNo, u.userId) })
      .send();
  }

  /** AP-9 */
  async usersOfContractor(contractorNo: string): Promise<User[]> {
    const { Items = [] } = await this.ap.usersOfContractor.query({ contractorNo }).send();
    return Items.map(toUser);
  }

  /** AP-27 */
  async companiesOfContractor(contractorNo: string): Promise<string[]> {
    const { Items = [] } = await this.ap.companiesOfContractor.query({ contractorNo }).send();
    return Items.map((i) => i.companyId).sort();
  }

  /**
   * AP-3 (write, with audit): 事業者取込方法選択, stored under the prime that made it (R-MAPPING-SCOPE).
   * It does not enter AP-27: that index lists what the registry says a contractor's companies are, and
   * one prime's correction is not the registry's word.
   */
  async mapCompany(companyId: string, contractorNo: string, d: CorrectionDecision): Promise<void> {
    await executeTransactWrite(
      this.e.companyCorrection.build(PutTransaction).item({
        primeContractorNo: d.primeContractorNo,
        companyId,
        contractorNo,
        registeredBy: d.by,
        ...(d.siteId === undefined ? {} : { siteId: d.siteId }),
      }),
      auditPut(this.store, {
        actor: d.by,
        action: 'map-company',
        workMonth: d.workMonth,
        siteId: d.siteId,
        subject: { companyId, contractorNo, primeContractorNo: d.primeContractorNo },
        reason: d.reason,
      }),
    );
  }

  /** AP-4 (write, with audit): 技能者情報編集 (被共済者番号 entered afterwards), under the prime. */
  async mapWorker(workerId: string, memberNo: string, d: CorrectionDecision): Promise<void> {
    await executeTransactWrite(
      this.e.workerCorrection.build(PutTransaction).item({
        primeContractorNo: d.primeContractorNo,
        workerId,
        memberNo,
        registeredBy: d.by,
        ...(d.siteId === undefined ? {} : { siteId: d.siteId }),
      }),
      auditPut(this.store, {
        actor: d.by,
        action: 'map-worker',
        workMonth: d.workMonth,
        siteId: d.siteId,
        subject: { workerId, primeContractorNo: d.primeContractorNo },
        reason: d.reason,
      }),
    );
  }

  /** AP-10 (write, with audit): 強制取込, remembered for the construction (site). */
  async forceImport(siteId: string, workerId: string, d: Decision): Promise<void> {
    await executeTransactWrite(
      this.e.forcedImport.build(PutTransaction).item({ siteId, workerId, by: d.by, at: nowIso() }),
      auditPut(this.store, {
        actor: d.by,
        action: 'force-import',
        workMonth: d.workMonth,
        siteId,
        subject: { workerId },
        reason: d.reason,
      }),
    );
  }

  /** AP-11 (write, with audit): 同現場複数一次選択. */
  async chooseFirstTier(
    siteId: string,
    companyId: string,
    firstTierCompanyId: string,
    d: Decision,
  ): Promise<void> {
    await executeTransactWrite(
      this.e.firstTierChoice
        .build(PutTransaction)
        .item({ siteId, companyId, firstTierCompanyId, by: d.by, at: nowIso() }),
      auditPut(this.store, {
        actor: d.by,
        action: 'choose-first-tier',
        workMonth: d.workMonth,
        siteId,
        subject: { companyId, firstTierCompanyId },
        reason: d.reason,
      }),
    );
  }

  /** AP-12 (write, with audit): a same-day double employment reviewed. */
  async reviewDoubleEmployer(
    siteId: string,
    workMonth: string,
    workerId: string,
    d: Decision,
  ): Promise<void> {
    await executeTransactWrite(
      this.e.doubleEmployerReview
        .build(PutTransaction)
        .item({ siteId, workMonth, workerId, by: d.by, at: nowIso() }),
      auditPut(this.store, {
        actor: d.by,
        action: 'review-double-employer',
        siteId,
        workMonth,
        subject: { workerId },
        reason: d.reason,
      }),
    );
  }

  /** AP-33 (write, with audit): 取り込まない (R-EXCLUDE) of a company or a worker for one site-month. */
  async exclude(
    siteId: string,
    workMonth: string,
    subject: 'company' | 'worker',
    subjectId: string,
    d: Decision & { reason: string },
  ): Promise<Exclusion> {
    const at = nowIso();
    await executeTransactWrite(
      this.e.exclusion
        .build(PutTransaction)
        .item({ siteId, workMonth, subject, subjectId, reason: d.reason, by: d.by, at }),
      auditPut(this.store, {
        actor: d.by,
        action: 'exclude',
        siteId,
        workMonth,
        subject: subject === 'company' ? { companyId: subjectId } : { workerId: subjectId },
        reason: d.reason,
        at,
      }),
    );
    return { subject, reason: d.reason, by: d.by, at };
  }

  /** Repository view for tests and tools: the remembered corrections of a site (AP-10, AP-11). */
  async correctionsOfSite(siteId: string) {
    const [forced, choices] = await Promise.all([
      this.ap.forcedImportsOfSite.query({ siteId }).send(),
      this.ap.firstTierChoicesOfSite.query({ siteId }).send(),
    ]);
    return {
      forcedWorkerIds: (forced.Items ?? []).map((i) => i.workerId),
      firstTierChoices: (choices.Items ?? []).map((i) => ({
        companyId: i.companyId,
        firstTierCompanyId: i.firstTierCompanyId,
      })),
    };
  }
}

export interface BatchLoaderOptions {
  /** Attempts per chunk while DynamoDB returns UnprocessedKeys (throttling). */
  maxAttempts?: number;
  /** Chunks in flight at once. */
  concurrency?: number;
}

/**
 * AP-5: loads exactly what one import needs. Registry items (contractors, members, mappings, and the
 * site prime's own corrections) are point reads by BatchGetItem in chunks of 100, retried on
 * UnprocessedKeys; a last round fetches the contractors and members reached only through mappings. The remembered corrections of the
 * site are sparse, so they are read by Query (AP-10/11/12) instead of probing one key per worker.
 */
export class DynamoRegistryLoader implements RegistryLoader {
  private readonly ap: AccessPatterns;
  private readonly maxAttempts: number;
  private readonly concurrency: number;

  constructor(
    private readonly store: Store,
    options: BatchLoaderOptions = {},
  ) {
    this.ap = store.patterns;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.concurrency = options.concurrency ?? 4;
  }

  async load(needs: RegistryNeeds): Promise<RegistryView> {
    const e = this.store.entities;
    const hasSite = needs.siteId !== '';
    const hasMonth = hasSite && needs.workMonth !== '';
    const prime = needs.primeContractorNo;
    const [round1, forced, choices, doubles, exclusions] = await Promise.all([
      this.batchGet([
        ...needs.contractorNos.map(keys.contractor),
        ...needs.memberNos.map(keys.member),
        ...needs.companyIds.map(keys.companyMapping),
        ...needs.workerIds.map(keys.workerMapping),
        // R-MAPPING-SCOPE: only the corrections of the site's own prime.
        ...(prime === undefined
          ? []
          : [
              ...needs.companyIds.map((id) => keys.companyCorrection(prime, id)),
              ...needs.workerIds.map((id) => keys.workerCorrection(prime, id)),
            ]),
      ]),
      hasSite ? this.ap.forcedImportsOfSite.query({ siteId: needs.siteId }).send() : { Items: [] },
      hasSite ? this.ap.firstTierChoicesOfSite.query({ siteId: needs.siteId }).send() : { Items: [] },
      hasMonth
        ? this.ap.doubleEmployerReviewsOfMonth
            .query({ siteId: needs.siteId, workMonth: needs.workMonth })
            .send()
        : { Items: [] },
      hasMonth
        ? this.ap.exclusionsOfMonth.query({ siteId: needs.siteId, workMonth: needs.workMonth }).send()
        : { Items: [] },
    ]);

    const contractors = new Map<string, Contractor>();
    const members = new Map<string, Member>();
    const companyMappings = new Map<string, string>();
    const workerMappings = new Map<string, string>();
    const companyCorrections = new Map<string, string>();
    const workerCorrections = new Map<string, string>();
    // Corrections written before they were scoped: global items carrying registeredBy (a user id).
    const legacyCompany: { id: string; no: string; by: string }[] = [];
    const legacyWorker: { id: string; no: string; by: string }[] = [];
    const collect = (items: Raw[]) => {
      for (const raw of items) {
        switch (raw._et) {
          case e.contractor.entityName: {
            const c = e.contractor.build(EntityFormatter).format(raw);
            contractors.set(c.contractorNo, toContractor(c));
            break;
          }
          case e.member.entityName: {
            const m = e.member.build(EntityFormatter).format(raw);
            // A member who left (脱退 in the registry) is no member for a new month.
            if (m.endedAt === undefined) members.set(m.memberNo, toMember(m));
            break;
          }
          case e.companyMapping.entityName: {
            const m = e.companyMapping.build(EntityFormatter).format(raw);
            if (m.endedAt !== undefined) break;
            if (m.registeredBy === undefined) companyMappings.set(m.companyId, m.contractorNo);
            else legacyCompany.push({ id: m.companyId, no: m.contractorNo, by: m.registeredBy });
            break;
          }
          case e.workerMapping.entityName: {
            const m = e.workerMapping.build(EntityFormatter).format(raw);
            if (m.registeredBy === undefined) workerMappings.set(m.workerId, m.memberNo);
            else legacyWorker.push({ id: m.workerId, no: m.memberNo, by: m.registeredBy });
            break;
          }
          case e.companyCorrection.entityName: {
            const m = e.companyCorrection.build(EntityFormatter).format(raw);
            if (m.primeContractorNo === prime) companyCorrections.set(m.companyId, m.contractorNo);
            break;
          }
          case e.workerCorrection.entityName: {
            const m = e.workerCorrection.build(EntityFormatter).format(raw);
            if (m.primeContractorNo === prime) workerCorrections.set(m.workerId, m.memberNo);
            break;
          }
        }
      }
    };
    collect(round1);

    // Legacy corrections keep working for the prime whose user made them, and for no one else: the
    // user's contractor is read (rare: only items written before the scoping carry registeredBy).
    if (prime !== undefined && legacyCompany.length + legacyWorker.length > 0) {
      const byUser = new Map<string, string>();
      const users = await this.batchGet(
        [...new Set([...legacyCompany, ...legacyWorker].map((l) => l.by))].map(keys.user),
      );
      for (const raw of users) {
        if (raw._et !== e.user.entityName) continue;
        const u = e.user.build(EntityFormatter).format(raw);
        byUser.set(u.userId, u.contractorNo);
      }
      for (const l of legacyCompany)
        if (byUser.get(l.by) === prime && !companyCorrections.has(l.id)) companyCorrections.set(l.id, l.no);
      for (const l of legacyWorker)
        if (byUser.get(l.by) === prime && !workerCorrections.has(l.id)) workerCorrections.set(l.id, l.no);
    }

    // Numbers reached only through mappings and corrections must be in the view too (engine.ts needs()).
    const moreContractors = [
      ...new Set([...companyMappings.values(), ...companyCorrections.values()]),
    ].filter((no) => !contractors.has(no));
    const moreMembers = [...new Set([...workerMappings.values(), ...workerCorrections.values()])].filter(
      (no) => !members.has(no),
    );
    if (moreContractors.length + moreMembers.length > 0) {
      collect(
        await this.batchGet([...moreContractors.map(keys.contractor), ...moreMembers.map(keys.member)]),
      );
    }

    const forcedSet = new Set((forced.Items ?? []).map((i) => i.workerId));
    const choiceMap = new Map((choices.Items ?? []).map((i) => [i.companyId, i.firstTierCompanyId]));
    const doubleSet = new Set((doubles.Items ?? []).map((i) => i.workerId));
    const siteId = needs.siteId;
    const workMonth = needs.workMonth;
    const out = new Map<string, Exclusion>(
      (exclusions.Items ?? []).map((i) => [
        `${i.subject}#${i.subjectId}`,
        { subject: i.subject, reason: i.reason, by: i.by, at: i.at },
      ]),
    );
    const exclusion = (s: string, m: string, subject: string, id: string) =>
      s === siteId && m === workMonth ? out.get(`${subject}#${id}`) : undefined;
    return {
      contractor: (no) => contractors.get(no),
      member: (no) => members.get(no),
      companyMapping: (id) => companyMappings.get(id),
      workerMapping: (id) => workerMappings.get(id),
      companyCorrection: (id) => companyCorrections.get(id),
      workerCorrection: (id) => workerCorrections.get(id),
      isForcedImport: (s, w) => s === siteId && forcedSet.has(w),
      chosenFirstTier: (s, c) => (s === siteId ? choiceMap.get(c) : undefined),
      isDoubleEmployerReviewed: (s, m, w) => s === siteId && m === workMonth && doubleSet.has(w),
      companyExclusion: (s, m, c) => exclusion(s, m, 'company', c),
      workerExclusion: (s, m, w) => exclusion(s, m, 'worker', w),
    };
  }

  /** BatchGetItem over any number of keys: chunks of 100, UnprocessedKeys retried with backoff. */
  async batchGet(tableKeys: readonly TableKey[]): Promise<Raw[]> {
    const unique = [...new Map(tableKeys.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
    const chunks = chunk(unique, LIMITS.batchGet);
    const out: Raw[] = [];
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const c = chunks[next++]!;
        out.push(...(await this.getChunk(c)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, chunks.length) }, worker));
    return out;
  }

  private async getChunk(chunkKeys: TableKey[]): Promise<Raw[]> {
    const table = this.store.tableName;
    const items: Raw[] = [];
    let pending: TableKey[] = chunkKeys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= this.maxAttempts) {
        throw new Error(
          `BatchGetItem: ${pending.length} keys still unprocessed after ${this.maxAttempts} attempts`,
        );
      }
      if (attempt > 0) await backoff(attempt);
      const r = await this.store.documentClient.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: false } } }),
      );
      items.push(...((r.Responses?.[table] ?? []) as Raw[]));
      pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
    }
    return items;
  }
}
