// S3 as the cycle's file store: one object version as a byte stream.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../../../domain/ports/cycle.js';

export function s3FileStore(client: S3Client): FileStore {
  return {
    async open(bucket, key, versionId) {
      const r = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(versionId && versionId !== 'null' ? { VersionId: versionId } : {}),
        }),
      );
      if (!r.Body) throw new Error(`empty object body for ${key}`);
      return r.Body as AsyncIterable<Uint8Array>;
    },
  };
}
