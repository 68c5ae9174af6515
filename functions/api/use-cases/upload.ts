// 手動連携: the prime's managers upload the month's CCUS file themselves (downloaded from CCUS). The API
// hands out a presigned PUT under ccus/<現場ID>/<YYYYMM>/; the upload then starts the month exactly as a
// file CCUS drops (S3 event → start-cycle).
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { parseInboxKey } from '../../shared/use-cases/month/ids.js';
import { HttpProblem } from '../http.js';
import type { ccusUploadBody } from '../schemas.js';
import { authorizedMonth, type Caller } from './common.js';

/** `ccus/<現場ID>/<YYYYMM>/manual-<UTC time>-<random>.csv`: a new object each time, never another's. */
export function uploadKeyOf(siteId: string, workMonth: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `ccus/${siteId}/${workMonth.replace('-', '')}/manual-${stamp}-${randomBytes(4).toString('hex')}.csv`;
}

export async function presignUpload(
  c: Caller,
  siteId: string,
  workMonth: string,
  input: z.infer<typeof ccusUploadBody>,
) {
  await authorizedMonth(c, siteId, workMonth);
  const signer = c.deps.uploads;
  if (!signer)
    throw new HttpProblem(
      'storage-unavailable',
      'アップロード先が設定されていません。運用担当者に連絡してください',
    );
  const now = c.deps.now();
  const key = uploadKeyOf(siteId, workMonth, now);
  // The inbox parses the key back into the site and month: the two must agree (one concept, one place).
  const parsed = parseInboxKey(key);
  if (parsed?.siteId !== siteId || parsed.workMonth !== workMonth)
    throw new Error(`upload key ${key} does not parse back to its site-month`);
  const put = await signer.presignPut({ key, contentType: input.contentType, size: input.size, now });
  // Who brought a file in by hand: the file itself is audited when it lands (received or refused).
  await c.deps.audit?.append({
    actor: c.principal.id,
    action: 'presign-upload',
    siteId,
    workMonth,
    subject: { siteId, workMonth, key, size: String(input.size) },
  });
  return { ...put, key };
}
