// The mails of the cycle: one template per notice kind (data), who receives each kind, and a pure
// renderer. Mails carry the site, the month, what to do next, the deadline, totals and a link to the
// month, never a 被共済者番号 or a worker's name (the context has no field that could hold one).
import { dayOfWeek, reportDeadline } from './calendar.js';
import type { WaitKind } from './ports/storage.js';
import type { Role } from './types.js';

export type NoticeKind =
  | 'file-received'
  | 'needs-correction'
  | 'report-request'
  | 'apply-request'
  | 'approve-request'
  | 'rejected'
  | 'reminder'
  | 'overdue'
  | 'balance-short'
  | 'charged'
  | 'file-missing'
  | 'file-refused'
  | 'failure'
  | 'member-milestone'
  | 'withdrawn'
  | 'no-work'
  | 'late-days'
  | 'site-owner-mismatch'
  | 'no-difference'
  | 'public40-purchase';

/** The manual's name of each kind (the mail's subject starts with it). */
export const NOTICE_LABELS: Readonly<Record<NoticeKind, string>> = {
  'file-received': 'ファイル受信',
  'needs-correction': '要修正',
  'report-request': '報告依頼',
  'apply-request': '申請依頼',
  'approve-request': '承認依頼',
  rejected: '差戻し',
  reminder: '期限前リマインド',
  overdue: '期限超過',
  'balance-short': '残高不足',
  charged: '充当完了',
  'file-missing': 'ファイル未着',
  'file-refused': '取込不可',
  failure: '処理失敗',
  'member-milestone': '第15条 通知',
  withdrawn: '取下げ',
  'no-work': '実績なし',
  'late-days': '充当後の差分',
  'site-owner-mismatch': '元請不一致',
  'no-difference': '差分なし',
  'public40-purchase': '掛金収納書の提出期限',
};

export const NOTICE_KINDS = Object.keys(NOTICE_LABELS) as NoticeKind[];

/** The waits for people (as the state machine names them). */
export type WaitKindName = WaitKind;

/** What a person does to end a wait (the manual's wording), for reminders and overdue notices. */
export const WAIT_ACTIONS: Readonly<Record<WaitKindName, string>> = {
  Corrections: '要修正の内容を修正し、「確認・予約登録」をしてください。',
  FirstTierReports: '自社の系列の就労実績を確認し、「報告する」を押してください。',
  Application: '就労実績を確認し、掛金充当を「申請する」を押してください。',
  Approval: '申請内容を確認し、「承認する」または「差戻し」をしてください。',
  Purchase: '退職金ポイントを購入してください。入金が確認されると充当を再開します。',
};

/** The kind of the first notice of a wait. */
export const REQUEST_KIND: Readonly<Record<WaitKindName, NoticeKind>> = {
  Corrections: 'needs-correction',
  FirstTierReports: 'report-request',
  Application: 'apply-request',
  Approval: 'approve-request',
  Purchase: 'balance-short',
};

/**
 * The kind of an outbox message: `await-<WaitKind>` with the stage (request / reminder / overdue) of the
 * wait, or one of the cycle's own notices. Undefined for a message no template knows.
 */
export function noticeKindOf(
  notice: string,
  payload: Readonly<Record<string, unknown>> = {},
): NoticeKind | undefined {
  if (notice.startsWith('await-')) {
    const wait = notice.slice('await-'.length) as WaitKindName;
    if (!(wait in REQUEST_KIND)) return undefined;
    if (payload.stage === 'reminder') return 'reminder';
    if (payload.stage === 'overdue') return 'overdue';
    return REQUEST_KIND[wait];
  }
  const direct: Record<string, NoticeKind> = {
    'file-received': 'file-received',
    rejected: 'rejected',
    charged: 'charged',
    'file-missing': 'file-missing',
    'file-refused': 'file-refused',
    'cycle-failed': 'failure',
    'delivery-parked': 'failure',
    // The daily reconciliation completed a charge whose record was missing: the operators look into it.
    'charge-reconciled': 'failure',
    'member-milestone': 'member-milestone',
    withdrawn: 'withdrawn',
    'no-work': 'no-work',
    'late-days': 'late-days',
    'site-owner-mismatch': 'site-owner-mismatch',
    'no-difference': 'no-difference',
    'public40-purchase': 'public40-purchase',
  };
  return direct[notice];
}

// ---------------------------------------------------------------- who receives what

const ALL: readonly Role[] = ['事業者責任者', '管理者', '現場管理者', '担当者'];
/** The roles that correct, apply and set up sites (functions/api/authz.ts MANAGERS). */
const MANAGERS: readonly Role[] = ['事業者責任者', '管理者', '現場管理者'];
/** The roles that approve and commit the prime's money (authz.ts APPROVERS). */
const APPROVERS: readonly Role[] = ['事業者責任者', '管理者'];

