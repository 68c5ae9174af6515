// The month's lifecycle (manual 000 手順3〜4; 約款 第11条, 第40条): one site × work month from the file to
// 充当済, as a pure state model. Storage writes what it decides (revision-checked); the API and the cycle
// ask it whether an event may happen, who may cause it, and what it yields (waits that end, notices,
// ledger movements). R-REPLACE, R-LATE-DAYS, R-MISPAID, R-ZERO-MONTH, R-EXCLUDE live here.
import { chargeForDates } from './charge.js';
import type { WorkLine } from './import/types.js';
import { WAIT_KINDS, type WaitKind } from './ports/storage.js';
import { DomainError, type OutputMethod, type Yen } from './types.js';

export type MonthState =
  | '取込待ち'
  | '取込不可'
  | '要修正'
  | '報告待ち'
  | '申請待ち'
  | '追加申請待ち'
  | '申請'
  | '承認'
  | '残高不足'
  | '充当済'
  | '実績なし';

export const MONTH_STATES: readonly MonthState[] = [
  '取込待ち',
  '取込不可',
  '要修正',
  '報告待ち',
  '申請待ち',
  '追加申請待ち',
  '申請',
  '承認',
  '残高不足',
  '充当済',
  '実績なし',
];

/** The month's execution ends in these; only a new file moves the month again. */
export const FINAL_STATES: readonly MonthState[] = ['取込不可', '充当済', '実績なし'];

/** States with a current import still open for people (a newer file supersedes it under R-REPLACE). */
export const OPEN_STATES: readonly MonthState[] = [
  '要修正',
  '報告待ち',
  '申請待ち',
  '追加申請待ち',
  '申請',
  '承認',
  '残高不足',
];

/**
 * Who may cause an event: the cycle itself (files, the debit), the prime's managers (correct, apply),
 * the prime's approvers (承認 / 差戻し), a 一次 of the chain (報告する), the payment notifier (points bought).
 * The action names are those of the API's authorization matrix.
 */
export type Actor =
  | { kind: 'cycle' }
  | { kind: 'prime'; action: 'correct' | 'apply' | 'approve' }
  | { kind: 'first-tier'; action: 'report' }
  | { kind: 'payments'; action: 'credit' };

export type Phase = 'original' | 'after-charge';

export interface PendingApplication {
  /** 1 for the month's 申請, 2, 3… for each 追加申請 (R-LATE-DAYS). */
  no: number;
  /** Points to debit (days charged now). */
  points: Yen;
  /** Points to return as 誤納 (R-MISPAID): days charged before that the newer file removed. */
  returnPoints: Yen;
}

export interface Month {
  state: MonthState;
  /** `after-charge` once a newer file came after the charge: the application is a 追加申請. */
  phase: Phase;
  outputMethod: OutputMethod;
  importId?: string;
  /** The application made over the current import (absent before 申請, after 差戻し or withdrawal). */
  application?: PendingApplication;
  /** Applications charged so far (more than 0: the month was charged). */
  chargedApplications: number;
  /**
   * The highest application number used for the month, withdrawn ones included: the next is one more,
   * so a withdrawn application's id is never reused and the ledger's one debit per application holds.
   */
  lastApplicationNo: number;
  /** Σ debited − Σ returned for the month: what stands charged (R-CHARGE). */
  chargedPoints: Yen;
  /** The diff of the current after-charge file against what was charged. */
  diff?: ChargeDiff;
  /** 一次 that still have to report the current import (一次一括). */
  firstTiersLeft: number;
  /** People who acted on the current import (told when it is withdrawn, R-REPLACE). */
  actors: readonly string[];
}

export function initialMonth(outputMethod: OutputMethod = '元請一括'): Month {
  return {
    state: '取込待ち',
    phase: 'original',
    outputMethod,
    chargedApplications: 0,
    lastApplicationNo: 0,
    chargedPoints: 0,
    firstTiersLeft: 0,
    actors: [],
  };
}

// ---------------------------------------------------------------- after the charge: what changed

