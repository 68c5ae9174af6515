// Benchmark of CCUS ingestion. `npm run --silent bench -- ingest --rows N [--json] [--order worker|date]`
// writes a realistic CP932 file of N rows (thousands of workers, hundreds of companies, tiers 0–4, one
// site-month) to a temp file, then times in this process
//   (a) the floor: TextDecoder('shift_jis') over the bytes + PapaParse producing bare arrays, and
//   (b) the full ingest: ingestCcusFile streaming from the file (decode, parse, validate, aggregate,
//       registry check),
// and measures the peak RSS of (b) in a child process that does only the full ingest.
// Prints one JSON line on stdout; progress goes to stderr.
// `bench -- burst --sites N`: the local stack under N files at once (scripts/bench-burst.ts).
// `bench -- coldstart [--runs N] [--json] [--strict]`: bundle sizes and module load times (scripts/bench-coldstart.ts).
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, TextDecoder } from 'node:util';
import Papa from 'papaparse';
import { createInMemoryRegistry, type RegistryData } from '../domain/import/memory-registry.js';
import { encodeCp932 } from '../functions/shared/ccus/cp932.js';
import { ingestCcusFile } from '../functions/shared/ccus/ingest.js';

const HEADER =
  '現場ID,現場名,対象年月,出力方法,元請事業者ID,一次事業者ID,所属事業者ID,所属事業者名,階層,共済契約者番号,' +
  '技能者ID,技能者セイ,技能者メイ,被共済者番号,就業日,職種,立場';
const SITE = '9000000001';
const MONTH = '2026-10';
const PRIME = '10000000000001';
const FAMILY = [
  'ヤマダ',
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'イトウ',
  'ワタナベ',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
];
const GIVEN = [
  'タロウ',
  'ジロウ',
  'サブロウ',
  'イチロウ',
  'ケンジ',
  'ヒロシ',
  'マコト',
  'ツヨシ',
  'ユウキ',
  'ショウタ',
];
const TRADES = ['とび', '鉄筋', '型枠', '左官', '電工', '配管', '塗装', '内装'];

interface Company {
  id: string;
  name: string;
  tier: number;
  firstTier: string;
  contractorNo: string;
}

function plan(rows: number) {
  const workerCount = Math.max(50, Math.min(5000, Math.round(rows / 20)));
  const companyCount = Math.max(5, Math.round(workerCount / 10));
  const companies: Company[] = [];
  const firstTiers: string[] = [];
  for (let c = 0; c < companyCount; c++) {
    // 1 prime, ~5 % 一次, the rest spread over tiers 2–4 under a 一次.
    const tier = c === 0 ? 0 : c <= Math.max(2, companyCount / 20) ? 1 : 2 + (c % 3);
    const id = c === 0 ? PRIME : `${20000000000000 + c}`;
    if (tier === 1) firstTiers.push(id);
    companies.push({
      id,
      name: `${['山田', '佐藤', '鈴木', '高橋', '田中'][c % 5]}建設${c}株式会社`,
      tier,
      firstTier: tier === 0 ? '' : tier === 1 ? id : firstTiers[c % firstTiers.length]!,
      contractorNo: `${3000000000 + c}`,
    });
  }
  const workers = Array.from({ length: workerCount }, (_, w) => ({
    id: `${40000000000000 + w}`,
    family: FAMILY[w % FAMILY.length]!,
    given: GIVEN[Math.floor(w / FAMILY.length) % GIVEN.length]!,
    memberNo: `${5000000000 + w}`,
    company: companies[w % companies.length]!,
    trade: TRADES[w % TRADES.length]!,
    role: w % 12 === 0 ? '職長' : '一般',
  }));
  return { workers, companies };
}

