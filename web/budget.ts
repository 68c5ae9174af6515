// The page's JavaScript budget: 150 KB gzipped, all chunks together (office PCs on slow site networks).
// One definition for the build (vite.config.ts fails past it) and the test that measures dist/.
import { gzipSync } from 'node:zlib';

export const JS_BUDGET_BYTES = 150 * 1024;

export function gzippedSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}
