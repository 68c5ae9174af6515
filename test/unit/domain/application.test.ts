import { describe, expect, it } from 'vitest';
import {
  applicationIdOf,
  compareWithCharged,
  type FileFacts,
  initialMonth,
  isFinal,
  ledgerDelta,
  linesEditable,
  type Month,
  type MonthEvent,
  mayCause,
  RULES,
  returnOfWithdrawnDebit,
  transition,
  WAIT_OF,
} from '../../../domain/application.js';

const file = (over: Partial<FileFacts> = {}): MonthEvent => ({
  type: 'file',
  importId: 'imp-1',
  status: '予約可能',
  outputMethod: '元請一括',
  days: 50,
  points: 16_000,
  firstTiers: 0,
  ...over,
});

function run(m: Month, ...events: MonthEvent[]): Month {
  let cur = m;
  for (const e of events) {
    const o = transition(cur, e);
    if (!o.ok) throw new Error(o.reason);
    cur = o.month;
  }
  return cur;
}

function step(m: Month, e: MonthEvent) {
  const o = transition(m, e);
  if (!o.ok) throw new Error(o.reason);
  return o;
}

const charged = () =>
  run(
    initialMonth(),
    file(),
    { type: 'applied', by: 'p', points: 16_000 },
    { type: 'approved', by: 'boss' },
    { type: 'debited' },
  );