export interface LineDiff {
  workerId: string;
  employerCompanyId: string;
  memberNo: string | null;
  /** Dates in the newer file that were not charged: a 追加申請. */
  addedDates: string[];
  /** Dates charged that the newer file no longer has: a 誤納 return. */
  removedDates: string[];
}

export interface ChargeDiff {
  lines: LineDiff[];
  addDays: number;
  addPoints: Yen;
  removeDays: number;
  returnPoints: Yen;
}

type DiffLine = Pick<WorkLine, 'workerId' | 'employerCompanyId' | 'memberNo' | 'dates'>;

/**
 * R-LATE-DAYS: a newer file compared with what was charged, date by date per worker × employer, each
 * date priced at its own 日額 (R-RATE). Added and removed days are kept apart: they are charged and
 * returned separately, each against the original charge.
 */
export function compareWithCharged(charged: readonly DiffLine[], newer: readonly DiffLine[]): ChargeDiff {
  const key = (l: DiffLine) => `${l.workerId}\u0000${l.employerCompanyId}`;
  const before = new Map(charged.map((l) => [key(l), l]));
  const after = new Map(newer.map((l) => [key(l), l]));
  const lines: LineDiff[] = [];
  for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(k);
    const now = after.get(k);
    const line = (now ?? was) as DiffLine;
    const wasDates = new Set(was ? was.dates : []);
    const nowDates = new Set(now ? now.dates : []);
    const addedDates = [...nowDates].filter((d) => !wasDates.has(d)).sort();
    const removedDates = [...wasDates].filter((d) => !nowDates.has(d)).sort();
    if (addedDates.length === 0 && removedDates.length === 0) continue;
    lines.push({
      workerId: line.workerId,
      employerCompanyId: line.employerCompanyId,
      memberNo: line.memberNo,
      addedDates,
      removedDates,
    });
  }
  const added = lines.flatMap((l) => l.addedDates.map((d) => d));
  const removed = lines.flatMap((l) => l.removedDates.map((d) => d));
  return {
    lines,
    addDays: added.length,
    addPoints: lines.reduce((s, l) => s + chargeForDates(l.addedDates).points, 0),
    removeDays: removed.length,
    returnPoints: lines.reduce((s, l) => s + chargeForDates(l.removedDates).points, 0),
  };
}

export function isEmptyDiff(d: ChargeDiff): boolean {
  return d.lines.length === 0;
}

/** The ledger id of an application: the first keeps `${siteId}:${workMonth}`, 追加申請 add `:n`. */
export function applicationIdOf(siteId: string, workMonth: string, no = 1): string {
  return no === 1 ? `${siteId}:${workMonth}` : `${siteId}:${workMonth}:${no}`;
}

// ---------------------------------------------------------------- events

export interface FileFacts {
  importId: string;
  status: '予約可能' | '要修正';
  outputMethod: OutputMethod;
  days: number;
  points: Yen;
  /** 一次 that must report (一次一括). */
  firstTiers: number;
  /** After the charge: the file compared with what was charged (compareWithCharged). */
  diff?: ChargeDiff;
}

export type MonthEvent =
  | ({ type: 'file' } & FileFacts)
  | { type: 'file-refused'; importId: string }
  | { type: 'corrected'; by: string; status: '予約可能' | '要修正' }
  | { type: 'excluded'; by: string; reason: string; status: '予約可能' | '要修正' }
  | { type: 'reported'; by: string; firstTierCompanyId: string; remaining: number }
  | { type: 'applied'; by: string; points: Yen; returnPoints?: Yen }
  | { type: 'approved'; by: string }
  | { type: 'rejected'; by: string; reason: string }
  | { type: 'debited' }
  | { type: 'short'; shortBy: Yen }
  | { type: 'purchased' };

/** The names of the transitions (a `file` event is classified by the state it meets). */
export type TransitionName =
  | 'file-imported'
  | 'file-replaced'
  | 'late-days-found'
  | 'file-refused'
  | 'corrected'
  | 'excluded'
  | 'reported'
  | 'applied'
  | 'approved'
  | 'rejected'
  | 'debited'
  | 'short'
  | 'purchased';

