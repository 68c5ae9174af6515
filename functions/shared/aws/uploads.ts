// 手動連携: a presigned S3 PUT of one CCUS file into the inbox. The URL signs the content type, the exact
// size (content-length) and SSE-KMS with the inbox key, so S3 refuses any other type, size or key; the
// object lands under ccus/<現場ID>/<YYYYMM>/ and the S3 event starts the month as for CCUS's own drop.

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { readConfig } from '../config.js';

export interface PresignedPut {
  method: 'PUT';
  url: string;
  /** Headers the PUT must carry, exactly (they are signed). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface UploadSigner {
  presignPut(input: { key: string; contentType: string; size: number; now: Date }): Promise<PresignedPut>;
}

/** How long an upload URL stays valid: time to pick the file and send it, not to pass it around. */
export const UPLOAD_URL_SECONDS = 15 * 60;

export function s3UploadSigner(opts: { bucket: string; kmsKeyId?: string; client?: S3Client }): UploadSigner {
  // Path style against a local endpoint (moto); virtual-hosted in AWS.
  const client = opts.client ?? new S3Client({ forcePathStyle: readConfig().AWS_ENDPOINT_URL !== undefined });
  return {
    async presignPut({ key, contentType, size, now }) {
      const sse: Record<string, string> = {
        'x-amz-server-side-encryption': 'aws:kms',
        ...(opts.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': opts.kmsKeyId } : {}),
      };
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: opts.bucket,
          Key: key,
          ContentType: contentType,
          ContentLength: size,
          ServerSideEncryption: 'aws:kms',
          ...(opts.kmsKeyId ? { SSEKMSKeyId: opts.kmsKeyId } : {}),
        }),
        {
          expiresIn: UPLOAD_URL_SECONDS,
          signingDate: now,
          // Signed as headers (not hoisted into the query), so the PUT must send exactly these.
          signableHeaders: new Set(['content-type', 'content-length']),
          unhoistableHeaders: new Set(Object.keys(sse)),
        },
      );
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': contentType, 'content-length': String(size), ...sse },
        expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      };
    },
  };
}
