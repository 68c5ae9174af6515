// The zod schemas of the API: path, query and body of each route, and the responses, in one place
// (routes.ts binds them to routes; scripts/gen/openapi.ts turns them into docs/openapi.json).
// zod/mini: its functions tree-shake, where classic zod's methods bring the whole library into the API's bundle.
import { ja } from 'zod/locales';
import * as z from 'zod/mini';
import { WAIT_KINDS } from '../../domain/ports/storage.js';

// zod/mini has no default wording ("Invalid input" for everything) until a locale is installed: the problem
// details list each issue's message, so a check without a message of ours speaks zod's Japanese.
z.config(ja());

const digits = (what: string, max = 20) =>
  z.string().check(z.regex(new RegExp(`^[0-9]{1,${max}}$`)), z.describe(what));
const id = (what: string) => z.string().check(z.regex(/^[0-9A-Za-z-]{1,40}$/), z.describe(what));

export const siteId = digits('現場ID');
export const workMonth = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/), z.describe('対象年月 (YYYY-MM)'));
export const contractorNo = id('共済契約者番号');
export const memberNo = id('被共済者番号');
export const companyId = digits('CCUS 事業者ID');
export const workerId = digits('CCUS 技能者ID');
const isoDate = z.iso.date().check(z.describe('YYYY-MM-DD'));
/**
 * Characters a person's text never needs and an attacker uses: every C0 control (NUL, ESC, TAB, CR/LF…),
 * DEL, C1, and the bidirectional controls that make text display otherwise than it is stored (U+202E…).
 */
// \p{Cc} is exactly C0, DEL and C1.
const CONTROL_OR_BIDI = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Free text typed by a person (理由, 現場名): one line, no control or bidi characters, trimmed. */
export const freeText = (what: string, max: number) =>
  z.string().check(
    z.refine((v) => !CONTROL_OR_BIDI.test(v), {
      message: `${what}に制御文字（改行・タブを含む）や文字の向きを変える記号は使えません。取り除いて入力し直してください`,
    }),
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.describe(what),
  );

const reason = freeText('理由', 500);

// ---------------------------------------------------------------- path parameters

export const siteParams = z.object({ siteId });
export const monthParams = z.object({ siteId, workMonth });
export const contractorParams = z.object({ contractorNo });
export const memberParams = z.object({ memberNo });

// ---------------------------------------------------------------- query strings

export const sitesQuery = z.object({
  view: z
    ._default(z.enum(['mine', 'all']), 'all')
    .check(z.describe('mine = 個人表示（自分が設定した現場）, all = 全件表示（自社の全現場）')),
});

export const ledgerQuery = z.object({
  pointKind: z
    ._default(z.enum(['regular', 'special']), 'regular')
    .check(z.describe('regular = 退職金ポイント, special = 特別')),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.regex(/^[0-9]{1,12}$/))).check(z.describe('前のページの nextCursor')),
});

// ---------------------------------------------------------------- bodies

export const siteBody = z
  .object({
    name: freeText('現場名', 200),
    linkMethod: z.enum(['auto', 'manual']).check(z.describe('連携方法: auto = 自動連携, manual = 手動連携')),
    outputMethod: z.enum(['元請一括', '一次一括']).check(z.describe('出力方法')),
    accumulationStart: isoDate.check(z.describe('就業履歴蓄積期間 開始日')),
    accumulationEnd: isoDate.check(z.describe('就業履歴蓄積期間 終了日')),
    linkedOn: isoDate.check(z.describe('連携設定日')),
    wagePayment: z
      .optional(z.enum(['same-month', 'next-month']))
      .check(
        z.describe(
          '賃金支払日: same-month = 就労月内に支払う, next-month = 翌月払い（月末締め翌月払い）。報告・充当期限（約款 第11条1）が動く。省略時は就労月',
        ),
      ),
  })
  .check(
    z.refine((s) => s.accumulationStart <= s.accumulationEnd, {
      message: '蓄積期間の開始日は終了日以前にしてください',
      path: ['accumulationEnd'],
    }),
  );

