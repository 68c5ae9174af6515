// PresignUpload (手動連携: the prime's managers upload the month's CCUS file themselves)
// In: the site-month, the file's content type and size, who. Out: a presigned PUT (url, headers, key).
// Course: a new key under ccus/<現場ID>/<YYYYMM>/ each time; the upload then starts the month exactly as a
// file CCUS drops (S3 event → start-cycle); who brought it in is audited here, the file when it lands.
import { randomBytes } from 'node:crypto';
import { Unavailable } from './errors.js';
import type { MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { parseInboxKey } from './month/ids.js';

/** `ccus/<現場ID>/<YYYYMM>/manual-<UTC time>-<random>.csv`: a new object each time, never another's. */
export function uploadKeyOf(siteId: string, workMonth: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `ccus/${siteId}/${workMonth.replace('-', '')}/manual-${stamp}-${randomBytes(4).toString('hex')}.csv`;
}

export async function presignUpload(
  deps: AppDeps,
  input: MonthRef & { by: string; contentType: string; size: number },
) {
  const { siteId, workMonth } = input;
  const signer = deps.uploads;
  if (!signer) throw new Unavailable('アップロード先が設定されていません。運用担当者に連絡してください');
  const now = deps.now();
  const key = uploadKeyOf(siteId, workMonth, now);
  // The inbox parses the key back into the site and month: the two must agree (one concept, one place).
  const parsed = parseInboxKey(key);
  if (parsed?.siteId !== siteId || parsed.workMonth !== workMonth)
    throw new Error(`upload key ${key} does not parse back to its site-month`);
  const put = await signer.presignPut({ key, contentType: input.contentType, size: input.size, now });
  // Who brought a file in by hand: the file itself is audited when it lands (received or refused).
  await deps.audit?.append({
    actor: input.by,
    action: 'presign-upload',
    siteId,
    workMonth,
    subject: { siteId, workMonth, key, size: String(input.size) },
  });
  return { ...put, key };
}
