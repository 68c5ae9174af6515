// The audit trail as a yearly audit reads it, shared by the month's and the contractor's: a range of
// Japan days, once each and oldest first, a page at a time (opaque cursor) or whole as CSV.
import type { AuditRecord } from '../../../../domain/ports/storage.js';
import { csvRecord } from '../../ccus/escape.js';
import { InvalidInput } from '../errors.js';
import type { AppDeps } from './deps.js';

export interface AuditRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditPage extends AuditRange {
  limit: number;
  cursor?: string | undefined;
}

export type Scope = 'all' | 'own-actions';

export interface Trail {
  scope: Scope;
  records: AuditRecord[];
}

/** Japan's day boundaries in UTC ISO (records are stamped in UTC). */
const startOf = (day: string) => new Date(`${day}T00:00:00+09:00`).toISOString();
const endOf = (day: string) =>
  new Date(new Date(`${day}T00:00:00+09:00`).getTime() + 86_400_000).toISOString();

const orderKey = (r: AuditRecord) => `${r.at}#${r.auditId}`;

export function inRange(records: AuditRecord[], range: AuditRange): AuditRecord[] {
  const from = range.from ? startOf(range.from) : '';
  const to = range.to ? endOf(range.to) : '\uffff';
  return records.filter((r) => r.at >= from && r.at < to);
}

/** Once each (a record may be reached by its site and by its actor), oldest first. */
export function ordered(records: AuditRecord[]): AuditRecord[] {
  const byId = new Map(records.map((r) => [r.auditId, r]));
  return [...byId.values()].sort((a, b) => orderKey(a).localeCompare(orderKey(b)));
}

export function auditLog(deps: Pick<AppDeps, 'audit'>) {
  const log = deps.audit;
  if (!log) throw new Error('audit log not configured');
  return log;
}

/** The users of a contractor, and the caller itself (a user the directory may not list yet). */
export async function ownActors(
  deps: Pick<AppDeps, 'registry'>,
  caller: { contractorNo: string; userId: string },
): Promise<Set<string>> {
  const users = await deps.registry.usersOfContractor(caller.contractorNo);
  return new Set([caller.userId, ...users.map((u) => u.userId)]);
}

const encodeCursor = (r: AuditRecord) => Buffer.from(orderKey(r)).toString('base64url');

export function page(trail: Trail, q: AuditPage) {
  const all = ordered(inRange(trail.records, q));
  let start = 0;
  if (q.cursor !== undefined) {
    const after = Buffer.from(q.cursor, 'base64url').toString('utf8');
    if (!/^\d{4}-\d{2}-\d{2}T[^#]+#.+$/.test(after))
      throw new InvalidInput('cursor はこの API が返した nextCursor を指定してください');
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
