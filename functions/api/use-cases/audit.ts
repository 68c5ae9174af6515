// The audit trail as a yearly audit reads it: per site-month and per contractor, in time order, a page at
// a time or whole as CSV. Who reads what: the operators group everything; the prime's managers the trail
// of their sites and their contractor; a 一次's managers only their own contractor's actions on a month
// of their chain. Records carry ids and codes, never names or 被共済者番号 (storage refuses them).
import type { AuditRecord } from '../../../domain/ports/storage.js';
import { csvRecord } from '../../shared/ccus/escape.js';
import { contractorRelation, isOperator, monthAccess } from '../authz.js';
import { HttpProblem } from '../http.js';
import type { Caller } from './common.js';

export interface AuditRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditPage extends AuditRange {
  limit: number;
  cursor?: string | undefined;
}

type Scope = 'all' | 'own-actions';

interface Trail {
  scope: Scope;
  records: AuditRecord[];
}

/** Japan's day boundaries in UTC ISO (records are stamped in UTC). */
const startOf = (day: string) => new Date(`${day}T00:00:00+09:00`).toISOString();
const endOf = (day: string) =>
  new Date(new Date(`${day}T00:00:00+09:00`).getTime() + 86_400_000).toISOString();

const orderKey = (r: AuditRecord) => `${r.at}#${r.auditId}`;

function inRange(records: AuditRecord[], range: AuditRange): AuditRecord[] {
  const from = range.from ? startOf(range.from) : '';
  const to = range.to ? endOf(range.to) : '\uffff';
  return records.filter((r) => r.at >= from && r.at < to);
}

/** Once each (a record may be reached by its site and by its actor), oldest first. */
function ordered(records: AuditRecord[]): AuditRecord[] {
  const byId = new Map(records.map((r) => [r.auditId, r]));
  return [...byId.values()].sort((a, b) => orderKey(a).localeCompare(orderKey(b)));
}

function auditLog(c: Caller) {
  const log = c.deps.audit;
  if (!log) throw new Error('audit log not configured');
  return log;
}

/** The users of the caller's contractor, and the caller itself (a user the directory may not list yet). */
async function ownActors(c: Caller): Promise<Set<string>> {
  const users = await c.deps.registry.usersOfContractor(c.principal.contractorNo!);
  return new Set([c.principal.id, ...users.map((u) => u.userId)]);
}

/**
 * A site-month's trail: its records, and the site's records that name no month (corrections remembered for
 * the site, the site's setting), which the month was decided under.
 */
async function monthTrail(c: Caller, siteId: string, workMonth: string): Promise<Trail> {
  let scope: Scope = 'all';
  if (!isOperator(c.principal)) {
    const access = await monthAccess(c.deps, c.principal, siteId, workMonth);
    c.authorize(access.relation);
    if (access.relation === 'chain') scope = 'own-actions';
  }
  let records = (await auditLog(c).bySite(siteId)).filter(
    (r) => r.workMonth === undefined || r.workMonth === workMonth,
  );
  if (scope === 'own-actions') {
    const mine = await ownActors(c);
    records = records.filter((r) => mine.has(r.actor));
  }
  return { scope, records };
}

/**
 * A contractor's trail: what its users did (anywhere), what happened on its sites (files, charges, every
 * decision there), and what names it without a site (payments credited to it, registry imports).
 */
async function contractorTrail(c: Caller, contractorNo: string): Promise<Trail> {
  if (!isOperator(c.principal)) c.authorize(contractorRelation(c.principal, contractorNo));
  const log = auditLog(c);
  const [users, sites, global] = await Promise.all([
    c.deps.registry.usersOfContractor(contractorNo),
    c.deps.registry.sitesOfContractor(contractorNo),
    log.global(),
  ]);
  const actors = new Set([
    ...users.map((u) => u.userId),
    ...(isOperator(c.principal) ? [] : [c.principal.id]),
  ]);
  const parts = await Promise.all([
    ...[...actors].map((a) => log.byActor(a)),
    ...sites.map((s) => log.bySite(s.siteId)),
  ]);
  const named = global.filter((r) => r.subject.contractorNo === contractorNo);
  return { scope: 'all', records: [...parts.flat(), ...named] };
}

const encodeCursor = (r: AuditRecord) => Buffer.from(orderKey(r)).toString('base64url');

function page(trail: Trail, q: AuditPage) {
  const all = ordered(inRange(trail.records, q));
  let start = 0;
  if (q.cursor !== undefined) {
    const after = Buffer.from(q.cursor, 'base64url').toString('utf8');
    if (!/^\d{4}-\d{2}-\d{2}T[^#]+#.+$/.test(after))
      throw new HttpProblem('invalid-input', 'cursor はこの API が返した nextCursor を指定してください');
    start = all.findIndex((r) => orderKey(r) > after);
    if (start < 0) start = all.length;
  }
  const items = all.slice(start, start + q.limit);
  const more = start + q.limit < all.length;
  return {
    scope: trail.scope,
    items,
    ...(more && items.length > 0 ? { nextCursor: encodeCursor(items[items.length - 1]!) } : {}),
  };
}

export async function monthAudit(c: Caller, siteId: string, workMonth: string, q: AuditPage) {
  return page(await monthTrail(c, siteId, workMonth), q);
}

export async function contractorAudit(c: Caller, contractorNo: string, q: AuditPage) {
  return page(await contractorTrail(c, contractorNo), q);
}

/** Japan time, as the people who read the export live it. */
const jst = (iso: string) =>
  new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

/**
 * The whole range as CSV, UTF-8 with a BOM so that Excel shows the Japanese; one line per record, the
 * subject as `key=value` pairs.
 */
export function auditCsv(trail: { records: AuditRecord[] }): Uint8Array {
  const rows = trail.records.map((r) => [
    jst(r.at),
    r.actor,
    r.action,
    r.siteId ?? '',
    r.workMonth ?? '',
    Object.entries(r.subject)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    r.reason ?? '',
    r.auditId,
  ]);
  const header = ['日時（日本時間）', '操作者', '操作', '現場ID', '対象年月', '対象', '理由', '記録ID'];
  // csvRecord quotes what needs quoting and makes a formula-looking reason (=HYPERLINK…) inert text.
  const text = [header, ...rows].map(csvRecord).join('');
  return new TextEncoder().encode(`\ufeff${text}`);
}

export async function monthAuditCsv(c: Caller, siteId: string, workMonth: string, range: AuditRange) {
  const trail = await monthTrail(c, siteId, workMonth);
  return auditCsv({ records: ordered(inRange(trail.records, range)) });
}

export async function contractorAuditCsv(c: Caller, contractorNo: string, range: AuditRange) {
  const trail = await contractorTrail(c, contractorNo);
  return auditCsv({ records: ordered(inRange(trail.records, range)) });
}
