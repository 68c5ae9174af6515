// The notice mails: one template per kind (rendered text, reviewable inline), who receives each kind,
// and the mapping from the outbox's notices to kinds.
import { describe, expect, it } from 'vitest';
import {
  AUDIENCES,
  audienceOf,
  japaneseDate,
  monthLink,
  NOTICE_KINDS,
  NOTICE_LABELS,
  type NoticeContext,
  type NoticeKind,
  noticeKindOf,
  renderNotice,
  TEMPLATES,
} from '../../../domain/notice-templates.js';
import { MailNotSent } from '../../../domain/ports/notices.js';

const base: NoticeContext = {
  siteId: '9000000001',
  siteName: '○○ビル新築工事',
  workMonth: '2026-10',
  baseUrl: 'http://127.0.0.1:3000/',
};
const totals = { workers: 3, days: 20, points: 6_400 };

const render = (kind: NoticeKind, extra: Partial<NoticeContext> = {}, who?: string) => {
  const r = renderNotice(kind, { ...base, ...extra }, who);
  return `${r.subject}\n\n${r.text}`;
};

describe('notice templates: one per kind', () => {
  it('has a template and a label for each of the twenty kinds', () => {
    expect(NOTICE_KINDS).toHaveLength(20);
    expect(Object.keys(TEMPLATES).sort()).toEqual([...NOTICE_KINDS].sort());
    expect(Object.values(NOTICE_LABELS)).toEqual([
      'ファイル受信',
      '要修正',
      '報告依頼',
      '申請依頼',
      '承認依頼',
      '差戻し',
      '期限前リマインド',
      '期限超過',
      '残高不足',
      '充当完了',
      'ファイル未着',
      '取込不可',
      '処理失敗',
      '第15条 通知',
      '取下げ',
      '実績なし',
      '充当後の差分',
      '元請不一致',
      '差分なし',
      '掛金収納書の提出期限',
    ]);
  });

  it('ファイル受信', () => {
    expect(
      render('file-received', { totals, importStatus: '要修正', flags: 4 }, '山田 太郎'),
    ).toMatchInlineSnapshot(`
        "【建退共】ファイル受信：○○ビル新築工事（現場ID 9000000001） 2026年10月分の就業履歴を受信しました

        山田 太郎 様

        ○○ビル新築工事（現場ID 9000000001）の2026年10月分の就業履歴（CCUS）を受信し、取り込みました。取込結果は「要修正」です（要修正 4 件）。

        ■ 次にすること
        取込結果を確認してください。要修正があれば修正し、「確認・予約登録」をしてください。

        ■ 期限
        2026年11月30日（月）まで

        ■ 件数（合計）
        技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

        ■ この月の画面
        http://127.0.0.1:3000/sites/9000000001/months/2026-10

        --
        建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
        リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
      `);
  });

  it('要修正', () => {
    expect(render('needs-correction', { totals, flags: 4, dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】要修正：○○ビル新築工事（現場ID 9000000001） 2026年10月分に要修正があります

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の就業履歴に要修正が 4 件あります。修正が終わるまで掛金充当の申請はできません。

      ■ 次にすること
      要修正の内容（事業者の共済契約者・一次の選択・被共済者番号の登録・強制取込など）を修正し、「確認・予約登録」をしてください。

      ■ 期限
      2026年11月30日（月）まで

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('報告依頼', () => {
    expect(render('report-request', { dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】報告依頼：○○ビル新築工事（現場ID 9000000001） 2026年10月分の就労実績を報告してください

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は出力方法が一次一括です。元請へ自社の系列の就労実績を報告してください。

      ■ 次にすること
      自社の系列の就労実績を確認し、「報告する」を押してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('申請依頼', () => {
    expect(render('apply-request', { totals, dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】申請依頼：○○ビル新築工事（現場ID 9000000001） 2026年10月分の掛金充当を申請してください

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は予約可能になりました。

      ■ 次にすること
      就労実績を確認し、掛金充当を「申請する」を押してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('承認依頼', () => {
    expect(render('approve-request', { totals, dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】承認依頼：○○ビル新築工事（現場ID 9000000001） 2026年10月分の掛金充当の承認をお願いします

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の掛金充当が申請されました。

      ■ 次にすること
      申請内容を確認し、「承認する」または「差戻し」をしてください。

      ■ 期限
      2026年11月30日（月）まで

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('差戻し', () => {
    expect(render('rejected', { totals, dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】差戻し：○○ビル新築工事（現場ID 9000000001） 2026年10月分の掛金充当が差戻されました

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の掛金充当の申請が差戻されました。差戻しの理由は承認画面で確認できます。

      ■ 次にすること
      理由を確認して就労実績を見直し、もう一度「申請する」を押してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('期限前リマインド (R-DEADLINE: 7 days before the end of the following month)', () => {
    expect(render('reminder', { dueOn: '2026-11-30', waitKind: 'FirstTierReports' })).toMatchInlineSnapshot(`
      "【建退共】期限前リマインド：○○ビル新築工事（現場ID 9000000001） 2026年10月分の期限が近づいています（2026年11月30日（月）まで）

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は、期限（2026年11月30日（月））が近づいています。

      ■ 次にすること
      自社の系列の就労実績を確認し、「報告する」を押してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('期限超過 (R-DEADLINE)', () => {
    expect(
      render('overdue', { dueOn: '2026-11-30', waitKind: 'Approval', overdueDays: 3 }),
    ).toMatchInlineSnapshot(`
      "【建退共】期限超過：○○ビル新築工事（現場ID 9000000001） 2026年10月分の期限を3日過ぎています

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は、期限（2026年11月30日（月））を3日過ぎています。約款第11条により、賃金を支払った月の翌月末日までに報告・充当が必要です。

      ■ 次にすること
      申請内容を確認し、「承認する」または「差戻し」をしてください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('残高不足', () => {
    expect(render('balance-short', { totals, dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】残高不足：○○ビル新築工事（現場ID 9000000001） 2026年10月分の充当に退職金ポイントが不足しています

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の掛金充当は承認されましたが、退職金ポイントの残高が不足しているため充当できません。

      ■ 次にすること
      退職金ポイントを購入してください。入金が確認されると充当を再開します。

      ■ 期限
      2026年11月30日（月）まで

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('充当完了', () => {
    expect(render('charged', { totals })).toMatchInlineSnapshot(`
      "【建退共】充当完了：○○ビル新築工事（現場ID 9000000001） 2026年10月分の掛金充当が完了しました

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の掛金充当が完了しました（充当済）。

      ■ 次にすること
      対応は不要です。充当の内容と退職金ポイントの残高は承認画面で確認できます。

      ■ 件数（合計）
      技能者 3 人 / 就労日数 20 日 / 退職金ポイント 6,400 ポイント

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('ファイル未着', () => {
    expect(render('file-missing', { expectedOn: '2026-11-11' })).toMatchInlineSnapshot(`
      "【建退共】ファイル未着：○○ビル新築工事（現場ID 9000000001） 2026年10月分の就業履歴が届いていません

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の就業履歴（CCUS）は2026年11月11日（水）に届く予定でしたが、まだ届いていません。

      ■ 次にすること
      CCUS の現場・契約情報と電子申請現場設定（連携方法・就業履歴蓄積期間）を確認してください。手動連携の場合はファイルを登録してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('取込不可', () => {
    expect(render('file-refused', { errors: 2 })).toMatchInlineSnapshot(`
      "【建退共】取込不可：○○ビル新築工事（現場ID 9000000001） 2026年10月分のファイルを取り込めませんでした

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分のファイルは取り込めませんでした（エラー 2 件）。

      ■ 次にすること
      エラーの内容を承認画面で確認し、正しいファイルをもう一度登録してください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('処理失敗', () => {
    expect(render('failure', { error: 'States.Timeout' }, '運用担当')).toMatchInlineSnapshot(`
      "【建退共】処理失敗：○○ビル新築工事（現場ID 9000000001） 2026年10月分の処理に失敗しました

      運用担当 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の処理が失敗しました（States.Timeout）。データは失敗した時点のまま保たれています。

      ■ 次にすること
      運用担当が原因を調べています。承認画面で月の状況を確認し、必要な対応が示されたときはそれに従ってください。

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('第15条 通知 record', () => {
    expect(render('member-milestone', { months: 12 }, '運用担当')).toMatchInlineSnapshot(`
      "【建退共】第15条 通知：○○ビル新築工事（現場ID 9000000001） 2026年10月分の充当で第15条の通知対象が記録されました

      運用担当 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の掛金充当により、掛金納付月数が12月に達した被共済者がいます（約款第15条）。

      ■ 次にすること
      納付状況の通知を記録に基づいて行ってください。対象の被共済者は管理用の記録で確認してください（このメールには記載しません）。

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('取下げ (R-REPLACE: a newer file before the charge withdraws the application)', () => {
    expect(render('withdrawn', { dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】取下げ：○○ビル新築工事（現場ID 9000000001） 2026年10月分は新しいファイルでやり直します

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分に新しい就業履歴ファイルが届いたため、これまでの報告・申請・承認は取り下げられ、新しいファイルで最初からやり直します。

      ■ 次にすること
      新しい取込結果を確認し、必要な修正・報告・申請をもう一度行ってください。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('実績なし (R-ZERO-MONTH)', () => {
    expect(render('no-work')).toMatchInlineSnapshot(`
      "【建退共】実績なし：○○ビル新築工事（現場ID 9000000001） 2026年10月分は実績なしで締めました

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分の就業履歴には就労日がありませんでした。この月は「実績なし」として記録し、掛金充当は行いません。

      ■ 次にすること
      対応は不要です。就労日があるはずの場合は CCUS の就業履歴を確認し、ファイルをもう一度連携してください。

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('充当後の差分 (R-LATE-DAYS: 追加申請 or 誤納 return)', () => {
    expect(render('late-days', { dueOn: '2026-11-30' })).toMatchInlineSnapshot(`
      "【建退共】充当後の差分：○○ビル新築工事（現場ID 9000000001） 2026年10月分の充当後に就労実績が変わりました

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は掛金充当済みですが、新しい就業履歴ファイルで就労日数が変わりました。増えた日数は追加申請、減った日数は誤納として退職金ポイントで返還します（約款第40条）。

      ■ 次にすること
      差分を確認し、「申請する」で追加申請（減った日数は返還の申請）をしてください。承認されるとポイントが動きます。

      ■ 期限
      2026年11月30日（月）まで

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('差分なし (R-LATE-DAYS: a file after the charge with the same days)', () => {
    expect(render('no-difference')).toMatchInlineSnapshot(`
      "【建退共】差分なし：○○ビル新築工事（現場ID 9000000001） 2026年10月分のファイルをもう一度受信しました（充当済みと同じ内容）

      ご担当者 様

      ○○ビル新築工事（現場ID 9000000001）の2026年10月分は掛金充当済みです。新しく届いた就業履歴ファイルの就労日数は充当済みの内容と同じでした。

      ■ 次にすること
      対応は不要です。充当済みの内容はそのままです。

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('元請不一致 (R-SITE-OWNER)', () => {
    expect(render('site-owner-mismatch', {}, '運用担当')).toMatchInlineSnapshot(`
      "【建退共】元請不一致：○○ビル新築工事（現場ID 9000000001） 2026年10月分：元請の異なるファイルを取り込みませんでした

      運用担当 様

      現場ID 9000000001 の2026年10月分に、電子申請現場設定の元請と異なる元請事業者のファイルが届いたため、取り込みませんでした。

      ■ 次にすること
      現場IDと電子申請現場設定を確認してください。心当たりがない場合は運用担当に連絡してください。

      ■ この月の画面
      http://127.0.0.1:3000/sites/9000000001/months/2026-10

      --
      建退共 電子申請（CCUS 連携）からの自動送信です。このメールには返信できません。
      リマインドのメールは利用者ごとに停止できます（期限超過・処理失敗のお知らせは停止できません）。"
    `);
  });

  it('defaults the deadline to R-DEADLINE (end of the following month) and names missing values plainly', () => {
    const r = renderNotice('apply-request', base);
    expect(r.text).toContain('2026年11月30日（月）まで');
    expect(r.text).toContain('ご担当者 様');
    expect(r.text).not.toContain('■ 件数');
    expect(renderNotice('failure', base).text).toContain('不明なエラー');
    expect(renderNotice('file-missing', base).text).toContain('受信予定日');
    expect(renderNotice('reminder', base).text).toContain('「申請する」');
  });

  it('links to the month, with or without a trailing slash on the base URL', () => {
    expect(monthLink('https://a.example/app', '9000000001', '2026-10')).toBe(
      'https://a.example/app/sites/9000000001/months/2026-10',
    );
    expect(monthLink('https://a.example/', '9000000001', '2026-10')).toBe(
      'https://a.example/sites/9000000001/months/2026-10',
    );
    expect(japaneseDate('2027-01-03')).toBe('2027年1月3日（日）');
  });

  it('every kind shows the site, the month, what to do next and the link; deadlines where they apply', () => {
    for (const kind of NOTICE_KINDS) {
      const r = renderNotice(kind, { ...base, dueOn: '2026-11-30', totals });
      expect(r.subject, kind).toContain(`【建退共】${NOTICE_LABELS[kind]}：`);
      expect(r.subject, kind).toContain('9000000001');
      expect(r.text, kind).toContain('2026年10月');
      expect(r.text, kind).toContain('■ 次にすること');
      expect(r.text, kind).toContain('http://127.0.0.1:3000/sites/9000000001/months/2026-10');
      expect(r.text.includes('■ 期限'), kind).toBe(TEMPLATES[kind].deadline);
      expect(r.text, kind).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('notice kinds of outbox messages', () => {
  it.each([
    ['await-Corrections', { stage: 'request' }, 'needs-correction'],
    ['await-FirstTierReports', { stage: 'request' }, 'report-request'],
    ['await-Application', { stage: 'request' }, 'apply-request'],
    ['await-Approval', {}, 'approve-request'],
    ['await-Purchase', { stage: 'request' }, 'balance-short'],
    ['await-Approval', { stage: 'reminder' }, 'reminder'],
    ['await-Corrections', { stage: 'overdue' }, 'overdue'],
    ['file-received', {}, 'file-received'],
    ['rejected', {}, 'rejected'],
    ['charged', {}, 'charged'],
    ['file-missing', {}, 'file-missing'],
    ['file-refused', {}, 'file-refused'],
    ['cycle-failed', {}, 'failure'],
    ['delivery-parked', {}, 'failure'],
    ['charge-reconciled', {}, 'failure'],
    ['withdrawn', {}, 'withdrawn'],
    ['no-work', {}, 'no-work'],
    ['late-days', {}, 'late-days'],
    ['no-difference', {}, 'no-difference'],
    ['site-owner-mismatch', {}, 'site-owner-mismatch'],
    ['member-milestone', {}, 'member-milestone'],
  ] as const)('%s %j → %s', (notice, payload, kind) => {
    expect(noticeKindOf(notice, payload)).toBe(kind);
  });

  it('knows no template for an unknown notice or wait', () => {
    expect(noticeKindOf('await-Lunch')).toBeUndefined();
    expect(noticeKindOf('something-else')).toBeUndefined();
  });
});

describe('who receives each kind', () => {
  it('approvals and balance to 事業者責任者 and 管理者; corrections and applications to the managers', () => {
    expect(AUDIENCES['approve-request'].roles).toEqual(['事業者責任者', '管理者']);
    expect(AUDIENCES['balance-short'].roles).toEqual(['事業者責任者', '管理者']);
    expect(AUDIENCES['needs-correction'].roles).toEqual(['事業者責任者', '管理者', '現場管理者']);
    expect(AUDIENCES['apply-request'].roles).not.toContain('担当者');
    expect(AUDIENCES['report-request'].roles).toContain('担当者');
  });

  it('the person who acted: 差戻し to the applicant, 充当完了 to the applicant and the approver', () => {
    expect(AUDIENCES.rejected.actors).toEqual(['appliedBy']);
    expect(AUDIENCES.charged.actors).toEqual(['appliedBy', 'decidedBy']);
  });

  it('reminders go where the request went and may be turned off; overdue and failures may not', () => {
    expect(audienceOf('reminder', 'Approval')).toEqual({ ...AUDIENCES['approve-request'], optional: true });
    expect(audienceOf('overdue', 'FirstTierReports')).toEqual({
      ...AUDIENCES['report-request'],
      optional: false,
    });
    expect(audienceOf('reminder').roles).toEqual(AUDIENCES['apply-request'].roles);
    for (const kind of NOTICE_KINDS.filter((k) => k !== 'reminder'))
      expect(audienceOf(kind, 'Application').optional, kind).toBe(false);
  });

  it('MailNotSent names itself (the dispatcher retries only those)', () => {
    expect(new MailNotSent('throttled').name).toBe('MailNotSent');
  });
});
