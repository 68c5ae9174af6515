// S3 as the cycle's file store: one object version as a byte stream.
// The SDK module is loaded at the first read: only the import functions read files, and loading a
// client's modules is a large part of a cold start (bench -- coldstart).
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../../../domain/ports/cycle.js';

export function s3FileStore(): FileStore {
  let loaded: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }> | undefined;
  return {
    async open(bucket, key, versionId) {
      // Path-style works with S3 and with a local endpoint alike.
      loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
        sdk,
        client: new sdk.S3Client({ forcePathStyle: true }),
      }));
      const {
        client,
        sdk: { GetObjectCommand },
      } = await loaded;
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
