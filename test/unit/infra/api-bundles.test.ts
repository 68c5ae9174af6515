// The Excel routes have their own function so that the approval API's bundle carries no exceljs (its zip
// stack is about half a megabyte): the API's import graph must not reach it, the Excel function's must.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('approval API bundles', () => {
  it('leaves exceljs out of the API function and in the Excel one', async () => {
    const result = await build({
      entryPoints: ['functions/api/handler.ts', 'functions/api-excel/handler.ts'],
      outdir: 'out',
      outbase: '.',
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['@aws-sdk/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const excelIn = (entry: string) => {
      const out = Object.values(result.metafile.outputs).find((o) => o.entryPoint === entry)!;
      return Object.keys(out.inputs).some((i) => i.includes('node_modules/exceljs/'));
    };
    expect(excelIn('functions/api/handler.ts')).toBe(false);
    expect(excelIn('functions/api-excel/handler.ts')).toBe(true);
  }, 120_000);
});