describe('the month lifecycle: each transition', () => {
  it('file-imported: 予約可能 元請一括 → 申請待ち; 一次一括 → 報告待ち; 要修正 → 要修正', () => {
    expect(step(initialMonth(), file()).month.state).toBe('申請待ち');
    expect(step(initialMonth(), file({ outputMethod: '一次一括', firstTiers: 2 })).month).toMatchObject({
      state: '報告待ち',
      firstTiersLeft: 2,
    });
    const o = step(initialMonth(), file({ status: '要修正' }));
    expect(o.transition).toBe('file-imported');
    expect(o.month.state).toBe('要修正');
  });

  it('file-imported R-ZERO-MONTH: a file without worked days closes the month as 実績なし, prime told', () => {
    const o = step(initialMonth(), file({ days: 0, points: 0 }));
    expect(o.month.state).toBe('実績なし');
    expect(o.effects).toEqual([{ kind: 'notify', notice: 'zero-month', to: 'prime' }]);
    expect(isFinal(o.month.state)).toBe(true);
  });

  it('file-refused: the first file refused → 取込不可; a refusal leaves a current import as it is', () => {
    const o = step(initialMonth(), { type: 'file-refused', importId: 'x' });
    expect(o.month.state).toBe('取込不可');
    expect(o.effects).toEqual([{ kind: 'notify', notice: 'file-refused', to: 'prime' }]);
    const m = run(initialMonth(), file());
    expect(step(m, { type: 'file-refused', importId: 'y' }).month).toEqual(m);
    expect(step(o.month, file()).month.state).toBe('申請待ち');
  });

  it('corrected: 要修正 → still 要修正, or on to 報告待ち / 申請待ち, resuming the Corrections wait', () => {
    const m = run(initialMonth(), file({ status: '要修正' }));
    expect(step(m, { type: 'corrected', by: 'p', status: '要修正' }).effects).toEqual([]);
    const o = step(m, { type: 'corrected', by: 'p', status: '予約可能' });
    expect(o.month.state).toBe('申請待ち');
    expect(o.effects).toEqual([{ kind: 'resume', wait: 'Corrections' }]);
    const fb = run(initialMonth(), file({ status: '要修正', outputMethod: '一次一括', firstTiers: 1 }));
    expect(step(fb, { type: 'corrected', by: 'p', status: '予約可能' }).month.state).toBe('報告待ち');
  });

  it('excluded R-EXCLUDE: 取り込まない moves 要修正 on like a correction', () => {
    const m = run(initialMonth(), file({ status: '要修正' }));
    const o = step(m, { type: 'excluded', by: 'p', reason: '共済契約者でない', status: '予約可能' });
    expect(o.transition).toBe('excluded');
    expect(o.month.state).toBe('申請待ち');
  });

  it('reported: waits until the last 一次 reported, then 申請待ち', () => {
    const m = run(initialMonth(), file({ outputMethod: '一次一括', firstTiers: 2 }));
    const a = step(m, { type: 'reported', by: 'f1', firstTierCompanyId: 'A', remaining: 1 });
    expect(a.month.state).toBe('報告待ち');
    expect(a.effects).toEqual([]);
    const b = step(a.month, { type: 'reported', by: 'f2', firstTierCompanyId: 'B', remaining: 0 });
    expect(b.month.state).toBe('申請待ち');
    expect(b.effects).toEqual([{ kind: 'resume', wait: 'FirstTierReports' }]);
  });

  it('applied / approved / debited: 申請 → 承認 → 充当済 with one debit of the applied points (R-CHARGE)', () => {
    const m = run(initialMonth(), file());
    const a = step(m, { type: 'applied', by: 'p', points: 16_000 });
    expect(a.month).toMatchObject({ state: '申請', application: { no: 1, points: 16_000, returnPoints: 0 } });
    const b = step(a.month, { type: 'approved', by: 'boss' });
    expect(b.effects).toEqual([{ kind: 'resume', wait: 'Approval' }]);
    const c = step(b.month, { type: 'debited' });
    expect(c.month).toMatchObject({ state: '充当済', chargedPoints: 16_000, chargedApplications: 1 });
    expect(c.effects).toContainEqual({ kind: 'ledger', movement: 'debit', amount: 16_000, applicationNo: 1 });
    expect(ledgerDelta(c.effects)).toBe(-16_000);
  });

  it('debited in 一次一括 tells the prime and the 一次', () => {
    const m = run(
      initialMonth(),
      file({ outputMethod: '一次一括', firstTiers: 1 }),
      { type: 'reported', by: 'f', firstTierCompanyId: 'A', remaining: 0 },
      { type: 'applied', by: 'p', points: 320 },
      { type: 'approved', by: 'b' },
    );
    const notices = step(m, { type: 'debited' }).effects.filter((e) => e.kind === 'notify');
    expect(notices.map((n) => n.kind === 'notify' && n.to)).toEqual(['prime', 'first-tiers']);
  });

  it('applied is refused without days, with negative amounts, or returning more than was charged', () => {
    const m = run(initialMonth(), file());
    const zero = transition(m, { type: 'applied', by: 'p', points: 0 });
    expect(zero).toMatchObject({ ok: false, reason: expect.stringContaining('実績なし') });
    expect(() => transition(m, { type: 'applied', by: 'p', points: -1 })).toThrow(/non-negative/);
    expect(() => transition(m, { type: 'applied', by: 'p', points: 1, returnPoints: 0.5 })).toThrow();
    const tooMuch = transition(m, { type: 'applied', by: 'p', points: 0, returnPoints: 320 });
    expect(tooMuch).toMatchObject({ ok: false, reason: expect.stringContaining('超えています') });
  });

  it('rejected (差戻し): back to 申請待ち, the application dropped, the prime told', () => {
    const m = run(initialMonth(), file(), { type: 'applied', by: 'p', points: 1 });
    const o = step(m, { type: 'rejected', by: 'b', reason: '日数確認' });
    expect(o.month.state).toBe('申請待ち');
    expect(o.month.application).toBeUndefined();
    expect(o.effects).toContainEqual({ kind: 'notify', notice: 'rejected', to: 'prime' });
    expect(linesEditable(o.month)).toBe(true);
    expect(linesEditable(m)).toBe(false);
  });

  it('short / purchased: 承認 → 残高不足 → (points bought) 承認 → 充当済', () => {
    const m = run(
      initialMonth(),
      file(),
      { type: 'applied', by: 'p', points: 9 },
      { type: 'approved', by: 'b' },
    );
    const s = step(m, { type: 'short', shortBy: 5 });
    expect(s.month.state).toBe('残高不足');
    expect(step(s.month, { type: 'short', shortBy: 5 }).month.state).toBe('残高不足');
    const p = step(s.month, { type: 'purchased' });
    expect(p.month.state).toBe('承認');
    expect(p.effects).toEqual([{ kind: 'resume', wait: 'Purchase' }]);
    expect(step(s.month, { type: 'debited' }).month.state).toBe('充当済');
  });

  it('refusals say the state and what to do next', () => {
    const m = run(
      initialMonth(),
      file(),
      { type: 'applied', by: 'p', points: 1 },
      { type: 'approved', by: 'b' },
    );
    expect(transition(m, { type: 'applied', by: 'p', points: 1 })).toEqual({
      ok: false,
      reason: '申請できません（現在: 承認）',
    });
    expect(transition(charged(), { type: 'approved', by: 'b' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('追加申請・誤納返還'),
    });
    // A 承認 without its application (a broken projection) is not debited.
    expect(transition({ ...m, application: undefined }, { type: 'debited' })).toMatchObject({ ok: false });
  });
});

describe('R-REPLACE: a newer file before the charge, at any state', () => {
  const states: [string, MonthEvent[]][] = [
    ['要修正', [file({ status: '要修正' })]],
    ['報告待ち', [file({ outputMethod: '一次一括', firstTiers: 2 })]],
    ['申請待ち', [file()]],
    ['申請', [file(), { type: 'applied', by: 'p', points: 16_000 }]],
    ['承認', [file(), { type: 'applied', by: 'p', points: 16_000 }, { type: 'approved', by: 'b' }]],
    [
      '残高不足',
      [
        file(),
        { type: 'applied', by: 'p', points: 16_000 },
        { type: 'approved', by: 'b' },
        { type: 'short', shortBy: 1 },
      ],
    ],
  ];
  for (const [state, events] of states) {
    it(`R-REPLACE file-replaced at ${state}: old waits superseded, application withdrawn, actors told, start over`, () => {
      const m = run(initialMonth(), ...events);
      expect(m.state).toBe(state);
      const o = step(m, file({ importId: 'imp-2' }));
      expect(o.transition).toBe('file-replaced');
      expect(o.month).toMatchObject({ state: '申請待ち', importId: 'imp-2', actors: [] });
      expect(o.month.application).toBeUndefined();
      expect(o.effects[0]).toEqual({
        kind: 'supersede-waits',
        waits: ['Corrections', 'FirstTierReports', 'Application', 'Approval', 'Purchase'],
        importId: 'imp-1',
      });
      expect(o.effects.some((e) => e.kind === 'withdraw-application')).toBe(m.application !== undefined);
      expect(o.effects.some((e) => e.kind === 'notify' && e.notice === 'withdrawn')).toBe(
        m.actors.length > 0,
      );
      expect(ledgerDelta(o.effects)).toBe(0);
      // The next application takes a new number: a withdrawn application's id is never debited again.
      if (m.application) {
        const again = step(o.month, { type: 'applied', by: 'p', points: 16_000 });
        expect(again.month.application?.no).toBe(2);
      }
    });
  }

  it('R-REPLACE a debit that crossed the withdrawal goes back as a rebate of the same application', () => {
    const f = returnOfWithdrawnDebit(16_000, 1);
    expect(f).toEqual({ kind: 'ledger', movement: 'rebate', amount: 16_000, applicationNo: 1 });
    expect(ledgerDelta([{ kind: 'ledger', movement: 'debit', amount: 16_000, applicationNo: 1 }, f])).toBe(0);
  });
});

describe('R-LATE-DAYS and R-MISPAID: a newer file after the charge', () => {
  const line = (workerId: string, dates: string[]) => ({
    workerId,
    employerCompanyId: 'E',
    memberNo: `m${workerId}`,
    dates,
  });

  it('R-LATE-DAYS compareWithCharged: added and removed dates per worker, each at its own 日額', () => {
    const d = compareWithCharged(
      [line('1', ['2026-10-01', '2026-10-02']), line('2', ['2026-10-05'])],
      [line('1', ['2026-10-02', '2026-10-03', '2026-10-04']), line('3', ['2026-10-06'])],
    );
    expect(d).toMatchObject({ addDays: 3, addPoints: 960, removeDays: 2, returnPoints: 640 });
    expect(d.lines.map((l) => [l.workerId, l.addedDates, l.removedDates])).toEqual([
      ['1', ['2026-10-03', '2026-10-04'], ['2026-10-01']],
      ['2', [], ['2026-10-05']],
      ['3', ['2026-10-06'], []],
    ]);
    expect(compareWithCharged([line('1', ['2026-10-01'])], [line('1', ['2026-10-01'])]).lines).toEqual([]);
  });

  it('R-LATE-DAYS late-days-found: added days → 追加申請待ち → its own 申請, 承認 and debit (application no 2)', () => {
    const diff = compareWithCharged([line('1', ['2026-10-01'])], [line('1', ['2026-10-01', '2026-10-02'])]);
    const o = step(charged(), file({ importId: 'imp-2', diff }));
    expect(o.transition).toBe('late-days-found');
    expect(o.month).toMatchObject({ state: '追加申請待ち', phase: 'after-charge' });
    expect(o.effects).toEqual([{ kind: 'notify', notice: 'late-days', to: 'prime' }]);
    const a = step(o.month, { type: 'applied', by: 'p', points: diff.addPoints });
    expect(a.month.application).toEqual({ no: 2, points: 320, returnPoints: 0 });
    const r = step(a.month, { type: 'rejected', by: 'b', reason: '確認' });
    expect(r.month.state).toBe('追加申請待ち');
    const done = run(r.month, { type: 'applied', by: 'p', points: 320 }, { type: 'approved', by: 'b' });
    const c = step(done, { type: 'debited' });
    expect(c.effects).toContainEqual({ kind: 'ledger', movement: 'debit', amount: 320, applicationNo: 2 });
    expect(c.month).toMatchObject({ state: '充当済', chargedPoints: 16_320, chargedApplications: 2 });
    expect(applicationIdOf('9', '2026-10', 2)).toBe('9:2026-10:2');
    expect(applicationIdOf('9', '2026-10')).toBe('9:2026-10');
  });

  it('R-MISPAID removed days → a 誤納 return credited as points on approval (第40条)', () => {
    const diff = compareWithCharged([line('1', ['2026-10-01', '2026-10-02'])], [line('1', ['2026-10-01'])]);
    const m = run(
      charged(),
      file({ importId: 'imp-2', diff }),
      { type: 'applied', by: 'p', points: 0, returnPoints: diff.returnPoints },
      { type: 'approved', by: 'b' },
    );
    const c = step(m, { type: 'debited' });
    expect(c.effects.filter((e) => e.kind === 'ledger')).toEqual([
      { kind: 'ledger', movement: 'mispaid-return', amount: 320, applicationNo: 2 },
    ]);
    expect(ledgerDelta(c.effects)).toBe(320);
    expect(c.month.chargedPoints).toBe(16_000 - 320);
  });

  it('R-LATE-DAYS a file equal to what was charged changes nothing; 要修正 after the charge is corrected first', () => {
    const same = step(charged(), file({ importId: 'imp-2', diff: compareWithCharged([], []) }));
    expect(same.month.state).toBe('充当済');
    expect(same.effects).toEqual([{ kind: 'notify', notice: 'no-difference', to: 'prime' }]);
    const diff = compareWithCharged([], [line('1', ['2026-10-01'])]);
    const flagged = step(charged(), file({ importId: 'imp-2', status: '要修正', diff }));
    expect(flagged.month.state).toBe('要修正');
    expect(step(flagged.month, { type: 'corrected', by: 'p', status: '予約可能' }).month.state).toBe(
      '追加申請待ち',
    );
  });

  it('R-REPLACE a newer file while a 追加申請 waits withdraws it and compares again with what was charged', () => {
    const diff = compareWithCharged([], [line('1', ['2026-10-01'])]);
    const m = run(charged(), file({ importId: 'imp-2', diff }), { type: 'applied', by: 'p', points: 320 });
    const o = step(m, file({ importId: 'imp-3', diff: compareWithCharged([], []) }));
    expect(o.transition).toBe('file-replaced');
    expect(o.month.state).toBe('充当済');
    expect(o.effects).toContainEqual({ kind: 'withdraw-application', no: 2 });
    expect(o.effects).toContainEqual({ kind: 'notify', notice: 'withdrawn', to: 'actors' });
  });
});

describe('the model as data', () => {
  it('every non-final state has a wait someone can act on, and that someone has a rule from it', () => {
    for (const [state, w] of Object.entries(WAIT_OF)) {
      if (isFinal(state as Month['state'])) {
        expect(w.actors).toEqual([]);
        continue;
      }
      expect(w.actors.length).toBeGreaterThan(0);
      for (const a of w.actors)
        expect(RULES.some((r) => r.from.includes(state as Month['state']) && r.by.kind === a)).toBe(true);
    }
  });

  it('who may cause each event', () => {
    expect(mayCause('approved', 'prime')).toBe(true);
    expect(mayCause('approved', 'first-tier')).toBe(false);
    expect(mayCause('reported', 'first-tier')).toBe(true);
    expect(mayCause('purchased', 'payments')).toBe(true);
    expect(mayCause('file', 'cycle')).toBe(true);
  });
});