/** Notices the model asks for (the outbox's `notice`); recipients by role, resolved by the cycle. */
export type MonthNotice =
  | 'withdrawn'
  | 'late-days'
  | 'no-difference'
  | 'zero-month'
  | 'file-refused'
  | 'rejected'
  | 'charged';

export type Recipient = 'prime' | 'first-tiers' | 'actors';

export type Effect =
  /** The waits of the replaced import end (their executions fail with Superseded and end cleanly). */
  | { kind: 'supersede-waits'; waits: readonly WaitKind[]; importId: string }
  /** The application over the replaced import is withdrawn (recorded in the history). */
  | { kind: 'withdraw-application'; no: number }
  /** The execution waiting for this may go on. */
  | { kind: 'resume'; wait: WaitKind }
  | { kind: 'notify'; notice: MonthNotice; to: Recipient }
  | { kind: 'ledger'; movement: 'debit' | 'mispaid-return' | 'rebate'; amount: Yen; applicationNo: number };

export type Outcome =
  | { ok: true; transition: TransitionName; branch: string; month: Month; effects: Effect[] }
  | { ok: false; reason: string };

// ---------------------------------------------------------------- the rules, as data

interface Branch {
  when: string;
  to: MonthState | 'unchanged';
  test: (m: Month, e: MonthEvent) => boolean;
}

export interface Rule {
  name: TransitionName;
  /** The event type that triggers it. */
  event: MonthEvent['type'];
  from: readonly MonthState[];
  by: Actor;
  branches: readonly Branch[];
  /** What it yields, in words (docs/cycle.md). */
  yields: string;
}

const always = () => true;
const fileOf = (e: MonthEvent) => e as Extract<MonthEvent, { type: 'file' }>;
const afterCharge = (m: Month) => m.chargedApplications > 0;
/** Where a newer file takes the month (the same for a first file and a replacement). */
const ARRIVAL: readonly Branch[] = [
  {
    when: '充当後、差分なし',
    to: '充当済',
    test: (m, e) => afterCharge(m) && fileOf(e).diff !== undefined && isEmptyDiff(fileOf(e).diff!),
  },
  {
    when: '就労日なし（R-ZERO-MONTH）',
    to: '実績なし',
    test: (m, e) => !afterCharge(m) && fileOf(e).days === 0,
  },
  { when: '要修正', to: '要修正', test: (_m, e) => fileOf(e).status === '要修正' },
  { when: '充当後、差分あり（R-LATE-DAYS）', to: '追加申請待ち', test: (m) => afterCharge(m) },
  { when: '予約可能、一次一括', to: '報告待ち', test: (_m, e) => fileOf(e).outputMethod === '一次一括' },
  { when: '予約可能、元請一括', to: '申請待ち', test: always },
];

const AFTER_CORRECTION: readonly Branch[] = [
  {
    when: 'まだ要修正',
    to: '要修正',
    test: (_m, e) => (e as { status: string }).status === '要修正',
  },
  { when: '予約可能、充当後', to: '追加申請待ち', test: (m) => afterCharge(m) },
  { when: '予約可能、一次一括', to: '報告待ち', test: (m) => m.outputMethod === '一次一括' },
  { when: '予約可能、元請一括', to: '申請待ち', test: always },
];

const CYCLE: Actor = { kind: 'cycle' };

