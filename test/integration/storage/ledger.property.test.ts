// Property: whatever the sequence of purchases (a payment id reused with another amount is refused), debits, refunds, replays and concurrent debits of one
// application, the balance never goes negative, equals Σ entries, and an application is debited at most once.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../../functions/shared/storage/ledger.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';

type Op =
  | { op: 'purchase'; id: string; amount: number }
  | { op: 'refund'; kind: 'exemption-refund' | 'mispaid-return' | 'rebate'; id: string; amount: number }
  | { op: 'debit'; app: string; amount: number }
  | { op: 'concurrent-debit'; app: string; amount: number; copies: number }
  | { op: 'replay' };

const ids = fc.constantFrom('P1', 'P2', 'P3');
const apps = fc.constantFrom('S1:2026-04', 'S1:2026-05', 'S2:2026-04');
const amount = fc.integer({ min: 1, max: 5_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('purchase' as const), id: ids, amount }),
  fc.record({
    op: fc.constant('refund' as const),
    kind: fc.constantFrom('exemption-refund' as const, 'mispaid-return' as const, 'rebate' as const),
    id: ids,
    amount,
  }),
  fc.record({ op: fc.constant('debit' as const), app: apps, amount }),
  fc.record({
    op: fc.constant('concurrent-debit' as const),
    app: apps,
    amount,
    copies: fc.integer({ min: 2, max: 4 }),
  }),
  fc.constant({ op: 'replay' as const }),
);

let moto: Moto;
let ledger: DynamoLedger;
const NUM_RUNS = 200;
// moto deep-copies the whole table for every item of a TransactWriteItems (its rollback), so a
// transaction costs O(table size) there: a new table every few runs keeps each run ~constant time.
const RUNS_PER_TABLE = 1;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describe('ledger property (R-POINT, R-CHARGE)', () => {
  // moto answers a transaction in ~13 ms: 200 runs of 5–10 operations take ~30 s on a quiet machine,
  // over 160 s on a loaded one (a purchase is a three-item transaction: the payment id claim).
  it(`holds over ${NUM_RUNS} random sequences`, { timeout: 300_000 }, async () => {
    let run = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 10 }), async (ops) => {
        // A fresh contractor per run: runs are independent without a fresh table.
        if (run % RUNS_PER_TABLE === 0)
          ledger = new DynamoLedger((await freshStore(moto, 'ledger-prop')).store);
        const contractorNo = `PROP${run++}`;
        const model = { balance: 0, credits: new Map<string, number>(), debits: new Map<string, number>() };
        const debitedNow = new Map<string, number>();
        let last: Exclude<Op, { op: 'replay' }> | undefined;

        const doOp = async (o: Exclude<Op, { op: 'replay' }>) => {
          if (o.op === 'purchase' || o.op === 'refund') {
            const kind = o.op === 'purchase' ? 'purchase' : o.kind;
            // Payment ids are global: each run's own (another run's P1 is another contractor's payment).
            const refId = o.op === 'purchase' ? `${contractorNo}-${o.id}` : o.id;
            const key = `${kind}:${o.id}`;
            const credit = () =>
              ledger.credit({ contractorNo, pointKind: 'regular', kind, refId, amount: o.amount });
            // A payment id names one payment: the same id with another amount is refused, nothing written.
            const first = model.credits.get(key);
            if (o.op === 'purchase' && first !== undefined && first !== o.amount) {
              await expect(credit()).rejects.toMatchObject({ code: 'payment-id-reused' });
              return;
            }
            const r = await credit();
            expect(r.status).toBe(model.credits.has(key) ? 'already-credited' : 'credited');
            if (!model.credits.has(key)) {
              model.credits.set(key, o.amount);
              model.balance += o.amount;
              expect(r.entry.balanceAfter).toBe(model.balance);
            }
            return;
          }
          const copies = o.op === 'concurrent-debit' ? o.copies : 1;
          const before = model.balance;
          const results = await Promise.all(
            Array.from({ length: copies }, () =>
              ledger.debit({ contractorNo, pointKind: 'regular', applicationId: o.app, amount: o.amount }),
            ),
          );
          for (const r of results) {
            if (r.status === 'debited') debitedNow.set(o.app, (debitedNow.get(o.app) ?? 0) + 1);
            if (r.status !== 'insufficient') expect(r.balanceAfter).toBeGreaterThanOrEqual(0);
          }
          if (model.debits.has(o.app)) {
            for (const r of results) expect(r.status).toBe('already-debited');
          } else if (before >= o.amount) {
            expect(results.filter((r) => r.status === 'debited')).toHaveLength(1);
            model.debits.set(o.app, o.amount);
            model.balance -= o.amount;
            for (const r of results)
              expect(r).toMatchObject({ balanceBefore: before, balanceAfter: model.balance });
          } else {
            for (const r of results) expect(r).toEqual({ status: 'insufficient', balance: before });
          }
        };

        for (const o of ops) {
          if (o.op === 'replay') {
            if (last) await doOp(last);
          } else {
            await doOp(o);
            last = o;
          }
        }
        const balance = await ledger.balance(contractorNo, 'regular');
        expect(balance).toBeGreaterThanOrEqual(0);
        expect(balance).toBe(model.balance);
        const rec = await ledger.reconcile(contractorNo, 'regular');
        expect(rec.ok).toBe(true);
        expect(rec.sum).toBe(model.balance);
        for (const n of debitedNow.values()) expect(n).toBe(1);
        const entries = await ledger.entries(contractorNo, 'regular');
        const debitRefs = entries.filter((e) => e.kind === 'debit').map((e) => e.refId);
        expect(new Set(debitRefs).size).toBe(debitRefs.length);
        expect(entries.every((e) => e.balanceAfter >= 0)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    const ms = performance.now() - started;
    console.info(`ledger property: ${NUM_RUNS} runs in ${Math.round(ms)} ms`);
    expect(run).toBe(NUM_RUNS);
  });
});
