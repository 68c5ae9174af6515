// `npm run --silent bench -- coldstart [--runs N] [--json] [--strict]`: every function bundled as deployed
// (scripts/bundles.ts), and a bare bundle of the DynamoDB client (@aws-sdk/client-dynamodb and
// lib-dynamodb) built in the same run. Each bundle's module load is timed in a fresh `node` process
// (import of the written bundle; externals resolve from node_modules, as the Lambda runtime resolves
// them from its own SDK), N runs interleaved, median. The cycle's functions pass when their load is at
// most 1.5 × the bare client's; the API's functions are reported only. Exit 1 on a miss with --strict.
// Timings are this machine's: they go to this report, never into a test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_BANNER, BUNDLE_FORMAT, BUNDLE_TARGET } from '../infra/constructs/bundling.js';
import { bundleFunctions, functionEntries, ROOT } from './bundles.js';

/** The ratio to the bare DynamoDB client a cycle function's module load may reach. */
export const MAX_RATIO = 1.5;
/** The approval API's functions: reported, no target (they carry the routes and their schemas). */
const API_FUNCTIONS = new Set(['api', 'api-excel']);

export interface ColdstartRow {
  name: string;
  bytes: number;
  loadMs: number;
  ratio: number;
  /** undefined for the API's functions (no target). */
  pass?: boolean;
}

export interface ColdstartReport {
  node: string;
  runs: number;
  maxRatio: number;
  bare: { bytes: number; loadMs: number };
  functions: ColdstartRow[];
  failed: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Milliseconds a fresh node takes to import the module (its top level included), measured inside it. */
function loadMs(file: string): number {
  const url = pathToFileURL(file).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    // Outside a Lambda (no AWS_EXECUTION_ENV); Powertools' logs of the module's load go nowhere.
    env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'ap-northeast-1' },
    encoding: 'utf8',
  });
  return Number(out);
}

export async function coldstart(opts: { runs: number }): Promise<ColdstartReport> {
  // Inside the repository, so the bundles' externals resolve from its node_modules.
  const outdir = join(ROOT, 'node_modules', '.cache', 'bench-coldstart');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  try {
    process.stderr.write('coldstart: bundling every function and the bare DynamoDB client…\n');
    const bundles = await bundleFunctions(functionEntries(), { outdir });
    const bareFile = join(outdir, 'bare-dynamodb.mjs');
    await build({
      stdin: {
        contents:
          "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n",
        resolveDir: ROOT,
        loader: 'js',
      },
      outfile: bareFile,
      bundle: true,
      platform: 'node',
      format: BUNDLE_FORMAT,
      target: BUNDLE_TARGET,
      minify: true,
      external: ['@aws-sdk/*'],
      banner: { js: BUNDLE_BANNER },
      logLevel: 'silent',
    });
    const files = [
      { name: '(bare)', file: bareFile },
      ...bundles.map((b) => ({ name: b.name, file: b.file! })),
    ];
    const times = new Map<string, number[]>(files.map((f) => [f.name, []]));
    for (let run = 0; run < opts.runs; run++) {
      process.stderr.write(`coldstart: run ${run + 1}/${opts.runs}\n`);
      // Interleaved, so a busy moment of the machine spreads over every bundle instead of hitting one.
      for (const f of files) times.get(f.name)!.push(loadMs(f.file));
    }
    const bare = { bytes: statSync(bareFile).size, loadMs: round(median(times.get('(bare)')!)) };
    const functions = bundles.map((b): ColdstartRow => {
      const ms = median(times.get(b.name)!);
      const ratio = Math.round((ms / bare.loadMs) * 100) / 100;
      return {
        name: b.name,
        bytes: b.bytes,
        loadMs: round(ms),
        ratio,
        ...(API_FUNCTIONS.has(b.name) ? {} : { pass: ratio <= MAX_RATIO }),
      };
    });
    return {
      node: process.version,
      runs: opts.runs,
      maxRatio: MAX_RATIO,
      bare,
      functions,
      failed: functions.filter((f) => f.pass === false).map((f) => f.name),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The report as a table for a terminal. */
export function formatColdstart(r: ColdstartReport): string {
  const kb = (b: number) => `${(b / 1000).toFixed(0)} KB`.padStart(8);
  const lines = [
    `node ${r.node}, median of ${r.runs} fresh processes; target: a cycle function loads in ≤ ${r.maxRatio} × the bare client`,
    `${'(bare DynamoDB client)'.padEnd(24)}${kb(r.bare.bytes)} ${`${r.bare.loadMs} ms`.padStart(9)}`,
    ...r.functions.map(
      (f) =>
        `${f.name.padEnd(24)}${kb(f.bytes)} ${`${f.loadMs} ms`.padStart(9)} ${`× ${f.ratio}`.padStart(7)}  ${
          f.pass === undefined ? '(no target)' : f.pass ? 'pass' : 'FAIL'
        }`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