export const adjustBody = z.object({
  workerId: z.string().check(z.regex(/^[0-9A-Za-z-]{1,40}$/)),
  employerCompanyId: companyId,
  days: z.number().check(z.int(), z.minimum(0), z.maximum(31), z.describe('調整後の就労日数')),
  reason,
  dates: z
    .optional(z.array(isoDate).check(z.maxLength(31)))
    .check(
      z.describe(
        '調整後の就労日すべて（日数を増やすときは必須; 減らすときは省略すると遅い日付から外します）',
      ),
    ),
});

export const companyCorrectionBody = z.object({ companyId, contractorNo });
export const firstTierCorrectionBody = z.object({ companyId, firstTierCompanyId: companyId });
export const workerCorrectionBody = z.object({ workerId, memberNo });
export const forceImportBody = z.object({
  workerId,
  identityConfirmed: z.literal(true).check(z.describe('本人確認済み（強制取込の条件）')),
});
export const doubleEmployerBody = z.object({ workerId, reason });
export const reportBody = z.object({ firstTierCompanyId: companyId });
/** 取り込まない (R-EXCLUDE): exactly one subject, a company or a worker, with the reason. */
export const excludeBody = z.union([
  z
    .strictObject({ companyId, reason })
    .check(z.describe('共済契約者でない事業者を取り込まない（約款 第32条2）')),
  z.strictObject({ workerId, reason }).check(z.describe('被共済者でない技能者を取り込まない')),
]);
export const rejectBody = z.object({ reason });
export const paymentBody = z.object({
  contractorNo,
  paymentId: z
    .string()
    .check(
      z.regex(/^[0-9A-Za-z_.:-]{1,64}$/),
      z.describe('納付の識別子（Pay-easy 納付番号など）: 同じ ID は一度だけ加算'),
    ),
  amount: z.number().check(z.int(), z.positive(), z.maximum(1_000_000_000), z.describe('円 = ポイント')),
  pointKind: z.enum(['regular', 'special']),
  method: z.enum(['pay-easy', '口座振替']),
  siteId: z
    .optional(siteId)
    .check(z.describe('この購入の対象工事（収納書の発注者名・工事名）: 元請の現場ID')),
});
export const uploadBody = z.object({
  file: z
    .base64()
    .check(z.minLength(4), z.maxLength(14_000_000), z.describe('CCUS未登録技能者 Excel (.xlsx) の base64')),
});

// ---------------------------------------------------------------- evidence: 工事の契約情報, 証紙振替, reports

const decimal = (what: string, re: RegExp, message: string) =>
  z.string().check(z.regex(re, { message }), z.describe(what));

/** 工事の契約情報 (R-PURCHASE, R-PUBLIC40): the prime sets them; the estimate and 40-day date follow. */
export const siteContractBody = z.strictObject({
  workName: freeText('工事名', 200),
  orderer: z.strictObject({
    kind: z
      .enum(['public', 'private'], {
        message: '発注者の区分は public（公共）か private（民間）を指定してください',
      })
      .check(z.describe('public = 公共工事（40日以内に収納書を提出）, private = 民間工事')),
    name: freeText('発注者名', 200),
  }),
  contractAmount: z.number({ message: '請負金額は円単位の整数で入力してください' }).check(
    z.int({ message: '請負金額は円単位の整数で入力してください' }),
    z.positive({ message: '請負金額は1円以上で入力してください' }),
    z.maximum(1_000_000_000_000, {
      message: '請負金額が大きすぎます。円単位で入力しているか確かめてください',
    }),
    z.describe('請負金額（消費税を含む, 円）'),
  ),
  contractOn: z.iso.date({ message: '契約日は YYYY-MM-DD で入力してください' }).check(z.describe('契約日')),
  workType: freeText('工事種別', 100),
  ratePerMille: decimal(
    '工事種別に応じた料率（‰, 料率表）',
    /^\d{1,2}(\.\d{1,3})?$/,
    '料率は料率表の‰の値（例: 2.9）を数字で入力してください',
  ),
  enrolmentPercent: z._default(
    decimal(
      '対象工事における労働者の加入率（%）',
      /^(100|\d{1,2})(\.\d{1,2})?$/,
      '加入率は0〜100の数（小数2桁まで）で入力してください',
    ).check(z.refine((v) => Number(v) <= 100, { message: '加入率は100以下で入力してください' })),
    '100',
  ),
  jvSharePercent: z.optional(
    decimal(
      'JV（共同企業体）の出資比率（%）: 自社の持分の請負金額で目安を計算',
      /^(100|\d{1,2})(\.\d{1,2})?$/,
      'JV の出資比率は0より大きく100以下の数（小数2桁まで）で入力してください',
    ).check(
      z.refine((v) => Number(v) > 0 && Number(v) <= 100, {
        message: 'JV の出資比率は0より大きく100以下で入力してください',
      }),
    ),
  ),
});