/** Write N rows of CP932; rows grouped by worker (CCUS order) or interleaved by date. */
async function generate(path: string, rows: number, order: 'worker' | 'date'): Promise<RegistryData> {
  const { workers, companies } = plan(rows);
  const perWorker = Math.ceil(rows / workers.length);
  const enc = (s: string) => Buffer.from(encodeCp932(s));
  const siteHead = enc(`${SITE},○○ビル新築工事,${MONTH.replace('-', '')},元請一括,${PRIME},`);
  // Everything but the date repeats per worker: encode it once.
  const workerPart = workers.map((w) =>
    enc(
      `${w.company.firstTier},${w.company.id},${w.company.name},${w.company.tier},${w.company.contractorNo},` +
        `${w.id},${w.family},${w.given},${w.memberNo},`,
    ),
  );
  const tail = workers.map((w) => enc(`,${w.trade},${w.role}\r\n`));
  const dates = Array.from({ length: 31 }, (_, d) =>
    Buffer.from(`${MONTH}-${String(d + 1).padStart(2, '0')}`),
  );
  const out = createWriteStream(path);
  const parts: Buffer[] = [enc(`${HEADER}\r\n`)];
  let size = parts[0]!.length;
  const flush = async () => {
    const buf = Buffer.concat(parts, size);
    parts.length = 0;
    size = 0;
    if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const push = async (w: number, k: number) => {
    // ~22 distinct days a worker, entries repeated within a day (gate in and out, several gates).
    const date = dates[((w + Math.floor((k * 22) / perWorker)) % 22) + (w % 9)]!;
    for (const b of [siteHead, workerPart[w]!, date, tail[w]!]) {
      parts.push(b);
      size += b.length;
    }
    if (size > 4 * 1024 * 1024) await flush();
  };
  let written = 0;
  if (order === 'worker') {
    for (let w = 0; w < workers.length && written < rows; w++)
      for (let k = 0; k < perWorker && written < rows; k++, written++) await push(w, k);
  } else {
    for (let k = 0; k < perWorker && written < rows; k++)
      for (let w = 0; w < workers.length && written < rows; w++, written++) await push(w, k);
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return {
    contractors: companies.map((c) => ({
      contractorNo: c.contractorNo,
      name: c.name,
      kind: 'regular',
      active: true,
    })),
    members: workers.map((w) => ({
      memberNo: w.memberNo,
      kanaFamily: w.family,
      kanaGiven: w.given,
      kind: 'regular',
      days: 0,
      firstBook: true,
    })),
    companyMappings: [],
    workerMappings: [],
  };
}

function baseline(path: string): { seconds: number; rows: number } {
  const t0 = performance.now();
  const text = new TextDecoder('shift_jis').decode(readFileSync(path));
  const r = Papa.parse<string[]>(text, { delimiter: ',' });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, rows: r.data.length };
}

async function fullIngest(path: string, registry: RegistryData) {
  const t0 = performance.now();
  const outcome = await ingestCcusFile(createReadStream(path, { highWaterMark: 1024 * 1024 }), {
    registry: createInMemoryRegistry(registry),
    expectedSiteId: SITE,
    expectedWorkMonth: MONTH,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (outcome.status !== 'validated') {
    throw new Error(`bench file refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  }
  return { seconds, outcome };
}

/** Child: only the full ingest, then report its own peak RSS. */
async function child(path: string, registryPath: string): Promise<void> {
  const registry = JSON.parse(readFileSync(registryPath, 'utf8')) as RegistryData;
  const { seconds, outcome } = await fullIngest(path, registry);
  process.send?.({
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rows: outcome.status === 'validated' ? outcome.result.totals.rows : 0,
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rows: { type: 'string', default: '100000' },
      json: { type: 'boolean', default: false },
      order: { type: 'string', default: 'worker' },
      keep: { type: 'boolean', default: false },
      file: { type: 'string' },
      registry: { type: 'string' },
      sites: { type: 'string', default: '10' },
      charge: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
      concurrency: { type: 'string' },
      runs: { type: 'string', default: '5' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (command === 'child') return child(values.file!, values.registry!);
  if (command === 'burst' && !values.help) {
    const sites = Number(values.sites);
    if (!Number.isInteger(sites) || sites < 1) throw new Error('--sites must be a positive integer');
    const { burst } = await import('./bench-burst.js');
    const r = await burst({
      sites,
      charge: values.charge,
      timeoutSeconds: Number(values.timeout),
      ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(r)}\n`
        : `${r.reached}/${sites} sites 予約可能 in ${r.seconds} s: ${r.filesPerSecond} files/s, p50 ${r.p50Seconds} s, ` +
            `p95 ${r.p95Seconds} s, ${r.dynamoCallsPerSite} DynamoDB calls a site${r.charge ? `, charge ${JSON.stringify(r.charge)}` : ''}\n`,
    );
    // The local stack's dispatcher and handler modules keep timers: end here, as the CLI does.
    process.exit(r.failed === 0 ? 0 : 1);
  }
  if (command === 'coldstart' && !values.help) {
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
    const { coldstart, formatColdstart } = await import('./bench-coldstart.js');
    const r = await coldstart({ runs });
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : formatColdstart(r));
    if (values.strict && r.failed.length > 0) process.exitCode = 1;
    return;
  }
  if (values.help || command !== 'ingest') {
    process.stderr.write(
      'usage: npm run --silent bench -- ingest --rows N [--json] [--order worker|date] [--keep]\n' +
        '       npm run --silent bench -- burst --sites N [--json] [--charge] [--concurrency K] [--timeout seconds]\n' +
        '       npm run --silent bench -- coldstart [--runs N] [--json] [--strict]\n',
    );
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const rows = Number(values.rows);
  const order = values.order === 'date' ? 'date' : 'worker';
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');

  const dir = await mkdtemp(join(tmpdir(), 'ccus-bench-'));
  const file = join(dir, 'ccus.csv');
  const registryFile = join(dir, 'registry.json');
  try {
    process.stderr.write(`bench: generating ${rows} rows (${order} order)…\n`);
    const registry = await generate(file, rows, order);
    writeFileSync(registryFile, JSON.stringify(registry));
    const bytes = statSync(file).size;

    process.stderr.write('bench: baseline (TextDecoder + Papa.parse)…\n');
    const base = baseline(file);
    if (base.rows < rows + 1) throw new Error(`baseline parsed ${base.rows} records`);
    globalThis.gc?.();
    process.stderr.write('bench: full ingest…\n');
    const full = await fullIngest(file, registry);

    process.stderr.write('bench: peak RSS of the full ingest in a child process…\n');
    const me = fileURLToPath(import.meta.url);
    const measured = await new Promise<{ seconds: number; peakRssMb: number }>((resolve, reject) => {
      const c = fork(me, ['child', '--file', file, '--registry', registryFile], {
        execArgv: process.execArgv,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      let got: { seconds: number; peakRssMb: number } | undefined;
      c.on('message', (m) => {
        got = m as { seconds: number; peakRssMb: number };
      });
      c.on('exit', (code) => (got ? resolve(got) : reject(new Error(`child exited ${code}`))));
    });

    const result = {
      rows,
      bytes,
      seconds: round(full.seconds),
      rowsPerSecond: Math.round(rows / full.seconds),
      baselineSeconds: round(base.seconds),
      ratio: round(full.seconds / base.seconds),
      peakRssMb: Math.round(measured.peakRssMb),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `rows ${rows}, ${(bytes / 1e6).toFixed(1)} MB: full ingest ${result.seconds} s (${result.rowsPerSecond} rows/s), ` +
          `baseline ${result.baselineSeconds} s, ratio ${result.ratio}, peak RSS ${result.peakRssMb} MB ` +
          `(child ingest ${round(measured.seconds)} s)\n`,
      );
    }
    process.stderr.write(`bench: child ingest took ${round(measured.seconds)} s\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`bench: kept ${dir}\n`);
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
