// Bundle budget: every function as CycleFunction bundles it (esbuild, ESM, minified, AWS SDK external),
// built in memory. A handler that reaches the CDK (aws-cdk-lib is ~40 MB) or grows past the budget
// fails here rather than as a slow synth and a slow cold start.
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA } from '../../infra/constructs/cycle-function.js';
import { ofType, synthesized } from './synth.js';

/** Minified bytes per function; the cycle's handlers share domain/, zod and dynamodb-toolbox (~0.9 MB). */
const BUDGET_BYTES = 2_000_000;
/**
 * The approval API carries the Excel sheet of CCUS-unregistered workers (exceljs and its zip stack, about
 * 0.5 MB), the S3 presigner of 手動連携 and Powertools' tracer and metrics (about 0.15 MB) in every call,
 * until Excel gets its own function and the edges use fewer schemas; its budget says so instead of hiding it.
 */
const API_BUDGET_BYTES = 2_400_000;
const budgetOf = (entry: string) => (entry.startsWith('functions/api/') ? API_BUDGET_BYTES : BUDGET_BYTES);
const FORBIDDEN = /^node_modules\/(aws-cdk-lib|constructs|@aws-cdk|cdk-nag|esbuild)\//;

interface Bundle {
  entry: string;
  bytes: number;
  forbidden: string[];
}

let bundles: Bundle[] = [];

beforeAll(async () => {
  const { json } = synthesized();
  const entries = ofType(json.stateless, 'AWS::Lambda::Function').map(([, f]) =>
    String(f.Metadata?.[ENTRY_METADATA]),
  );
  // One build for all entries (shared parsing); the same options as infra/constructs/cycle-function.ts.
  const result = await build({
    entryPoints: entries,
    outdir: 'out',
    outbase: '.',
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  bundles = Object.entries(result.metafile.outputs)
    .filter(([, o]) => o.entryPoint)
    .map(([, o]) => ({
      entry: o.entryPoint!,
      bytes: o.bytes,
      forbidden: [...new Set(Object.keys(o.inputs).flatMap((i) => i.match(FORBIDDEN)?.[1] ?? []))],
    }));
}, 300_000);

describe('function bundles', () => {
  it('bundles every function', () => {
    expect(bundles).toHaveLength(12);
  });

  it('leaves the CDK out of every function (import the table definition, not the construct)', () => {
    expect(
      bundles.filter((b) => b.forbidden.length > 0).map((b) => `${b.entry}: ${b.forbidden.join(', ')}`),
    ).toEqual([]);
  });

  it(`keeps every function under ${BUDGET_BYTES / 1e6} MB minified (the API under ${API_BUDGET_BYTES / 1e6} MB)`, () => {
    expect(
      bundles.filter((b) => b.bytes > budgetOf(b.entry)).map((b) => `${b.entry}: ${b.bytes} bytes`),
    ).toEqual([]);
  });
});
