// Random sequences of events over one site-month, on the pure model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareWithCharged,
  initialMonth,
  isFinal,
  type Month,
  type MonthEvent,
  RULES,
  transition,
  WAIT_OF,
} from '../../../domain/application.js';
import { chargeForDates } from '../../../domain/charge.js';

type Lines = { workerId: string; employerCompanyId: string; memberNo: string; dates: string[] }[];

const linesArb: fc.Arbitrary<Lines> = fc
  .array(fc.tuple(fc.constantFrom('w1', 'w2', 'w3'), fc.subarray(['01', '02', '05', '09', '20', '31'])), {
    maxLength: 3,
  })
  .map((rows) => {
    const by = new Map<string, Set<string>>();
    for (const [w, ds] of rows)
      for (const d of ds) (by.get(w) ?? by.set(w, new Set()).get(w)!).add(`2026-10-${d}`);
    return [...by].map(([workerId, ds]) => ({
      workerId,
      employerCompanyId: 'E',
      memberNo: `m-${workerId}`,
      dates: [...ds].sort(),
    }));
  });

const pointsOf = (l: Lines) => l.reduce((s, x) => s + chargeForDates(x.dates).points, 0);

type Step =
  | { t: 'file'; lines: Lines; flagged: boolean; batch: boolean }
  | { t: 'refused' }
  | { t: 'corrected'; ok: boolean }
  | { t: 'reported' }
  | { t: 'applied' }
  | { t: 'approved' }
  | { t: 'rejected' }
  | { t: 'charge'; balanceOk: boolean }
  | { t: 'purchased' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('file' as const), lines: linesArb, flagged: fc.boolean(), batch: fc.boolean() }),
  fc.constant({ t: 'refused' as const }),
  fc.record({ t: fc.constant('corrected' as const), ok: fc.boolean() }),
  fc.constant({ t: 'reported' as const }),
  fc.constant({ t: 'applied' as const }),
  fc.constant({ t: 'approved' as const }),
  fc.constant({ t: 'rejected' as const }),
  fc.record({ t: fc.constant('charge' as const), balanceOk: fc.boolean() }),
  fc.constant({ t: 'purchased' as const }),
);

describe('the month lifecycle under random events', () => {
  it('R-REPLACE R-LATE-DAYS R-MISPAID: never stuck without someone to act, and points move only as the model says', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let m: Month = initialMonth();
        let lastTransition: string | undefined;
        let chargedLines: Lines = [];
        let currentLines: Lines = [];
        let n = 0;
        let lastNo = 0;
        let ledger = 0; // Σ of the movements written (returns +, debits −)
        for (const s of steps) {
          let e: MonthEvent;
          switch (s.t) {
            case 'file': {
              const afterCharge = m.chargedApplications > 0;
              e = {
                type: 'file',
                importId: `i${++n}`,
                status: s.flagged ? '要修正' : '予約可能',
                outputMethod: s.batch ? '一次一括' : '元請一括',
                days: s.lines.reduce((n, l) => n + l.dates.length, 0),
                points: pointsOf(s.lines),
                firstTiers: s.batch ? 1 : 0,
                ...(afterCharge ? { diff: compareWithCharged(chargedLines, s.lines) } : {}),
              };
              break;
            }
            case 'refused':
              e = { type: 'file-refused', importId: 'r' };
              break;
            case 'corrected':
              e = { type: 'corrected', by: 'p', status: s.ok ? '予約可能' : '要修正' };
              break;
            case 'reported':
              e = { type: 'reported', by: 'f', firstTierCompanyId: 'A', remaining: 0 };
              break;
            case 'applied': {
              const d = compareWithCharged(chargedLines, currentLines);
              e =
                m.phase === 'after-charge'
                  ? { type: 'applied', by: 'p', points: d.addPoints, returnPoints: d.returnPoints }
                  : { type: 'applied', by: 'p', points: pointsOf(currentLines) };
              break;
            }
            case 'approved':
              e = { type: 'approved', by: 'b' };
              break;
            case 'rejected':
              e = { type: 'rejected', by: 'b', reason: 'r' };
              break;
            case 'charge':
              e = s.balanceOk ? { type: 'debited' } : { type: 'short', shortBy: 1 };
              break;
            case 'purchased':
              e = { type: 'purchased' };
              break;
          }
          const o = transition(m, e);
          if (!o.ok) {
            expect(o.reason).toMatch(/できません|ありません|超えています/);
            continue;
          }
          if (e.type === 'file') currentLines = (s as { lines: Lines }).lines;
          for (const f of o.effects)
            if (f.kind === 'ledger') ledger += f.movement === 'debit' ? -f.amount : f.amount;
          if (o.transition === 'debited') chargedLines = currentLines;
          m = o.month;

          // Never a non-final state without a wait that someone can act on.
          if (!isFinal(m.state)) {
            const w = WAIT_OF[m.state];
            expect(w.wait).not.toBeNull();
            expect(w.actors.some((a) => RULES.some((r) => r.from.includes(m.state) && r.by.kind === a))).toBe(
              true,
            );
          }
          // Points moved = what the model says stands charged = the charged file's days.
          expect(-ledger || 0).toBe(m.chargedPoints);
          expect(m.chargedPoints).toBe(pointsOf(chargedLines));
          // One debit per application: the number of charges is the application number.
          // Application numbers are never reused (a withdrawn one included): one debit per application.
          // After 差戻し nothing was debited: the same application is applied again under its number.
          if (o.transition === 'applied') {
            if (lastTransition === 'rejected') expect(m.application?.no).toBeGreaterThanOrEqual(lastNo);
            else expect(m.application?.no).toBeGreaterThan(lastNo);
            lastNo = m.application?.no ?? lastNo;
          }
          lastTransition = o.transition;
        }
      }),
      { numRuns: 400 },
    );
  });
});
