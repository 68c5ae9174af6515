// Names and ids of a site-month's cycle, derived deterministically so replays find the same ones.
import { createHash } from 'node:crypto';

/** `ccus/<現場ID>/<YYYYMM>/<name>.csv` → site and work month, or null when the key is not an inbox file. */
export function parseInboxKey(key: string): { siteId: string; workMonth: string } | null {
  const m = /^ccus\/([0-9]{1,20})\/([0-9]{4})(0[1-9]|1[0-2])\/[^/]+$/.exec(key);
  return m ? { siteId: m[1]!, workMonth: `${m[2]}-${m[3]}` } : null;
}

/** One import per object version: the same event replayed gives the same id. */
export function importIdOf(key: string, versionId: string): string {
  return createHash('sha256').update(`${key}\n${versionId}`).digest('hex').slice(0, 20);
}

/** Step Functions execution names allow 80 characters of [A-Za-z0-9-_]. */
export function executionNameOf(siteId: string, workMonth: string, importId: string): string {
  return `ccus-${siteId}-${workMonth.replace('-', '')}-${importId}`;
}