export interface Audience {
  /** Roles of the addressed contractor that receive it (the 一次 for report requests, else the prime). */
  roles: readonly Role[];
  /** People who acted on the month and receive it whatever their role (from the message's payload). */
  actors: readonly ('appliedBy' | 'decidedBy')[];
  /** Whether a user may turn it off (reminders only; overdue and failure notices always go out). */
  optional: boolean;
}

const audience = (roles: readonly Role[], actors: Audience['actors'] = [], optional = false): Audience => ({
  roles,
  actors,
  optional,
});

/** Each kind goes to the people who may act on it (the authorization matrix), or who must know. */
export const AUDIENCES: Readonly<Record<Exclude<NoticeKind, 'reminder' | 'overdue'>, Audience>> = {
  'file-received': audience(MANAGERS),
  'needs-correction': audience(MANAGERS),
  // Every role of a 一次 may report its chain.
  'report-request': audience(ALL),
  'apply-request': audience(MANAGERS),
  'approve-request': audience(APPROVERS),
  // The applicant re-applies; the 事業者責任者 answers for the company.
  rejected: audience(['事業者責任者'], ['appliedBy']),
  'balance-short': audience(APPROVERS),
  charged: audience(['事業者責任者'], ['appliedBy', 'decidedBy']),
  'file-missing': audience(MANAGERS),
  'file-refused': audience(MANAGERS),
  failure: audience(MANAGERS),
  // Addressed to the operators only (the member's number never leaves the record).
  'member-milestone': audience([]),
  // R-REPLACE: everyone of the companies that acted on the replaced import (a 一次's reporter included).
  withdrawn: audience(ALL, ['appliedBy', 'decidedBy']),
  'no-work': audience(MANAGERS),
  'late-days': audience(MANAGERS),
  'site-owner-mismatch': audience(MANAGERS),
  'no-difference': audience(MANAGERS),
  // R-PUBLIC40: buying points commits the prime's money, but those who set the site up need to know.
  'public40-purchase': audience(MANAGERS),
};

/** Who receives a kind; reminders and overdue notices go to those the wait's request went to. */
export function audienceOf(kind: NoticeKind, waitKind?: WaitKindName): Audience {
  if (kind === 'reminder' || kind === 'overdue') {
    const request = AUDIENCES[REQUEST_KIND[waitKind ?? 'Application'] as keyof typeof AUDIENCES];
    return { ...request, optional: kind === 'reminder' };
  }
  return AUDIENCES[kind];
}

// ---------------------------------------------------------------- templates

export interface NoticeContext {
  siteId: string;
  siteName: string;
  workMonth: string;
  /** The approval page's base URL, ending with '/'. */
  baseUrl: string;
  /** The wait's deadline; the 第11条1 deadline of the month when absent. */
  dueOn?: string;
  waitKind?: WaitKindName;
  /** Totals of the month's import (never per worker). */
  totals?: { workers: number; days: number; points: number };
  importStatus?: string;
  flags?: number;
  errors?: number;
  /** How many days past the deadline (overdue). */
  overdueDays?: number;
  /** 第15条: the months reached. */
  months?: number;
  /** The error's name (failures); never its message, which may quote data. */
  error?: string;
  /** The day the file was expected (ファイル未着). */
  expectedOn?: string;
}

interface Template {
  /** After 【建退共】{label}： */
  subject: string;
  /** The opening sentence. */
  lead: string;
  /** 次にすること. */
  next: string;
  /** Whether the mail shows the deadline and the totals. */
  deadline: boolean;
  totals: boolean;
}