export const settingsBody = z.strictObject({
  fiscalYearStartMonth: z
    .number({ message: '決算期の開始月は1〜12の数で入力してください' })
    .check(
      z.int({ message: '決算期の開始月は1〜12の数で入力してください' }),
      z.minimum(1, { message: '決算期の開始月は1〜12の数で入力してください' }),
      z.maximum(12, { message: '決算期の開始月は1〜12の数で入力してください' }),
      z.describe('決算期の開始月（受払簿はこの月から12か月）'),
    ),
});

export const stampsBody = z.strictObject({
  contractorNo,
  conversionId: z.string().check(
    z.regex(/^[0-9A-Za-z_.:-]{1,64}$/, {
      message: '振替の識別子は英数字と _ . : - の64文字以内で入力してください',
    }),
    z.describe('証紙振替の識別子（金融機関の受付番号など）: 同じ ID は一度だけ加算'),
  ),
  pointKind: z.enum(['regular', 'special']),
  handedInOn: z.iso
    .date({ message: '証紙の提出日は YYYY-MM-DD で入力してください' })
    .check(z.describe('証紙を金融機関に提出した日')),
  lots: z
    .array(
      z.strictObject({
        colour: z.enum(['red', 'blue'], {
          message: '証紙の色は red（赤・中小企業者用）か blue（青・大手企業者用）です',
        }),
        daysPerStamp: z.union([z.literal(1), z.literal(10)], {
          message: '券種は 1（1日券）か 10（10日券）です',
        }),
        dailyRate: z.number().check(z.int(), z.describe('証紙の日額（額面 ÷ 日数）: 260, 300, 310, 320')),
        count: z
          .number({ message: '枚数は1以上の整数で入力してください' })
          .check(
            z.int({ message: '枚数は1以上の整数で入力してください' }),
            z.positive({ message: '枚数は1以上の整数で入力してください' }),
            z.maximum(1_000_000),
          ),
      }),
    )
    .check(z.minLength(1, { message: '証紙の内訳を1行以上入力してください' }), z.maxLength(20)),
  points: z
    .number()
    .check(z.int(), z.positive(), z.describe('加算するポイント（額面の合計と一致すること, 約款第12条4）')),
  siteId: z.optional(siteId).check(z.describe('この証紙の対象工事（任意）')),
});

const format = z
  ._default(z.enum(['json', 'csv', 'html'], { message: 'format は json・csv・html のいずれかです' }), 'json')
  .check(z.describe('json = データ, csv = 表計算用（UTF-8 BOM付き）, html = 印刷用ページ'));
const fiscalYear = z
  .optional(
    z.coerce
      .number({ message: '決算期（開始年）を数字で指定してください' })
      .check(z.int(), z.minimum(2000), z.maximum(2100)),
  )
  .check(
    z.describe(
      '決算期の開始年（例: 2026 = 2026年4月〜2027年3月, 開始月は設定による）; 省略時は今日を含む決算期',
    ),
  );

export const formatQuery = z.object({ format });
export const bookQuery = z.object({
  fiscalYear,
  pointKind: z._default(z.enum(['regular', 'special']), 'regular'),
  format,
});
export const subcontractorQuery = z.object({ fiscalYear, format, siteId: z.optional(siteId) });
export const receiptParams = z.object({
  contractorNo,
  paymentId: z.string().check(z.regex(/^[0-9A-Za-z_.:-]{1,64}$/), z.describe('納付番号（購入の paymentId）')),
});

// ---------------------------------------------------------------- responses (documentation and tests)