export const RULES: readonly Rule[] = [
  {
    name: 'file-imported',
    event: 'file',
    from: ['取込待ち', '取込不可', '実績なし'],
    by: CYCLE,
    // Before any charge: no comparison to make.
    branches: [ARRIVAL[1]!, ARRIVAL[2]!, ARRIVAL[4]!, ARRIVAL[5]!],
    yields: '待機（要修正・報告・申請）を開始。実績なしは元請に通知',
  },
  {
    name: 'file-replaced',
    event: 'file',
    from: OPEN_STATES,
    by: CYCLE,
    branches: ARRIVAL,
    yields:
      '旧取込の待機をすべて終了（Superseded）、申請を取下げ、関わった人に理由を通知（R-REPLACE）。新しいファイルで最初から',
  },
  {
    name: 'late-days-found',
    event: 'file',
    from: ['充当済'],
    by: CYCLE,
    branches: [ARRIVAL[0]!, ARRIVAL[2]!, ARRIVAL[3]!],
    yields: '充当済みとの差分: 追加分は追加申請、減った分は誤納返還（R-LATE-DAYS, R-MISPAID）。元請に通知',
  },
  {
    name: 'file-refused',
    event: 'file-refused',
    from: MONTH_STATES,
    by: CYCLE,
    branches: [
      { when: '取込済みの月はそのまま', to: 'unchanged', test: (m) => m.importId !== undefined },
      { when: '取込済みのファイルなし', to: '取込不可', test: always },
    ],
    yields: '元請に取込不可の理由を通知（現在の取込は変わらない）',
  },
  {
    name: 'corrected',
    event: 'corrected',
    from: ['要修正'],
    by: { kind: 'prime', action: 'correct' },
    branches: AFTER_CORRECTION,
    yields: '要修正の待機を再開（確認・予約登録）',
  },
  {
    name: 'excluded',
    event: 'excluded',
    from: ['要修正'],
    by: { kind: 'prime', action: 'correct' },
    branches: AFTER_CORRECTION,
    yields: '取り込まない行を除いて確認・予約登録（R-EXCLUDE）',
  },
  {
    name: 'reported',
    event: 'reported',
    from: ['報告待ち'],
    by: { kind: 'first-tier', action: 'report' },
    branches: [
      {
        when: '未報告の一次あり',
        to: '報告待ち',
        test: (_m, e) => (e as { remaining: number }).remaining > 0,
      },
      { when: '全一次が報告', to: '申請待ち', test: always },
    ],
    yields: '最後の報告で報告待ちを再開',
  },
  {
    name: 'applied',
    event: 'applied',
    from: ['申請待ち', '追加申請待ち'],
    by: { kind: 'prime', action: 'apply' },
    branches: [{ when: '申請する', to: '申請', test: always }],
    yields: '申請待ちを再開（承認待ちへ）',
  },
  {
    name: 'approved',
    event: 'approved',
    from: ['申請'],
    by: { kind: 'prime', action: 'approve' },
    branches: [{ when: '承認する', to: '承認', test: always }],
    yields: '承認待ちを再開（充当へ）',
  },
  {
    name: 'rejected',
    event: 'rejected',
    from: ['申請'],
    by: { kind: 'prime', action: 'approve' },
    branches: [
      { when: '追加申請の差戻し', to: '追加申請待ち', test: (m) => afterCharge(m) },
      { when: '差戻し', to: '申請待ち', test: always },
    ],
    yields: '承認待ちを再開、元請に差戻しを通知。就労実績を直して再申請',
  },
  {
    name: 'debited',
    event: 'debited',
    from: ['承認', '残高不足'],
    by: CYCLE,
    branches: [{ when: '充当', to: '充当済', test: (m) => m.application !== undefined }],
    yields: '退職金ポイントを引落し（申請ごとに1回）、誤納分はポイントで返還（第40条）。元請と一次に通知',
  },
  {
    name: 'short',
    event: 'short',
    from: ['承認', '残高不足'],
    by: CYCLE,
    branches: [{ when: '残高不足', to: '残高不足', test: always }],
    yields: '購入待ちを開始（元請に通知）',
  },
  {
    name: 'purchased',
    event: 'purchased',
    from: ['残高不足'],
    by: { kind: 'payments', action: 'credit' },
    branches: [{ when: 'ポイント購入', to: '承認', test: always }],
    yields: '購入待ちを再開（引落しを再試行）',
  },
];

// ---------------------------------------------------------------- waits: who can move a month

export interface MonthWait {
  /** The wait for people (a stored task token), or the cycle's own next step. */
  wait: WaitKind | 'cycle' | 'file' | null;
  /** Who can end it; empty only in a final state. */
  actors: readonly Actor['kind'][];
}

