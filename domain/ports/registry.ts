// Ports: what the rules need from the outside world, declared here and implemented by adapters.
import type { Exclusion } from '../import/types.js';
import type { Contractor, Member } from '../types.js';

/**
 * Read-only view of the 建退共 registry and of the corrections remembered for a site,
 * as the import validation needs it. Synchronous on purpose: the adapter batch-loads what an
 * import needs (see `RegistryNeeds`) before validation, so the rules never wait on I/O per row.
 */
export interface RegistryView {
  contractor(contractorNo: string): Contractor | undefined;
  member(memberNo: string): Member | undefined;
  /** The 共済契約者番号 the 建退共 registry holds for a CCUS 事業者ID (global: the registry's own fact). */
  companyMapping(companyId: string): string | undefined;
  /** The 被共済者番号 the 建退共 registry holds for a CCUS 技能者ID (global). */
  workerMapping(workerId: string): string | undefined;
  /**
   * 事業者取込方法選択 (事後登録) made by the prime of the site being imported, and only by it
   * (R-MAPPING-SCOPE): the loader answers the corrections of `RegistryNeeds.primeContractorNo` only.
   */
  companyCorrection(companyId: string): string | undefined;
  /** 技能者情報編集 (事後登録) made by the prime of the site being imported, and only by it. */
  workerCorrection(workerId: string): string | undefined;
  /** 強制取込 remembered for this site (construction) and worker. */
  isForcedImport(siteId: string, workerId: string): boolean;
  /** 同現場複数一次選択: the 一次 chosen for a company on this site. */
  chosenFirstTier(siteId: string, companyId: string): string | undefined;
  /** A reviewed same-day double employment for this site, month and worker (F-DOUBLE-EMPLOYER). */
  isDoubleEmployerReviewed(siteId: string, workMonth: string, workerId: string): boolean;
  /** R-EXCLUDE: a company the prime left out of this site-month (取り込まない). */
  companyExclusion(siteId: string, workMonth: string, companyId: string): Exclusion | undefined;
  /** R-EXCLUDE: a worker the prime left out of this site-month (取り込まない). */
  workerExclusion(siteId: string, workMonth: string, workerId: string): Exclusion | undefined;
}

/** The keys an import will look up; adapters load exactly these in batches. */
export interface RegistryNeeds {
  siteId: string;
  workMonth: string;
  /**
   * The 共済契約者番号 of the site's registered prime: whose 事後登録 corrections apply (R-MAPPING-SCOPE).
   * Absent: no corrections are loaded at all.
   */
  primeContractorNo?: string;
  contractorNos: string[];
  memberNos: string[];
  companyIds: string[];
  workerIds: string[];
}

/** Async loader implemented by storage (DynamoDB) and by the in-memory master (cycle check). */
export interface RegistryLoader {
  load(needs: RegistryNeeds): Promise<RegistryView>;
}

/**
 * The business figures the operators watch (a CloudWatch metric each in AWS). Use cases count what
 * happened where it happens; the adapter decides where counts go (Powertools EMF in a Lambda, the
 * debug log elsewhere, a list in tests).
 */
export const BUSINESS_METRICS = [
  'FilesReceived',
  'FilesRefused',
  'FlagsRaised',
  'MonthsCharged',
  'PointsDebited',
  'WaitsOverdue',
  'NoticesSent',
  'NoticesFailed',
] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];

export interface MetricsPort {
  /** Adds `value` (default 1; a count or, for PointsDebited, points) to the metric. */
  count(metric: BusinessMetric, value?: number): void;
}

/** Counts nothing: the default where no adapter is given. */
export const NO_METRICS: MetricsPort = { count: () => {} };