const flag = z.object({
  code: z.string(),
  label: z.string(),
  companyId: z.optional(z.string()),
  workerId: z.optional(z.string()),
  message: z.string(),
});

export const siteResponse = z.object({
  siteId,
  name: z.string(),
  primeContractorNo: contractorNo,
  linkMethod: z.enum(['auto', 'manual']),
  outputMethod: z.enum(['元請一括', '一次一括']),
  accumulationStart: isoDate,
  accumulationEnd: isoDate,
  linkedOn: isoDate,
  wagePayment: z.optional(z.enum(['same-month', 'next-month'])),
  createdBy: z.string(),
});
export const sitesResponse = z.object({ view: z.enum(['mine', 'all']), sites: z.array(siteResponse) });
export const deletedResponse = z.object({ siteId, deleted: z.literal(true) });

const application = z.object({
  status: z.enum(['申請', '承認', '差戻し', '充当済', '取下げ']),
  points: z.number().check(z.int()),
  workers: z.number().check(z.int()),
  days: z.number().check(z.int()),
  revision: z.number().check(z.int()),
  appliedBy: z.string(),
  appliedAt: z.string(),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  reason: z.optional(z.string()),
  chargedAt: z.optional(z.string()),
  no: z
    .optional(z.number().check(z.int()))
    .check(z.describe('2, 3…: 追加申請 after the charge (R-LATE-DAYS)')),
  returnPoints: z
    .optional(z.number().check(z.int()))
    .check(z.describe('誤納 returned as points on approval (R-MISPAID)')),
  follows: z.optional(z.string()).check(z.describe('the original charge a 追加申請 is recorded against')),
});

export const monthResponse = z.object({
  siteId,
  workMonth,
  relation: z.enum(['own', 'chain']),
  lifecycle: z
    .string()
    .check(
      z.describe(
        'この月の状態（要修正・報告待ち・申請待ち・追加申請待ち・申請・承認・残高不足・充当済・実績なし など）',
      ),
    ),
  import: z.nullable(
    z.object({
      importId: z.string(),
      status: z.enum(['予約可能', '要修正']),
      outputMethod: z.enum(['元請一括', '一次一括']),
      receivedAt: z.string(),
      chargedAt: z.optional(z.string()),
      noWorkAt: z
        .optional(z.string())
        .check(z.describe('実績なし（就労日なし）で完了した日時（R-ZERO-MONTH）')),
      flags: z.array(flag),
      totals: z.object({ rows: z.number(), workers: z.number(), days: z.number(), points: z.number() }),
    }),
  ),
  counts: z.object({ lines: z.number(), workers: z.number(), days: z.number(), points: z.number() }),
  refusals: z.array(
    z.object({
      importId: z.string(),
      receivedAt: z.string(),
      errors: z.array(z.object({ line: z.number(), column: z.string(), message: z.string() })),
    }),
  ),
  wait: z
    .nullable(
      z.object({
        kind: z.enum(WAIT_KINDS),
        label: z.string(),
        deadline: z.string(),
        since: z.string(),
      }),
    )
    .check(z.describe('いま待っている人の作業（タスクトークンは返しません）')),
  application: z.nullable(application),
  reports: z.array(
    z.object({
      firstTierCompanyId: z.string(),
      reportedBy: z.string(),
      reportedAt: z.string(),
      onBehalfOf: z.optional(z.string()).check(z.describe('期限後に元請が代わって報告した一次事業者')),
    }),
  ),
});

