import { describe, expect, it } from 'vitest';
import type { UploadSigner } from '../../../functions/shared/aws/uploads.js';
import { Unavailable } from '../../../functions/shared/use-cases/errors.js';
import { parseInboxKey } from '../../../functions/shared/use-cases/month/ids.js';
import { presignUpload } from '../../../functions/shared/use-cases/presign-upload.js';
import { M, peopleDeps } from './people.js';

/** A signer that answers the key it was asked for (the S3 presigner is the adapter's business). */
const signer: UploadSigner = {
  presignPut: async ({ key, contentType }) => ({
    url: `https://inbox.example/${key}`,
    method: 'PUT',
    headers: { 'content-type': contentType },
    expiresAt: '2026-11-12T01:15:00.000Z',
  }),
};

describe('presignUpload (手動連携)', () => {
  it('hands out a new key of this site-month each time, one the inbox reads back, and audits who asked', async () => {
    const deps = Object.assign(await peopleDeps(), { uploads: signer });
    const input = { ...M, by: 'u-prime', contentType: 'text/csv', size: 1200 };

    const a = await presignUpload(deps, input);
    const b = await presignUpload(deps, input);

    expect(a.key).not.toBe(b.key);
    expect(parseInboxKey(a.key)).toMatchObject({ siteId: M.siteId, workMonth: M.workMonth });
    expect(a.url).toContain(a.key);
    expect(deps.audit.actions().filter((x) => x === 'presign-upload')).toHaveLength(2);
  });

  it('says whom to call when there is no inbox to upload to', async () => {
    const deps = await peopleDeps();
    await expect(
      presignUpload(deps, { ...M, by: 'u-prime', contentType: 'text/csv', size: 1 }),
    ).rejects.toThrow(new Unavailable('アップロード先が設定されていません。運用担当者に連絡してください'));
  });
});
