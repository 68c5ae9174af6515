// An in-memory registry (master.json for `cycle check`, and tests). load() answers only the keys an
// import declared in its needs, like the storage adapter would, so a missing key in needs() shows up here.
import type { RegistryLoader, RegistryNeeds, RegistryView } from '../ports/registry.js';
import type { Contractor, Member } from '../types.js';
import type { Exclusion } from './types.js';

export interface RegistryData {
  contractors: Contractor[];
  members: Member[];
  /** The registry's own numbers for CCUS ids (global). */
  companyMappings: { companyId: string; contractorNo: string }[];
  workerMappings: { workerId: string; memberNo: string }[];
  /** 事後登録 corrections, each made by one prime and applying to that prime's sites only (R-MAPPING-SCOPE). */
  companyCorrections?: { primeContractorNo: string; companyId: string; contractorNo: string }[];
  workerCorrections?: { primeContractorNo: string; workerId: string; memberNo: string }[];
  forcedImports?: { siteId: string; workerId: string }[];
  firstTierChoices?: { siteId: string; companyId: string; firstTierCompanyId: string }[];
  reviewedDoubleEmployers?: { siteId: string; workMonth: string; workerId: string }[];
  /** R-EXCLUDE: 取り込まない of a company or a worker for one site-month. */
  exclusions?: (Omit<Exclusion, 'subject'> & {
    siteId: string;
    workMonth: string;
    companyId?: string;
    workerId?: string;
  })[];
}

// NUL cannot occur in ids, so joined keys cannot collide.
const key = (...parts: string[]): string => parts.join('\u0000');

interface Tables {
  contractors: Map<string, Contractor>;
  members: Map<string, Member>;
  companyMappings: Map<string, string>;
  workerMappings: Map<string, string>;
  /** The corrections of one prime only (the one whose site is imported). */
  companyCorrections: Map<string, string>;
  workerCorrections: Map<string, string>;
  forced: Set<string>;
  choices: Map<string, string>;
  reviewed: Set<string>;
  /** key(siteId, workMonth, 'company' | 'worker', id) → the decision. */
  exclusions: Map<string, Exclusion>;
}

function view(t: Tables): RegistryView {
  return {
    contractor: (contractorNo) => t.contractors.get(contractorNo),
    member: (memberNo) => t.members.get(memberNo),
    companyMapping: (companyId) => t.companyMappings.get(companyId),
    workerMapping: (workerId) => t.workerMappings.get(workerId),
    companyCorrection: (companyId) => t.companyCorrections.get(companyId),
    workerCorrection: (workerId) => t.workerCorrections.get(workerId),
    isForcedImport: (siteId, workerId) => t.forced.has(key(siteId, workerId)),
    chosenFirstTier: (siteId, companyId) => t.choices.get(key(siteId, companyId)),
    isDoubleEmployerReviewed: (siteId, workMonth, workerId) =>
      t.reviewed.has(key(siteId, workMonth, workerId)),
    companyExclusion: (siteId, workMonth, companyId) =>
      t.exclusions.get(key(siteId, workMonth, 'company', companyId)),
    workerExclusion: (siteId, workMonth, workerId) =>
      t.exclusions.get(key(siteId, workMonth, 'worker', workerId)),
  };
}

/** Keep only the entries of `map` whose key is in `keys`. */
function pick<V>(map: Map<string, V>, keys: Iterable<string>): Map<string, V> {
  const out = new Map<string, V>();
  for (const k of keys) {
    const v = map.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

/** Keep the site-scoped keys of this site (and month, when the key has one) for the needed subjects. */
function pickScoped(set: Set<string>, prefix: string[], subjects: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of subjects) if (set.has(key(...prefix, s))) out.add(key(...prefix, s));
  return out;
}

/** The corrections made by `prime` (none without a prime). */
function correctionsOf(data: RegistryData, prime: string | undefined) {
  const mine = <T extends { primeContractorNo: string }>(list: T[] | undefined): T[] =>
    prime === undefined ? [] : (list ?? []).filter((c) => c.primeContractorNo === prime);
  return {
    companyCorrections: new Map(mine(data.companyCorrections).map((m) => [m.companyId, m.contractorNo])),
    workerCorrections: new Map(mine(data.workerCorrections).map((m) => [m.workerId, m.memberNo])),
  };
}

/**
 * `options.primeContractorNo`: the prime whose corrections the synchronous view answers (load() takes it
 * from `RegistryNeeds` instead).
 */
export function createInMemoryRegistry(
  data: RegistryData,
  options: { primeContractorNo?: string } = {},
): RegistryView & RegistryLoader {
  const t: Tables = {
    contractors: new Map(data.contractors.map((c) => [c.contractorNo, c])),
    members: new Map(data.members.map((m) => [m.memberNo, m])),
    companyMappings: new Map(data.companyMappings.map((m) => [m.companyId, m.contractorNo])),
    workerMappings: new Map(data.workerMappings.map((m) => [m.workerId, m.memberNo])),
    ...correctionsOf(data, options.primeContractorNo),
    forced: new Set((data.forcedImports ?? []).map((f) => key(f.siteId, f.workerId))),
    choices: new Map(
      (data.firstTierChoices ?? []).map((c) => [key(c.siteId, c.companyId), c.firstTierCompanyId]),
    ),
    reviewed: new Set(
      (data.reviewedDoubleEmployers ?? []).map((r) => key(r.siteId, r.workMonth, r.workerId)),
    ),
    exclusions: new Map(
      (data.exclusions ?? []).map((x) => {
        const subject = x.companyId !== undefined ? 'company' : 'worker';
        const id = x.companyId ?? x.workerId ?? '';
        const decision: Exclusion = { subject, reason: x.reason, by: x.by, at: x.at };
        return [key(x.siteId, x.workMonth, subject, id), decision];
      }),
    ),
  };

  async function load(needs: RegistryNeeds): Promise<RegistryView> {
    const companyMappings = pick(t.companyMappings, needs.companyIds);
    const workerMappings = pick(t.workerMappings, needs.workerIds);
    const mine = correctionsOf(data, needs.primeContractorNo);
    const companyCorrections = pick(mine.companyCorrections, needs.companyIds);
    const workerCorrections = pick(mine.workerCorrections, needs.workerIds);
    // Like the storage adapter: numbers reached through mappings and corrections are loaded with the file's.
    const choiceKeys = needs.companyIds.map((c) => key(needs.siteId, c));
    return view({
      contractors: pick(t.contractors, [
        ...needs.contractorNos,
        ...companyMappings.values(),
        ...companyCorrections.values(),
      ]),
      members: pick(t.members, [
        ...needs.memberNos,
        ...workerMappings.values(),
        ...workerCorrections.values(),
      ]),
      companyMappings,
      workerMappings,
      companyCorrections,
      workerCorrections,
      forced: pickScoped(t.forced, [needs.siteId], needs.workerIds),
      choices: pick(t.choices, choiceKeys),
      reviewed: pickScoped(t.reviewed, [needs.siteId, needs.workMonth], needs.workerIds),
      exclusions: pick(t.exclusions, [
        ...needs.companyIds.map((c) => key(needs.siteId, needs.workMonth, 'company', c)),
        ...needs.workerIds.map((w) => key(needs.siteId, needs.workMonth, 'worker', w)),
      ]),
    });
  }

  return { ...view(t), load };
}
