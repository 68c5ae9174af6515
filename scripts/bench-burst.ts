// Burst benchmark of the embedded local stack (moto_server + the in-process Step Functions runner + the
// real handlers), as `npm start` runs it. `npm run --silent bench -- burst --sites N [--json] [--charge]`
//   N sites of one prime receive their month's CCUS file at the same moment (the basic-run fixture, its
//   現場ID changed per site); each file's execution runs to 予約可能 (AwaitApplication). Reported: files
//   per second to 予約可能, p50/p95 time from the drop, DynamoDB calls per site (counted by moto), peak
//   memory of this process and of moto.
//   --charge then applies for every month and approves them all at once: N debits of one prime's
//   balance. Reported: ledger transaction attempts per debit (TransactWriteItems sent during the
//   charge phase, cancelled ones counted apart) and the DynamoDB calls of the phase by operation.
// Prints one JSON line on stdout (--json) or a sentence; progress goes to stderr.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MasterData } from '../domain/ports/storage.js';
import { cycleDeps } from '../functions/shared/runtime.js';
import { seedFromMaster, storeFromEnv } from '../functions/shared/storage/index.js';
import { apply } from '../functions/shared/use-cases/apply-for-charge.js';
import { decide } from '../functions/shared/use-cases/decide-application.js';
import type { MotoCalls } from '../infra/local/moto.js';
import { startLocalRuntime } from '../infra/local/runtime.js';

const FIXTURE = resolve(import.meta.dirname, '../test/fixtures/cases/basic-run');
const FIXTURE_SITE = '9000000001';
const MONTH = '2026-10';
const READY = 'AwaitApplication';
const CHARGED = 'Charged';

export interface BurstOptions {
  sites: number;
  charge: boolean;
  timeoutSeconds: number;
  /** The local runner's concurrent task invocations (undefined: its default). */
  concurrency?: number;
}

const siteIdOf = (i: number) => String(9100000000 + i);