const line = z.object({
  workerId: z.string(),
  employerCompanyId: z.string(),
  memberNo: z.nullable(z.string()),
  firstTierCompanyId: z.nullable(z.string()),
  tier: z.number().check(z.int()),
  days: z.number().check(z.int()),
  dates: z.array(z.string()),
  points: z.number().check(z.int()),
  rates: z.array(z.object({ dailyRate: z.number().check(z.int()), days: z.number().check(z.int()) })),
  adjustments: z.array(
    z.object({
      fromDays: z.number().check(z.int()),
      toDays: z.number().check(z.int()),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  excluded: z
    .optional(
      z.object({
        subject: z.enum(['company', 'worker']),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
        days: z.number().check(z.int(), z.describe('ファイル上の就労日数（取り込まないため充当しない）')),
        dates: z.array(z.string()),
        points: z.number().check(z.int()),
      }),
    )
    .check(z.describe('取り込まない（R-EXCLUDE）: 誰が・いつ・なぜ。行の days / points は 0')),
});
export const historyResponse = z.object({
  siteId,
  workMonth,
  lifecycle: z
    .string()
    .check(
      z.describe(
        'この月の状態（取込待ち・要修正・報告待ち・申請待ち・追加申請待ち・申請・承認・残高不足・充当済・実績なし・取込不可）',
      ),
    ),
  events: z
    .array(
      z.object({
        at: z.string(),
        kind: z.enum(['import', 'action', 'ledger']),
        what: z.string(),
        by: z.optional(z.string()),
        importId: z.optional(z.string()),
        applicationId: z.optional(z.string()),
        points: z.optional(z.number().check(z.int())),
        reason: z.optional(z.string()),
      }),
    )
    .check(
      z.describe('取込・申請・承認・取下げ・ポイントの動きを時刻順に（R-REPLACE, R-LATE-DAYS, R-MISPAID）'),
    ),
});
export const linesResponse = z.object({ siteId, workMonth, importId: z.string(), lines: z.array(line) });
export const lineResponse = z.object({ line });
export const correctionResponse = z.object({
  recorded: z.literal(true),
  correction: z.enum(['company', 'first-tier', 'worker', 'force-import', 'double-employer']),
  next: z.string().check(z.describe('次にすること（確認・予約登録 = POST .../revalidate）')),
});
export const excludeResponse = z.object({
  recorded: z.literal(true),
  correction: z.literal('exclude'),
  subject: z.enum(['company', 'worker']),
  subjectId: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  next: z.string().check(z.describe('次にすること（確認・予約登録 = POST .../revalidate）')),
});
export const acceptedResponse = z.object({
  status: z.literal('accepted'),
  detail: z.string(),
});
export const reportResponse = z.object({
  firstTierCompanyId: z.string(),
  remaining: z.number().check(z.int(), z.describe('まだ報告していない一次の数')),
  resumed: z.enum(['resumed', 'waiting']),
});
export const applicationResponse = z.object({ application, resumed: z.literal('resumed') });
export const paymentResponse = z.object({
  credited: z.boolean().check(z.describe('false = 同じ paymentId で加算済み')),
  balanceAfter: z.number().check(z.int()),
  resumed: z.array(z.object({ siteId, workMonth, result: z.enum(['resumed', 'not-waiting', 'expired']) })),
});
export const balancesResponse = z.object({
  contractorNo,
  regular: z.number().check(z.int()),
  special: z.number().check(z.int()),
});
export const ledgerResponse = z.object({
  contractorNo,
  pointKind: z.enum(['regular', 'special']),
  entries: z.array(
    z.object({
      seq: z.number().check(z.int()),
      kind: z.enum(['purchase', 'debit', 'exemption-refund', 'mispaid-return', 'rebate', 'stamps']),
      refId: z.string(),
      amount: z.number().check(z.int()),
      balanceBefore: z.number().check(z.int()),
      balanceAfter: z.number().check(z.int()),
      at: z.string(),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});
export const statementResponse = z.object({
  memberNo,
  kind: z.enum(['regular', 'special']),
  days: z.number().check(z.int(), z.describe('掛金納付日数（証紙・電子・特別の合計）')),
  months: z.object({
    whole: z.number().check(z.int(), z.describe('納付月数（21日 = 1月, 切り捨て）')),
    rounded: z.number().check(z.int(), z.describe('早見表の月数（小数1位で四捨五入）')),
  }),
  eligibility: z.object({
    eligible: z.boolean(),
    requiredMonths: z.number().check(z.int()),
    missingDays: z.number().check(z.int()),
  }),
  allowanceEstimate: z.object({
    kind: z.enum(['none', 'table', 'not-listed', 'contributions']),
    label: z.string(),
    yen: z.nullable(z.number().check(z.int())),
  }),
  contributions: z
    .array(z.object({ workMonth, siteId, days: z.number().check(z.int()) }))
    .check(z.describe('自社が雇用者として納付した記録')),
  asOf: z.string(),
});
export const uploadResponse = z.object({
  importId: z.string(),
  added: z.number().check(z.int()),
  lines: z.array(
    z.object({
      workerId: z.string(),
      employerCompanyId: z.string(),
      days: z.number().check(z.int()),
      points: z.number(),
    }),
  ),
});

/**
 * RFC 9457 problem details. Extension members are allowed (the RFC's own rule): `code` names why a
 * state refused the action, `errors` lists the fields or rows at fault; a refusal that recorded a
 * decision says so (`decisionRecorded`, `result`, and the resource as it stands).
 */
/** API Gateway's own refusal before the function runs (a token without the route's scope): not a problem. */
export const gatewayRefusal = z.object({ message: z.literal('Forbidden') });

export const problemSchema = z.catchall(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    code: z
      .optional(z.string())
      .check(z.describe('why the current state refused it (e.g. no-import, no-work)')),
    errors: z
      .optional(z.array(z.record(z.string(), z.unknown())))
      .check(z.describe('each field or row at fault: where, and a message in Japanese')),
  }),
  z.unknown(),
);

// ---------------------------------------------------------------- 手動連携 (upload)

/** The largest CCUS file an upload URL accepts: a month of a very large site is a few MB; 100 MB is ample. */
export const UPLOAD_MAX_BYTES = 100 * 1024 * 1024;
/** What browsers and scripts call a CSV (Windows often says application/vnd.ms-excel). */
export const UPLOAD_CONTENT_TYPES = [
  'text/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;

export const ccusUploadBody = z.object({
  size: z.number().check(
    z.int(),
    z.minimum(1, { message: '空のファイルはアップロードできません' }),
    z.maximum(UPLOAD_MAX_BYTES, {
      message: `ファイルが大きすぎます（上限 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB）。CCUS から対象の現場・年月だけを出力し直してください`,
    }),
    z.describe('ファイルの大きさ（バイト）。PUT はこの大きさちょうどで送る'),
  ),
  contentType: z
    .enum(UPLOAD_CONTENT_TYPES, {
      message: `ファイルの種類は ${UPLOAD_CONTENT_TYPES.join(' / ')} のいずれかにしてください（CCUS の就業履歴 CSV）`,
    })
    .check(z.describe('Content-Type（PUT はこの値で送る）')),
});
export const ccusUploadResponse = z.object({
  method: z.literal('PUT'),
  url: z.string().check(z.describe('署名付き URL（有効期限まで）')),
  headers: z
    .record(z.string(), z.string())
    .check(z.describe('PUT に付けるヘッダー（署名済み: このまま送る）')),
  key: z.string().check(z.describe('受信箱のキー ccus/<現場ID>/<YYYYMM>/<名前>.csv')),
  expiresAt: z.string().check(z.describe('URL の有効期限 (ISO 8601)')),
});

// ---------------------------------------------------------------- audit trail

export const auditQuery = z.object({
  from: z.optional(isoDate).check(z.describe('この日（日本時間）以降の記録（年次監査なら年度の初日）')),
  to: z.optional(isoDate).check(z.describe('この日（日本時間）までの記録')),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  cursor: z
    .optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/)))
    .check(z.describe('前のページの nextCursor')),
});

/** The CSV export reads the whole range: no page. */
export const auditCsvQuery = z.pick(auditQuery, { from: true, to: true });

export const auditRecord = z.object({
  auditId: z.string(),
  at: z.string().check(z.describe('記録した時刻 (ISO 8601, UTC)')),
  actor: z.string().check(z.describe('操作した利用者の ID（システムの処理は system:…）')),
  action: z
    .string()
    .check(z.describe('操作（create-site, map-company, apply, approve, charge, credit-payment…）')),
  siteId: z.optional(z.string()),
  workMonth: z.optional(z.string()),
  subject: z
    .record(z.string(), z.string())
    .check(z.describe('操作の対象の ID（氏名・被共済者番号は記録しない）')),
  reason: z.optional(z.string()),
});

export const auditResponse = z.object({
  scope: z
    .enum(['all', 'own-actions'])
    .check(z.describe('all = この範囲の全記録, own-actions = 自社の利用者の操作のみ')),
  items: z.array(auditRecord),
  nextCursor: z.optional(z.string()),
});

// ---------------------------------------------------------------- evidence (工事の契約情報, 証紙, reports)

const int = () => z.number().check(z.int());
const yen = int();
const pointKind = z.enum(['regular', 'special']);
const entryKind = z.enum(['purchase', 'debit', 'exemption-refund', 'mispaid-return', 'rebate', 'stamps']);
const described = <T extends z.ZodMiniType>(schema: T, description: string) =>
  schema.check(z.describe(description));

const contractView = {
  siteId,
  contract: described(z.nullable(siteContractBody), '工事の契約情報（未登録なら null）'),
  estimate: z.nullable(
    z.object({
      amount: described(yen, '購入金額（R-PURCHASE）'),
      units: described(int(), '購入枚数（日数）'),
      dailyRate: described(yen, '契約日の日額（R-RATE）'),
      points: described(yen, 'units × dailyRate'),
      basis: described(yen, '目安の基礎の請負金額（JV は持分）'),
      rateOn: described(isoDate, '日額を決めた日（契約日）'),
    }),
  ),
  public40: described(
    z.nullable(
      z.object({
        dueOn: described(isoDate, '契約日から40日目'),
        submitBy: described(isoDate, '提出期限（その日以前の最後の営業日）'),
        bought: z.boolean(),
        daysLeft: described(int(), '提出期限までの日数（過ぎていれば負）'),
        stage: z.nullable(z.enum(['request', 'reminder', 'overdue'])),
      }),
    ),
    '公共工事の40日の期限（R-PUBLIC40; 民間工事・未登録は null）',
  ),
  bought: described(yen, 'この工事のために購入したポイント'),
  gap: described(z.nullable(yen), '目安との差（未購入）'),
  warning: z.nullable(z.string()),
};
export const siteContractResponse = z.object(contractView);
export const settingsResponse = z.object({ contractorNo, fiscalYearStartMonth: int() });
export const stampsResponse = z.object({
  credited: described(z.boolean(), 'false: 同じ conversionId の再送（何も加算しない）'),
  points: yen,
  balanceAfter: yen,
});
export const ledgerBookResponse = z.object({
  contractorNo,
  pointKind,
  fiscalYear: int(),
  fiscalYearStartMonth: int(),
  from: isoDate,
  to: isoDate,
  opening: yen,
  lines: z.array(
    z.object({
      seq: int(),
      date: isoDate,
      kind: entryKind,
      label: z.string(),
      refId: z.string(),
      siteId: z.optional(siteId),
      workMonth: z.optional(workMonth),
      received: yen,
      paid: yen,
      balance: yen,
      days: z.nullable(int()),
      siteName: z.nullable(z.string()),
    }),
  ),
  totals: z.object({ received: yen, paid: yen }),
  closing: yen,
});
export const siteReportResponse = z.object({
  ...contractView,
  purchases: z.array(z.object({ seq: int(), date: isoDate, refId: z.string(), points: yen })),
  months: z.array(z.object({ workMonth, charged: yen, returned: yen, mispaid: yen, rebated: yen })),
  charged: yen,
  returned: yen,
});
export const subcontractorReportResponse = z.object({
  contractorNo,
  fiscalYear: int(),
  from: workMonth,
  to: workMonth,
  rows: z.array(
    z.object({
      siteId,
      workMonth,
      firstTier: z.string(),
      companyId,
      company: z.string(),
      contractorNo: z.nullable(z.string()),
      tier: int(),
      workers: int(),
      days: int(),
      points: yen,
    }),
  ),
});
export const receiptResponse = z.object({
  contractorNo,
  contractorName: z.string(),
  paymentId: z.string(),
  kind: z.enum(['purchase', 'stamps']),
  label: z.string(),
  pointKind,
  points: yen,
  method: z.nullable(z.string()),
  receivedAt: z.string(),
  siteId: z.nullable(siteId),
  workName: z.nullable(z.string()),
  ordererName: z.nullable(z.string()),
  stamps: z.nullable(z.pick(stampsBody, { handedInOn: true, lots: true })),
});
