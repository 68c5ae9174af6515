// Shared helpers of the ingest tests: a small registry and byte sources.
import { createInMemoryRegistry, type RegistryData } from '../../../domain/import/memory-registry.js';
import {
  type ByteSource,
  type IngestOptions,
  type IngestOutcome,
  ingestCcusFile,
} from '../../../functions/shared/ccus/ingest.js';

export const registryData: RegistryData = {
  contractors: [
    { contractorNo: '1000000001', name: '山田建設株式会社', kind: 'regular', active: true },
    { contractorNo: '2000000001', name: '佐藤工業株式会社', kind: 'regular', active: true },
  ],
  members: [
    {
      memberNo: '5000000001',
      kanaFamily: 'ヤマダ',
      kanaGiven: 'イチロウ',
      kind: 'regular',
      days: 0,
      firstBook: true,
    },
    {
      memberNo: '5000000002',
      kanaFamily: 'サトウ',
      kanaGiven: 'ジロウ',
      kind: 'regular',
      days: 0,
      firstBook: true,
    },
  ],
  companyMappings: [],
  workerMappings: [],
};

export const registry = createInMemoryRegistry(registryData);

/** Split bytes into chunks of `size` (every boundary position is exercised with size 1). */
export async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function ingest(input: ByteSource, options: Partial<IngestOptions> = {}): Promise<IngestOutcome> {
  return ingestCcusFile(input, { registry, ...options });
}