/** Every non-final state has someone who can move it on: the invariant the property test checks. */
export const WAIT_OF: Readonly<Record<MonthState, MonthWait>> = {
  取込待ち: { wait: 'file', actors: ['cycle'] },
  取込不可: { wait: null, actors: [] },
  要修正: { wait: 'Corrections', actors: ['prime'] },
  報告待ち: { wait: 'FirstTierReports', actors: ['first-tier'] },
  申請待ち: { wait: 'Application', actors: ['prime'] },
  追加申請待ち: { wait: 'Application', actors: ['prime'] },
  申請: { wait: 'Approval', actors: ['prime'] },
  承認: { wait: 'cycle', actors: ['cycle'] },
  残高不足: { wait: 'Purchase', actors: ['payments'] },
  充当済: { wait: null, actors: [] },
  実績なし: { wait: null, actors: [] },
};

export function isFinal(state: MonthState): boolean {
  return FINAL_STATES.includes(state);
}

/** 就労実績 may be adjusted (保存する) only while no application covers them. */
export function linesEditable(m: Pick<Month, 'state'>): boolean {
  return ['要修正', '報告待ち', '申請待ち', '追加申請待ち'].includes(m.state);
}

// ---------------------------------------------------------------- the transition function

function classify(m: Month, e: MonthEvent): Rule | undefined {
  return RULES.find((r) => r.event === e.type && r.from.includes(m.state));
}

function refusal(m: Month, e: MonthEvent): string {
  const label: Record<MonthEvent['type'], string> = {
    file: '取込',
    'file-refused': '取込',
    corrected: '確認・予約登録',
    excluded: '取り込まない',
    reported: '報告',
    applied: '申請',
    approved: '承認',
    rejected: '差戻し',
    debited: '充当',
    short: '充当',
    purchased: 'ポイント購入の反映',
  };
  const next: Partial<Record<MonthState, string>> = {
    要修正: '要修正を修正して確認・予約登録してください',
    報告待ち: '一次事業者の報告を待っています',
    申請待ち: '申請してください',
    追加申請待ち: '追加申請してください',
    申請: '承認または差戻ししてください',
    残高不足: '退職金ポイントを購入してください',
    充当済: '変更は新しい就業履歴ファイルで追加申請・誤納返還として扱います',
  };
  return `${label[e.type]}できません（現在: ${m.state}）${next[m.state] ? `。${next[m.state]}` : ''}`;
}

function with_(m: Month, patch: Partial<Month>): Month {
  const out: Month = { ...m, ...patch };
  for (const k of Object.keys(patch) as (keyof Month)[]) if (patch[k] === undefined) delete out[k];
  return out;
}

function actorOf(e: MonthEvent): string | undefined {
  return 'by' in e ? e.by : undefined;
}

/**
 * The month after an event, with what it yields; or the reason (Japanese, with what to do next) why
 * the event cannot happen now. Pure: the caller writes the result with a revision check.
 */
