// EventBridge "Object Created" under the inbox's registry/ prefix → import the 建退共 registry file
// (docs/registry-file.md). A redelivery of the same object finds the import done and changes nothing.

import { objectCreatedEvent } from '../shared/cycle-events.js';
import { cycleHandler, InvalidInput, logger } from '../shared/handler.js';
import { importRegistryFile, REGISTRY_PREFIX } from '../shared/registry/import.js';
import { depsOf } from '../shared/runtime.js';
import { audit, imports, ledger, store, waits } from '../shared/storage/repositories.js';

export const handler = cycleHandler(
  objectCreatedEvent,
  depsOf({ store, ledger, waits, imports, audit }),
  async (deps, event) => {
    const { key } = event.detail.object;
    if (!key.startsWith(REGISTRY_PREFIX)) throw new InvalidInput(`not a registry file: ${key}`);
    const versionId = event.detail.object['version-id'];
    const body = await deps.files.open(
      event.detail.bucket.name,
      key,
      versionId === 'null' ? undefined : versionId,
    );
    const out = await importRegistryFile({ store: deps.store, cycle: deps }, { body, key, by: 'inbox' });
    // Counts and codes only: rows, errors' lines and columns (their values may be personal data).
    logger.info('registry file imported', {
      status: out.status,
      fileHash: out.fileHash,
      ...(out.status === 'refused'
        ? {
            errorCount: out.errorCount,
            errors: out.errors.slice(0, 20).map((e) => `${e.line}:${e.column ?? ''}:${e.code}`),
          }
        : { rows: out.rows, counts: out.counts, renewals: out.renewals, revalidated: out.revalidated }),
    });
    return out;
  },
);