/** One template per kind. Placeholders: {site} {month} {due} {status} {flags} {errors} {overdueDays} {months} {error} {expectedOn} {action}. */
export const TEMPLATES: Readonly<Record<NoticeKind, Template>> = {
  'file-received': {
    subject: '{site} {month}分の就業履歴を受信しました',
    lead: '{site}の{month}分の就業履歴（CCUS）を受信し、取り込みました。取込結果は「{status}」です（要修正 {flags} 件）。',
    next: '取込結果を確認してください。要修正があれば修正し、「確認・予約登録」をしてください。',
    deadline: true,
    totals: true,
  },
  'needs-correction': {
    subject: '{site} {month}分に要修正があります',
    lead: '{site}の{month}分の就業履歴に要修正が {flags} 件あります。修正が終わるまで掛金充当の申請はできません。',
    next: '要修正の内容（事業者の共済契約者・一次の選択・被共済者番号の登録・強制取込など）を修正し、「確認・予約登録」をしてください。',
    deadline: true,
    totals: true,
  },
  'report-request': {
    subject: '{site} {month}分の就労実績を報告してください',
    lead: '{site}の{month}分は出力方法が一次一括です。元請へ自社の系列の就労実績を報告してください。',
    next: '自社の系列の就労実績を確認し、「報告する」を押してください。',
    deadline: true,
    totals: false,
  },
  'apply-request': {
    subject: '{site} {month}分の掛金充当を申請してください',
    lead: '{site}の{month}分は予約可能になりました。',
    next: '就労実績を確認し、掛金充当を「申請する」を押してください。',
    deadline: true,
    totals: true,
  },
  'approve-request': {
    subject: '{site} {month}分の掛金充当の承認をお願いします',
    lead: '{site}の{month}分の掛金充当が申請されました。',
    next: '申請内容を確認し、「承認する」または「差戻し」をしてください。',
    deadline: true,
    totals: true,
  },
  rejected: {
    subject: '{site} {month}分の掛金充当が差戻されました',
    lead: '{site}の{month}分の掛金充当の申請が差戻されました。差戻しの理由は承認画面で確認できます。',
    next: '理由を確認して就労実績を見直し、もう一度「申請する」を押してください。',
    deadline: true,
    totals: true,
  },
  reminder: {
    subject: '{site} {month}分の期限が近づいています（{due}まで）',
    lead: '{site}の{month}分は、期限（{due}）が近づいています。',
    next: '{action}',
    deadline: true,
    totals: false,
  },
  overdue: {
    subject: '{site} {month}分の期限を{overdueDays}日過ぎています',
    lead: '{site}の{month}分は、期限（{due}）を{overdueDays}日過ぎています。約款第11条により、賃金を支払った月の翌月末日までに報告・充当が必要です。',
    next: '{action}',
    deadline: true,
    totals: false,
  },
  'balance-short': {
    subject: '{site} {month}分の充当に退職金ポイントが不足しています',
    lead: '{site}の{month}分の掛金充当は承認されましたが、退職金ポイントの残高が不足しているため充当できません。',
    next: '退職金ポイントを購入してください。入金が確認されると充当を再開します。',
    deadline: true,
    totals: true,
  },
  charged: {
    subject: '{site} {month}分の掛金充当が完了しました',
    lead: '{site}の{month}分の掛金充当が完了しました（充当済）。',
    next: '対応は不要です。充当の内容と退職金ポイントの残高は承認画面で確認できます。',
    deadline: false,
    totals: true,
  },
  'file-missing': {
    subject: '{site} {month}分の就業履歴が届いていません',
    lead: '{site}の{month}分の就業履歴（CCUS）は{expectedOn}に届く予定でしたが、まだ届いていません。',
    next: 'CCUS の現場・契約情報と電子申請現場設定（連携方法・就業履歴蓄積期間）を確認してください。手動連携の場合はファイルを登録してください。',
    deadline: true,
    totals: false,
  },
  'file-refused': {
    subject: '{site} {month}分のファイルを取り込めませんでした',
    lead: '{site}の{month}分のファイルは取り込めませんでした（エラー {errors} 件）。',
    next: 'エラーの内容を承認画面で確認し、正しいファイルをもう一度登録してください。',
    deadline: true,
    totals: false,
  },
  failure: {
    subject: '{site} {month}分の処理に失敗しました',
    lead: '{site}の{month}分の処理が失敗しました（{error}）。データは失敗した時点のまま保たれています。',
    next: '運用担当が原因を調べています。承認画面で月の状況を確認し、必要な対応が示されたときはそれに従ってください。',
    deadline: false,
    totals: false,
  },
  'member-milestone': {
    subject: '{site} {month}分の充当で第15条の通知対象が記録されました',
    lead: '{site}の{month}分の掛金充当により、掛金納付月数が{months}月に達した被共済者がいます（約款第15条）。',
    next: '納付状況の通知を記録に基づいて行ってください。対象の被共済者は管理用の記録で確認してください（このメールには記載しません）。',
    deadline: false,
    totals: false,
  },
  withdrawn: {
    subject: '{site} {month}分は新しいファイルでやり直します',
    lead: '{site}の{month}分に新しい就業履歴ファイルが届いたため、これまでの報告・申請・承認は取り下げられ、新しいファイルで最初からやり直します。',
    next: '新しい取込結果を確認し、必要な修正・報告・申請をもう一度行ってください。',
    deadline: true,
    totals: false,
  },
  'no-work': {
    subject: '{site} {month}分は実績なしで締めました',
    lead: '{site}の{month}分の就業履歴には就労日がありませんでした。この月は「実績なし」として記録し、掛金充当は行いません。',
    next: '対応は不要です。就労日があるはずの場合は CCUS の就業履歴を確認し、ファイルをもう一度連携してください。',
    deadline: false,
    totals: false,
  },
  'late-days': {
    subject: '{site} {month}分の充当後に就労実績が変わりました',
    lead: '{site}の{month}分は掛金充当済みですが、新しい就業履歴ファイルで就労日数が変わりました。増えた日数は追加申請、減った日数は誤納として退職金ポイントで返還します（約款第40条）。',
    next: '差分を確認し、「申請する」で追加申請（減った日数は返還の申請）をしてください。承認されるとポイントが動きます。',
    deadline: true,
    totals: false,
  },
  'no-difference': {
    subject: '{site} {month}分のファイルをもう一度受信しました（充当済みと同じ内容）',
    lead: '{site}の{month}分は掛金充当済みです。新しく届いた就業履歴ファイルの就労日数は充当済みの内容と同じでした。',
    next: '対応は不要です。充当済みの内容はそのままです。',
    deadline: false,
    totals: false,
  },
  'public40-purchase': {
    subject: '{site}：公共工事の掛金収納書を{due}までに発注者へ提出してください',
    lead: '{site}は{month}に契約した公共工事です。契約後40日以内に、退職金ポイントを購入して掛金収納書を発注者に提出する必要があります（電子申請方式）。この工事を指定した購入はまだ記録されていません。',
    next: '退職金ポイントを購入し、納付の際にこの工事（現場ID）を指定してください。入金が確認されたら、承認画面の「退職金ポイント」から収納書をダウンロードし、発注者名・工事名を確かめて発注者に提出してください。',
    deadline: true,
    totals: false,
  },
  'site-owner-mismatch': {
    subject: '{site} {month}分：元請の異なるファイルを取り込みませんでした',
    lead: '現場ID {siteId} の{month}分に、電子申請現場設定の元請と異なる元請事業者のファイルが届いたため、取り込みませんでした。',
    next: '現場IDと電子申請現場設定を確認してください。心当たりがない場合は運用担当に連絡してください。',
    deadline: false,
    totals: false,
  },
};

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** 2026-11-30 → 2026年11月30日（月）. */
export function japaneseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日（${WEEKDAYS[dayOfWeek(iso)]}）`;
}

/** 2026-10 → 2026年10月. */
export function japaneseMonth(workMonth: string): string {
  const [y, m] = workMonth.split('-').map(Number);
  return `${y}年${m}月`;
}

/** The month's page in the approval web app. */
export function monthLink(baseUrl: string, siteId: string, workMonth: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}sites/${encodeURIComponent(siteId)}/months/${encodeURIComponent(workMonth)}`;
}

