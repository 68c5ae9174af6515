// Authorization in one place: who the caller is (JWT claims), how the caller relates to a resource, and
// the matrix action × relation × role that decides allow / 403 / 404.
//
// - A resource of another contractor is invisible: 404, never 403 (a 403 would confirm it exists).
// - A visible resource with an insufficient role: 403.
// - The prime's 事業者責任者 / 管理者 / 現場管理者 set up sites, correct and apply (manual 000 手順1: the
//   管理者権限 roles make settings). 承認 commits the prime's money: only 事業者責任者 and 管理者 (the
//   manual gives 承認 to the prime's authorised users; we take the two that hold authority over the
//   company, 現場管理者 being site-level). 担当者 reads and reports only.
// - A 一次 (or lower-tier employer) in the current import's chain reads its own chain; a 一次 reports for
//   itself (報告する), and its managers adjust and correct its own chain until then (R-FIRST-TIER). The
//   prime may report for a 一次 that stayed silent past the deadline (R-DEADLINE). Deleting a site: 事業者責任者 or the person who set it up (manual 000 手順1).
// - Crediting points (payment notices) is for the payments notifier only: a machine whose client-credentials
//   access token carries the PAYMENTS_SCOPE (API Gateway checks the scope on that route too). A machine
//   token may do nothing else; a person's token never credits.
// - The audit trail (read-audit): the prime's managers read their sites' and their contractor's; a 一次's
//   managers read their own actions on a month of their chain (the use case filters); the operators group
//   reads every trail, and nothing else.
import type { ChainCompany } from '../../domain/import/types.js';
import type { CycleDeps } from '../../domain/ports/cycle.js';
import type { ImportRecord } from '../../domain/ports/storage.js';
import type { Role } from '../../domain/types.js';
import {
  chainCompaniesOfContractor,
  type MonthAccess,
  type Relation,
  type SiteAccess,
} from '../shared/use-cases/month/access.js';
import { type ApiEvent, HttpProblem } from './http.js';

export type { MonthAccess, Relation, SiteAccess };

export const ROLES: readonly Role[] = ['事業者責任者', '管理者', '現場管理者', '担当者'];
/** The resource-server scope (Cognito `<identifier>/<scope>`) of the payments notifier's token. */
export const PAYMENTS_SCOPE = 'kentaikyo/payments';
/** 建退共's operators (運用担当): they read every audit trail, as a yearly audit asks; nothing else. */
export const OPERATORS_GROUP = 'operators';

export type Action =
  | 'read'
  | 'correct'
  | 'correct-chain'
  | 'report'
  | 'apply'
  | 'approve'
  | 'credit'
  | 'convert-stamps'
  | 'manage-site'
  | 'delete-site'
  | 'read-ledger'
  | 'statement'
  | 'read-audit';

/** The OAuth scopes API Gateway requires of a route's token before the function runs (ID tokens have none). */
export const gatewayScopesOf = (action: Action): string[] => (action === 'credit' ? [PAYMENTS_SCOPE] : []);

export const ACTIONS: readonly Action[] = [
  'read',
  'correct',
  'correct-chain',
  'report',
  'apply',
  'approve',
  'credit',
  'convert-stamps',
  'manage-site',
  'delete-site',
  'read-ledger',
  'statement',
  'read-audit',
];

export interface Principal {
  /** `sub`: the user id (or the machine client's id). */
  id: string;
  contractorNo?: string;
  role?: Role;
  groups: string[];
  /** OAuth scopes of a machine's access token (client credentials); people send ID tokens, without. */
  scopes?: string[];
}

/** A machine caller: an access token with scopes and no person behind it (no contractor, no role). */
export const isMachine = (p: Principal): boolean =>
  (p.scopes?.length ?? 0) > 0 && p.contractorNo === undefined && p.role === undefined;

const MANAGERS: readonly Role[] = ['事業者責任者', '管理者', '現場管理者'];
const APPROVERS: readonly Role[] = ['事業者責任者', '管理者'];