export function transition(m: Month, e: MonthEvent): Outcome {
  const rule = classify(m, e);
  if (!rule) return { ok: false, reason: refusal(m, e) };
  const branch = rule.branches.find((b) => b.test(m, e));
  if (!branch) return { ok: false, reason: refusal(m, e) };
  const to = branch.to === 'unchanged' ? m.state : branch.to;
  const effects: Effect[] = [];
  const by = actorOf(e);
  const actors = by === undefined || m.actors.includes(by) ? m.actors : [...m.actors, by];
  let next: Month = with_(m, { state: to, actors });

  switch (e.type) {
    case 'file': {
      if (rule.name === 'file-replaced' && m.importId !== undefined) {
        effects.push({ kind: 'supersede-waits', waits: WAIT_KINDS, importId: m.importId });
        if (m.application) effects.push({ kind: 'withdraw-application', no: m.application.no });
        if (m.actors.length > 0) effects.push({ kind: 'notify', notice: 'withdrawn', to: 'actors' });
      }
      const charged = afterCharge(m);
      next = with_(next, {
        importId: e.importId,
        outputMethod: e.outputMethod,
        application: undefined,
        phase: charged ? 'after-charge' : 'original',
        diff: charged ? e.diff : undefined,
        firstTiersLeft: e.firstTiers,
        actors: [],
      });
      if (to === '充当済') effects.push({ kind: 'notify', notice: 'no-difference', to: 'prime' });
      else if (to === '実績なし') effects.push({ kind: 'notify', notice: 'zero-month', to: 'prime' });
      else if (charged) effects.push({ kind: 'notify', notice: 'late-days', to: 'prime' });
      break;
    }
    case 'file-refused':
      effects.push({ kind: 'notify', notice: 'file-refused', to: 'prime' });
      break;
    case 'corrected':
    case 'excluded':
      if (to !== '要修正') effects.push({ kind: 'resume', wait: 'Corrections' });
      break;
    case 'reported':
      next = with_(next, { firstTiersLeft: e.remaining });
      if (to !== '報告待ち') effects.push({ kind: 'resume', wait: 'FirstTierReports' });
      break;
    case 'applied': {
      const returnPoints = e.returnPoints ?? 0;
      if (
        !Number.isSafeInteger(e.points) ||
        e.points < 0 ||
        !Number.isSafeInteger(returnPoints) ||
        returnPoints < 0
      )
        throw new DomainError(
          'INVALID_AMOUNT',
          `points must be non-negative integers (${e.points}, ${returnPoints})`,
        );
      if (e.points === 0 && returnPoints === 0)
        return {
          ok: false,
          reason: '申請する就労日数がありません（就労日のない月は実績なしとして閉じます）',
        };
      if (returnPoints > m.chargedPoints)
        return { ok: false, reason: `返還額 ${returnPoints} が充当済みの ${m.chargedPoints} を超えています` };
      next = with_(next, {
        application: { no: m.lastApplicationNo + 1, points: e.points, returnPoints },
        lastApplicationNo: m.lastApplicationNo + 1,
      });
      effects.push({ kind: 'resume', wait: 'Application' });
      break;
    }
    case 'approved':
      effects.push({ kind: 'resume', wait: 'Approval' });
      break;
    case 'rejected':
      // 差戻し: nothing was debited, the same application is applied again under its number.
      next = with_(next, {
        application: undefined,
        lastApplicationNo: (m.application as PendingApplication).no - 1,
      });
      effects.push({ kind: 'resume', wait: 'Approval' }, { kind: 'notify', notice: 'rejected', to: 'prime' });
      break;
    case 'debited': {
      const app = m.application as PendingApplication; // the branch checked it
      if (app.returnPoints > 0)
        effects.push({
          kind: 'ledger',
          movement: 'mispaid-return',
          amount: app.returnPoints,
          applicationNo: app.no,
        });
      if (app.points > 0)
        effects.push({ kind: 'ledger', movement: 'debit', amount: app.points, applicationNo: app.no });
      effects.push({ kind: 'notify', notice: 'charged', to: 'prime' });
      if (m.outputMethod === '一次一括' && m.phase === 'original')
        effects.push({ kind: 'notify', notice: 'charged', to: 'first-tiers' });
      next = with_(next, {
        application: undefined,
        diff: undefined,
        chargedApplications: m.chargedApplications + 1,
        chargedPoints: m.chargedPoints + app.points - app.returnPoints,
      });
      break;
    }
    case 'short':
      break;
    case 'purchased':
      effects.push({ kind: 'resume', wait: 'Purchase' });
      break;
  }
  return { ok: true, transition: rule.name, branch: branch.when, month: next, effects };
}

/** Whether an actor of this kind may cause the event at all (the API authorizes the role on top). */
export function mayCause(event: MonthEvent['type'], actor: Actor['kind']): boolean {
  return RULES.some((r) => r.event === event && r.by.kind === actor);
}

/**
 * R-REPLACE when a debit landed while the newer file withdrew its application (the two crossed): the
 * debit goes back to the prime as a rebate under the same application id, so the withdrawn application
 * moved nothing in the end, and the new file's application (a new number) is debited on its own.
 */
export function returnOfWithdrawnDebit(debited: Yen, applicationNo: number): Effect {
  return { kind: 'ledger', movement: 'rebate', amount: debited, applicationNo };
}

/** Σ of the ledger movements among effects: debits negative, returns positive (R-POINT). */
export function ledgerDelta(effects: readonly Effect[]): Yen {
  let sum = 0;
  for (const f of effects) if (f.kind === 'ledger') sum += f.movement === 'debit' ? -f.amount : f.amount;
  return sum;
}
