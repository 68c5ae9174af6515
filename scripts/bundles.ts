// The functions' bundles as CycleFunction builds them (infra/constructs/bundling.ts: esbuild, ESM,
// minified, the AWS SDK external), for the bundle budget test and the cold-start bench.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  BUNDLE_BANNER,
  BUNDLE_CHARSET,
  BUNDLE_EXTERNALS,
  BUNDLE_FORMAT,
  BUNDLE_MAIN_FIELDS,
  BUNDLE_TARGET,
} from '../infra/constructs/bundling.js';

export const ROOT = resolve(import.meta.dirname, '..');

export interface FunctionBundle {
  /** The folder under functions/ (the function's name in the stack). */
  name: string;
  entry: string;
  bytes: number;
  /** The bundle's inputs (paths relative to the repository) and the bytes each left in it. */
  inputs: Record<string, number>;
  /** Where the bundle was written (only when asked to write). */
  file?: string;
}

/** Every function's entry: functions/<name>/handler.ts (shared/ is their library, not a function). */
export function functionEntries(): string[] {
  return readdirSync(join(ROOT, 'functions'))
    .filter((d) => d !== 'shared')
    .map((d) => `functions/${d}/handler.ts`)
    .filter((e) => existsSync(join(ROOT, e)));
}

/** The classic zod build (the cycle's functions must use the mini one, `zod/mini`). */
export const CLASSIC_ZOD = /^node_modules\/zod\/v4\/classic\//;

export async function bundleFunctions(
  entries: string[],
  opts: { outdir?: string } = {},
): Promise<FunctionBundle[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir: opts.outdir ?? 'out',
    outbase: '.',
    outExtension: { '.js': '.mjs' },
    write: opts.outdir !== undefined,
    bundle: true,
    platform: 'node',
    format: BUNDLE_FORMAT,
    target: BUNDLE_TARGET,
    minify: true,
    charset: BUNDLE_CHARSET,
    mainFields: BUNDLE_MAIN_FIELDS,
    external: BUNDLE_EXTERNALS,
    banner: { js: BUNDLE_BANNER },
    metafile: true,
    logLevel: 'silent',
  });
  return outputsOf(result.metafile, opts.outdir);
}

function outputsOf(metafile: Metafile, outdir: string | undefined): FunctionBundle[] {
  return Object.entries(metafile.outputs)
    .filter(([, o]) => o.entryPoint !== undefined)
    .map(([file, o]) => ({
      name: o.entryPoint!.split('/')[1]!,
      entry: o.entryPoint!,
      bytes: o.bytes,
      inputs: Object.fromEntries(Object.entries(o.inputs).map(([i, v]) => [i, v.bytesInOutput])),
      ...(outdir ? { file: resolve(ROOT, file) } : {}),
    }));
}