interface Cell {
  own: readonly Role[];
  chain: readonly Role[];
}

/** Roles allowed per action and relation (`other` is always 404; credit is for the notifier group). */
export const MATRIX: Readonly<Record<Action, Cell>> = {
  read: { own: ROLES, chain: ROLES },
  // Corrections that decide for the whole month (同現場複数一次選択, 取り込まない, the 未登録技能者 sheet).
  correct: { own: MANAGERS, chain: [] },
  // R-FIRST-TIER: a 一次's managers adjust and correct their own chain before 報告する (手順3〜4); the
  // use case checks the subject is in the caller's chain and that chain is not reported yet.
  'correct-chain': { own: MANAGERS, chain: MANAGERS },
  // A 一次 reports for itself; the prime only for a silent 一次 after the deadline (the use case checks).
  report: { own: MANAGERS, chain: ROLES },
  apply: { own: MANAGERS, chain: [] },
  approve: { own: APPROVERS, chain: [] },
  credit: { own: [], chain: [] },
  'convert-stamps': { own: [], chain: [] },
  'manage-site': { own: MANAGERS, chain: [] },
  // Besides the 事業者責任者, the user who set the site up (see decide()).
  'delete-site': { own: ['事業者責任者'], chain: [] },
  'read-ledger': { own: ROLES, chain: [] },
  // A member's whole contribution record: not for 担当者.
  statement: { own: MANAGERS, chain: [] },
  // Who did what, by name of user: for the managers; a 一次's see only their own contractor's actions.
  'read-audit': { own: MANAGERS, chain: MANAGERS },
};

export type Verdict = 'allow' | 'forbidden' | 'not-found';

/** The matrix, pure: what `principal` may do to a resource it relates to as `relation`. */
export function decide(
  action: Action,
  relation: Relation,
  principal: Principal,
  resource: { createdBy?: string } = {},
): Verdict {
  if (action === 'credit') {
    if (isMachine(principal) && principal.scopes!.includes(PAYMENTS_SCOPE)) return 'allow';
    return relation === 'other' ? 'not-found' : 'forbidden';
  }
  if (action === 'convert-stamps') {
    // 約款 第12条4: the 機構 converts stamps handed in; the operators record it (or the notifier relays it).
    if (isMachine(principal)) return principal.scopes!.includes(PAYMENTS_SCOPE) ? 'allow' : 'forbidden';
    return isOperator(principal) ? 'allow' : relation === 'other' ? 'not-found' : 'forbidden';
  }
  // A machine token may credit only.
  if (isMachine(principal)) return 'forbidden';
  // The operators read every trail (people of the 機構: no contractor, no role).
  if (action === 'read-audit' && isOperator(principal)) return 'allow';
  if (principal.contractorNo === undefined || principal.role === undefined) return 'forbidden';
  if (relation === 'other') return 'not-found';
  const cell = MATRIX[action];
  if (cell[relation].includes(principal.role)) return 'allow';
  if (action === 'delete-site' && relation === 'own' && resource.createdBy === principal.id) return 'allow';
  return 'forbidden';
}

export const isOperator = (principal: Principal) => principal.groups.includes(OPERATORS_GROUP);

/** Throws the problem of a verdict other than allow. */
export function authorize(
  action: Action,
  relation: Relation,
  principal: Principal,
  resource: { createdBy?: string } = {},
): void {
  const v = decide(action, relation, principal, resource);
  if (v === 'not-found') throw new HttpProblem('not-found');
  if (v === 'forbidden') throw new HttpProblem('forbidden', `この操作（${action}）を行う権限がありません`);
}

// ---------------------------------------------------------------- the caller, from the JWT claims

const roleSet = new Set<string>(ROLES);

function groupsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string' || v === '') return [];
  // API Gateway renders a list claim as "[a b]" (or a JSON array string, depending on the issuer).
  const t = v.trim();
  if (t.startsWith('[') && t.includes('"')) {
    try {
      return (JSON.parse(t) as unknown[]).map(String);
    } catch {
      /* fall through */
    }
  }
  return t
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The principal of a request (claims verified by the HttpJwtAuthorizer); 401 without a subject. */
export function principalOf(event: ApiEvent): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '' || sub.includes('#')) throw new HttpProblem('unauthenticated');
  const contractorNo = claims['custom:contractorNo'];
  const role = claims['custom:role'];
  const p: Principal = { id: sub, groups: groupsOf(claims['cognito:groups']) };
  // An access token names its scopes (space-separated); a client-credentials one is the notifier's.
  const scope = claims.scope;
  if (claims.token_use === 'access' && typeof scope === 'string' && scope.trim() !== '')
    p.scopes = scope.trim().split(/\s+/);
  if (typeof contractorNo === 'string' && contractorNo !== '') p.contractorNo = contractorNo;
  if (typeof role === 'string' && roleSet.has(role)) p.role = role as Role;
  return p;
}

// ---------------------------------------------------------------- relations to resources

/** The caller's companies in an import's chain (tier ≥ 1), by 共済契約者番号. */
export function chainCompaniesOf(imp: ImportRecord | undefined, principal: Principal): ChainCompany[] {
  return chainCompaniesOfContractor(imp, principal.contractorNo);
}

/**
 * R-SITE-OWNER: the 共済契約者番号 of the 元請 an import names, as the file or the registry gave it (never
 * a 事後登録 correction, which the site's registrant could make itself); undefined when not known.
 */
export function importPrimeContractorNo(imp: ImportRecord | undefined): string | undefined {
  if (!imp) return undefined;
  const prime = imp.companies.find((c) => c.companyId === imp.primeCompanyId && c.tier === 0);
  if (!prime?.contractorNo || prime.contractorNoSource === 'correction') return undefined;
  return prime.contractorNo;
}

/**
 * A site-month: own when the caller's contractor is the site's prime — and, when the current import names
 * its 元請, that 元請 too (R-SITE-OWNER: a month whose file belongs to another company is not the
 * registrant's, whatever it registered) — chain when it is in the import's chain.
 */
export async function monthAccess(
  deps: Pick<CycleDeps, 'registry' | 'imports'>,
  principal: Principal,
  siteId: string,
  workMonth: string,
): Promise<MonthAccess> {
  const [site, imp] = await Promise.all([
    deps.registry.getSite(siteId),
    deps.imports.currentImport(siteId, workMonth),
  ]);
  const base = { ...(site ? { site } : {}), ...(imp ? { imp } : {}) };
  const filePrime = importPrimeContractorNo(imp);
  if (
    site &&
    principal.contractorNo !== undefined &&
    site.primeContractorNo === principal.contractorNo &&
    (filePrime === undefined || filePrime === principal.contractorNo)
  )
    return { relation: 'own', ...base, companies: [] };
  const companies = chainCompaniesOf(imp, principal);
  if (companies.length > 0) return { relation: 'chain', ...base, companies };
  return { relation: 'other', ...base, companies: [] };
}

/**
 * A site (linkage setting): own when the caller's contractor is its prime; a site not registered yet, or
 * deleted by its prime (released), is the caller's to create. `heldByOther`: the 現場ID is registered
 * to another prime (R-SITE-OWNER) — registering it answers 409, reading or deleting it 404.
 */
export async function siteAccess(
  deps: Pick<CycleDeps, 'registry'>,
  principal: Principal,
  siteId: string,
): Promise<SiteAccess> {
  const site = await deps.registry.getSite(siteId);
  if (!site) return { relation: principal.contractorNo === undefined ? 'other' : 'own' };
  if (site.primeContractorNo === principal.contractorNo) return { relation: 'own', site };
  if (site.deletedAt !== undefined && principal.contractorNo !== undefined) return { relation: 'own' };
  return { relation: 'other', site, heldByOther: true };
}

export function contractorRelation(principal: Principal, contractorNo: string): Relation {
  return principal.contractorNo !== undefined && principal.contractorNo === contractorNo ? 'own' : 'other';
}
