// The browser tests run against the built page: build it once before they start (a stale dist/ from an
// earlier checkout would test old code), with the same Vite config and budget check as `npm run web:build`.
import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '../../web');
  await build({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
}