const n = (v: number) => v.toLocaleString('ja-JP');

export interface RenderedNotice {
  subject: string;
  text: string;
}

/** The mail of a kind for one site-month; `greeting` is the recipient's name (or the team's). */
export function renderNotice(kind: NoticeKind, ctx: NoticeContext, greeting = 'ご担当者'): RenderedNotice {
  const t = TEMPLATES[kind];
  const due = ctx.dueOn ?? reportDeadline(ctx.workMonth);
  const values: Record<string, string> = {
    site: `${ctx.siteName}（現場ID ${ctx.siteId}）`,
    siteId: ctx.siteId,
    month: japaneseMonth(ctx.workMonth),
    due: japaneseDate(due),
    status: ctx.importStatus ?? '',
    flags: n(ctx.flags ?? 0),
    errors: n(ctx.errors ?? 0),
    overdueDays: n(ctx.overdueDays ?? 0),
    months: n(ctx.months ?? 0),
    error: ctx.error ?? '不明なエラー',
    expectedOn: ctx.expectedOn ? japaneseDate(ctx.expectedOn) : '受信予定日',
    action: WAIT_ACTIONS[ctx.waitKind ?? 'Application'],
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  const lines = [`${greeting} 様`, '', fill(t.lead), '', '■ 次にすること', fill(t.next)];
  if (t.deadline) lines.push('', '■ 期限', `${japaneseDate(due)}まで`);
  if (t.totals && ctx.totals)
    lines.push(
      '',
      '■ 件数（合計）',
      `技能者 ${n(ctx.totals.workers)} 人 / 就労日数 ${n(ctx.totals.days)} 日 / 退職金ポイント ${n(ctx.totals.points)} ポイント`,
    );
  lines.push(
    '',
    '■ この月の画面',
    monthLink(ctx.baseUrl, ctx.siteId, ctx.workMonth),
    '',
    '--',
    '建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。',
    'リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。',
  );
  return { subject: `【建退共】${NOTICE_LABELS[kind]}：${fill(t.subject)}`, text: lines.join('\n') };
}
