// The Japanese wording of every import flag, in one place. Labels follow the manual (000, 手順3).
// Messages carry ids only (事業者ID, 技能者ID): never a worker's name or 被共済者番号.
import type { FlagCode } from './types.js';

/** The manual's screen / fix label for each flag. */
export const FLAG_LABELS: Readonly<Record<FlagCode, string>> = {
  'F-COMPANY': '事業者取込方法選択',
  'F-CONTRACTOR-UNKNOWN': '事業者取込方法選択',
  'F-MULTI-PRIME': '同現場複数一次',
  'F-WORKER-MISSING': '技能者情報編集',
  'F-MEMBER-UNKNOWN': '技能者情報編集',
  'F-WORKER-NAME': '技能者情報編集',
  'F-DOUBLE-EMPLOYER': '同日複数所属',
};

/** Exact wording of the manual (手順3⑤). */
export const WORKER_MISSING_MESSAGE = '被共済者番号:未入力エラー';
/** Exact wording of the manual (手順3⑥). */
export const WORKER_NAME_MESSAGE = '建退共登録の被共済者情報の内容と異なります。';

export const flagMessages = {
  companyMissing: (companyId: string): string =>
    `要修正（事業者取込方法選択）: 事業者ID ${companyId} に共済契約者番号が登録されていません。` +
    '事業者取込方法選択で共済契約者を選択してください。',
  companyConflict: (companyId: string): string =>
    `要修正（事業者取込方法選択）: 事業者ID ${companyId} の共済契約者番号がファイル内で一致しません。` +
    '事業者取込方法選択で共済契約者を選択してください。',
  /** `fixed`: the number came from the file or the registry, which a 事後登録 may not override (R-MAPPING-SCOPE). */
  contractorUnknown: (companyId: string, fixed = false): string =>
    `要修正（事業者取込方法選択）: 事業者ID ${companyId} の共済契約者番号は建退共に有効な共済契約者として` +
    (fixed
      ? '登録されていません。CCUS の事業者情報の共済契約者番号を確認・修正してから再連携してください' +
        '（事業者取込方法選択は共済契約者番号が未登録の場合だけ使えます）。'
      : '登録されていません。事業者取込方法選択で共済契約者を選択してください。'),
  multiPrime: (companyId: string, firstTierIds: readonly string[]): string =>
    `同現場複数一次: 事業者ID ${companyId} が複数の一次事業者（${firstTierIds.join('、')}）の下で就業しています。` +
    '同現場複数一次選択で紐づける一次事業者を選択してください。',
  workerMissing: (): string => WORKER_MISSING_MESSAGE,
  /** `fixed`: the number came from the file or the registry, which a 事後登録 may not override. */
  memberUnknown: (workerId: string, fixed = false): string =>
    `技能者情報編集: 技能者ID ${workerId} の被共済者番号は建退共に登録されていません。` +
    (fixed
      ? 'CCUS の技能者情報の被共済者番号を確認・修正してから再連携してください' +
        '（技能者情報編集は被共済者番号が未登録の場合だけ使えます）。'
      : '正しい被共済者番号を入力してください。'),
  memberConflict: (workerId: string): string =>
    `技能者情報編集: 技能者ID ${workerId} の被共済者番号がファイル内で一致しません。` +
    '正しい被共済者番号を入力してください。',
  workerName: (): string => WORKER_NAME_MESSAGE,
  doubleEmployer: (workerId: string, employerIds: readonly string[]): string =>
    `同日複数所属: 技能者ID ${workerId} が同じ就業日に複数の所属事業者（${employerIds.join('、')}）で就業しています。` +
    '就業履歴を確認してください。',
} as const;