function masterFor(sites: number): MasterData {
  const master = JSON.parse(readFileSync(resolve(FIXTURE, 'master.json'), 'utf8')) as MasterData;
  const [site] = master.sites;
  if (!site) throw new Error('fixture master has no site');
  master.sites = Array.from({ length: sites + 1 }, (_, i) => ({ ...site, siteId: siteIdOf(i) }));
  // Enough points for every month: the charge phase measures contention, not a short balance.
  for (const c of master.contractors)
    if (c.contractorNo === site.primeContractorNo) c.points = 100_000 * sites;
  return master;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function diff(after: MotoCalls, before: MotoCalls): MotoCalls {
  const out: MotoCalls = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

const dynamoCalls = (c: MotoCalls) =>
  Object.entries(c)
    .filter(([k]) => !k.startsWith('S3:') && !k.includes(':'))
    .reduce((s, [, v]) => s + v, 0);

/** Peak resident memory of a process in MB (VmHWM), Linux only. */
function peakRssMbOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export async function burst(opts: BurstOptions) {
  const { sites } = opts;
  const reached = new Map<string, number>();
  const charged = new Map<string, number>();
  let t0 = 0;
  const rt = await startLocalRuntime({
    quiet: true,
    ...(opts.concurrency === undefined ? {} : { maxConcurrentTasks: opts.concurrency }),
    onState: (name, state) => {
      if (state === READY && !reached.has(name)) reached.set(name, performance.now() - t0);
      if (state === CHARGED) charged.set(name, performance.now() - t0);
    },
  });
  try {
    process.stderr.write(`bench: seeding ${sites} sites of one prime…\n`);
    await seedFromMaster(storeFromEnv(), masterFor(sites));
    const raw = new TextDecoder('shift_jis').decode(readFileSync(resolve(FIXTURE, 'ccus.csv')));
    const files = Array.from({ length: sites }, (_, i) => ({
      key: `ccus/${siteIdOf(i)}/${MONTH.replace('-', '')}/ccus.csv`,
      body: Buffer.from(raw.split(FIXTURE_SITE).join(siteIdOf(i))),
    }));

    // One file first, outside the measure: the handlers' modules load once per process (a cold start).
    const warm = siteIdOf(sites);
    await rt.dropFile(
      `ccus/${warm}/${MONTH.replace('-', '')}/ccus.csv`,
      Buffer.from(raw.split(FIXTURE_SITE).join(warm)),
    );
    await rt.sfn.settled(opts.timeoutSeconds * 1000);
    reached.clear();

    process.stderr.write(`bench: dropping ${sites} files at once…\n`);
    const before = await rt.moto.calls();
    t0 = performance.now();
    await Promise.all(files.map((f) => rt.dropFile(f.key, f.body)));
    // Past the timeout the sites not at 予約可能 are reported as failed, not thrown away with the rest.
    const timedOut = await rt.sfn.settled(opts.timeoutSeconds * 1000).then(
      () => false,
      () => true,
    );
    const wall = (performance.now() - t0) / 1000;
    const afterImport = await rt.moto.calls();
    const execs = [...rt.sfn.executions.values()].filter((e) => !e.name.includes(`-${warm}-`));
    const failed = execs.filter((e) => !reached.has(e.name));
    const times = [...reached.values()].sort((a, b) => a - b);
    const last = (times.at(-1) ?? 0) / 1000;
    const importCalls = diff(afterImport, before);
    const result: Record<string, unknown> = {
      sites,
      concurrency: opts.concurrency ?? 'default',
      reached: reached.size,
      failed: failed.length,
      timedOut,
      ...(failed.length > 0
        ? {
            failures: failed
              .slice(0, 5)
              .map((e) => ({ status: e.status, state: e.states.at(-1), error: e.error })),
          }
        : {}),
      seconds: round(last),
      settledSeconds: round(wall),
      filesPerSecond: last > 0 ? round(reached.size / last) : 0,
      p50Seconds: round(percentile(times, 50) / 1000),
      p95Seconds: round(percentile(times, 95) / 1000),
      dynamoCallsPerSite: round(dynamoCalls(importCalls) / sites, 1),
      dynamoCallsByOperation: Object.fromEntries(
        Object.entries(importCalls)
          .filter(([k]) => !k.startsWith('S3:'))
          .map(([k, v]) => [k, round(v / sites, 2)]),
      ),
    };

    if (opts.charge) {
      process.stderr.write(`bench: applying for ${reached.size} months, then approving all at once…\n`);
      const deps = cycleDeps();
      for (let i = 0; i < sites; i++) await apply(deps, siteIdOf(i), MONTH, 'bench-prime');
      await rt.sfn.settled(opts.timeoutSeconds * 1000);
      const beforeCharge = await rt.moto.calls();
      const tc = performance.now();
      await Promise.all(
        Array.from({ length: sites }, (_, i) =>
          decide(deps, siteIdOf(i), MONTH, '承認', { by: 'bench-boss' }),
        ),
      );
      await rt.sfn.settled(opts.timeoutSeconds * 1000);
      const chargeSeconds = (performance.now() - tc) / 1000;
      const c = diff(await rt.moto.calls(), beforeCharge);
      const entries = await deps.ledger.entries('1000000001', 'regular');
      const debits = entries.filter((e) => e.kind === 'debit').length;
      const reconciled = await deps.ledger.reconcile('1000000001', 'regular');
      result.charge = {
        charged: charged.size,
        debits,
        reconciled: reconciled.ok,
        seconds: round(chargeSeconds),
        // The ledger's transactions (items in LEDGER# partitions, told apart by the moto launcher); the
        // other charge-phase transactions (contributions of members shared by the sites…) apart.
        transactWrites: c.TransactWriteItems ?? 0,
        transactWritesCancelled: c['TransactWriteItems:failed'] ?? 0,
        ledgerTransactions: c['TransactWriteItems:ledger'] ?? 0,
        ledgerTransactionsCancelled: c['TransactWriteItems:ledger:failed'] ?? 0,
        ledgerAttemptsPerDebit: debits > 0 ? round((c['TransactWriteItems:ledger'] ?? 0) / debits, 3) : null,
        callsByOperation: Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith('S3:'))),
        dynamoCallsPerDebit: debits > 0 ? round(dynamoCalls(c) / debits, 1) : null,
      };
    }
    result.peakRssMb = {
      node: Math.round(process.resourceUsage().maxRSS / 1024),
      moto: peakRssMbOf(rt.moto.pid),
    };
    return result;
  } finally {
    await rt.close();
  }
}
