// 申請 / 承認: the figures before deciding (workers, days, points by daily rate, the balance before and
// after), then 申請する, or 承認する / 差戻す, each after a confirmation. An approval is one intent with
// one Idempotency-Key (per application revision): a double click, a retry after a lost answer or a
// second tab replays the first answer instead of debiting twice.
import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { Session } from '../auth';
import { type Line, type Month, monthPath, rightsOf, statusOf, useMonth } from '../month';
import {
  ActionButton,
  Busy,
  Confirm,
  ErrorBox,
  Field,
  fmt,
  StatusBadge,
  useAction,
  useIntentKey,
} from '../ui';

function byRate(lines: Line[]) {
  const rates = new Map<number, number>();
  for (const l of lines)
    for (const r of l.rates) rates.set(r.dailyRate, (rates.get(r.dailyRate) ?? 0) + r.days);
  return [...rates.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([rate, days]) => ({ rate, days, points: rate * days }));
}

export function ApplicationPage({
  siteId,
  workMonth,
  session,
}: {
  siteId: string;
  workMonth: string;
  session: Session;
}) {
  const m = useMonth(siteId, workMonth);
  return (
    <section>
      <h1>
        申請 / 承認 {siteId} {workMonth}
      </h1>
      {m.notice && (
        <p class="notice" role="alert">
          {m.notice}
        </p>
      )}
      {m.loading && <Busy />}
      <ErrorBox error={m.error} />
      {m.month && <Body m={m} month={m.month} session={session} siteId={siteId} workMonth={workMonth} />}
    </section>
  );
}

type M = ReturnType<typeof useMonth>;

function Body({
  m,
  month,
  session,
  siteId,
  workMonth,
}: {
  m: M;
  month: Month;
  session: Session;
  siteId: string;
  workMonth: string;
}) {
  const rights = rightsOf(month, session);
  const status = statusOf(month);
  const rates = byRate(m.lines);
  const workers = new Set(m.lines.map((l) => l.workerId)).size;
  const days = m.lines.reduce((n, l) => n + l.days, 0);
  const points = m.lines.reduce((n, l) => n + l.points, 0);
  const charged = status === '充当済';
  const [balance, setBalance] = useState<number | undefined>();
  const [balanceError, setBalanceError] = useState<unknown>();
  const loadBalance = () => {
    if (month.relation !== 'own') return;
    call(
      api.GET('/v1/contractors/{contractorNo}/balances', {
        params: { path: { contractorNo: session.contractorNo } },
      }),
    ).then((b) => setBalance(b.regular), setBalanceError);
  };
  useEffect(loadBalance, [status]);
  const path = monthPath(siteId, workMonth);
  const [confirming, setConfirming] = useState<'apply' | 'approve' | 'reject' | undefined>();
  const [reason, setReason] = useState('');
  const key = useIntentKey();
  const revision = month.application?.revision ?? 0;
  const act = useAction(
    async (what: 'apply' | 'approve' | 'reject') => {
      const header = {
        'Idempotency-Key': key.keyFor({ what, revision, reason: what === 'reject' ? reason.trim() : '' }),
      };
      if (what === 'apply')
        await call(api.POST('/v1/sites/{siteId}/months/{workMonth}/apply', { params: { ...path, header } }));
      if (what === 'approve')
        await call(
          api.POST('/v1/sites/{siteId}/months/{workMonth}/approve', { params: { ...path, header } }),
        );
      if (what === 'reject')
        await call(
          api.POST('/v1/sites/{siteId}/months/{workMonth}/reject', {
            params: { ...path, header },
            body: { reason: reason.trim() },
          }),
        );
      setConfirming(undefined);
      key.done();
      await m.settle(month, (x) =>
        what === 'approve'
          ? statusOf(x) === '充当済' || x.wait?.kind === 'Purchase'
          : x.wait?.kind !== month.wait?.kind,
      );
    },
    {
      onConflict: (e) => {
        setConfirming(undefined);
        m.conflict(e);
      },
    },
  );

  return (
    <>
      <p>
        状態: <StatusBadge status={status} />
        {month.wait && `（待っている作業: ${month.wait.label}、期限 ${month.wait.deadline.slice(0, 10)}）`}
      </p>
      <p>
        <a href={`#/sites/${siteId}/months/${workMonth}`}>月の取込結果へ</a>
      </p>
      <h2>充当の内容</h2>
      <dl class="counts">
        <dt>技能者数</dt>
        <dd>{fmt(month.application?.workers ?? workers)} 人</dd>
        <dt>就労日数</dt>
        <dd>{fmt(month.application?.days ?? days)} 日</dd>
        <dt>ポイント</dt>
        <dd>{fmt(month.application?.points ?? points)}</dd>
      </dl>
      {rates.length > 0 && (
        <table>
          <caption>掛金日額ごとの内訳</caption>
          <thead>
            <tr>
              <th scope="col">日額</th>
              <th scope="col">日数</th>
              <th scope="col">ポイント</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.rate}>
                <td>{fmt(r.rate)} 円</td>
                <td>{fmt(r.days)}</td>
                <td>{fmt(r.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {month.relation === 'own' && (
        <>
          <h2>退職金ポイントの残高</h2>
          <ErrorBox error={balanceError} />
          {balance === undefined && !balanceError && <Busy label="残高を読み込み中…" />}
          {balance !== undefined && (
            <dl class="counts" aria-label="残高">
              <dt>{charged ? '充当前の残高' : '現在の残高'}</dt>
              <dd>{fmt(charged ? balance + (month.application?.points ?? 0) : balance)}</dd>
              <dt>{charged ? '充当後の残高（現在）' : '充当後の残高（見込み）'}</dt>
              <dd data-testid="balance-after">
                {fmt(charged ? balance : balance - (month.application?.points ?? points))}
              </dd>
            </dl>
          )}
        </>
      )}
      {month.application?.status === '差戻し' && <p>差戻しの理由: {month.application.reason}</p>}
      {rights.apply && month.wait?.kind === 'Application' && !confirming && (
        <ActionButton busy={act.busy} onClick={() => setConfirming('apply')} kind="primary">
          申請する
        </ActionButton>
      )}
      {rights.approve && month.wait?.kind === 'Approval' && !confirming && (
        <>
          <ActionButton busy={act.busy} onClick={() => setConfirming('approve')} kind="primary">
            承認する
          </ActionButton>
          <ActionButton busy={act.busy} onClick={() => setConfirming('reject')} kind="danger">
            差戻す
          </ActionButton>
        </>
      )}
      {confirming === 'apply' && (
        <Confirm
          question={`${fmt(points)} ポイント（${fmt(workers)} 人・${fmt(days)} 日）の掛金充当を申請します。よろしいですか？`}
          yes="はい、申請する"
          busy={act.busy}
          onYes={() => void act.run('apply')}
          onNo={() => setConfirming(undefined)}
        />
      )}
      {confirming === 'approve' && (
        <Confirm
          question={`承認すると ${fmt(month.application?.points ?? points)} ポイントが退職金ポイントから充当されます。取り消せません。よろしいですか？`}
          yes="はい、承認する"
          busy={act.busy}
          onYes={() => void act.run('approve')}
          onNo={() => setConfirming(undefined)}
        />
      )}
      {confirming === 'reject' && (
        <Confirm
          question="申請を差戻します。理由を書いてください。"
          yes="はい、差戻す"
          busy={act.busy}
          onYes={() => void act.run('reject')}
          onNo={() => setConfirming(undefined)}
        >
          <Field label="差戻しの理由">
            <input
              required
              maxLength={500}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </Field>
        </Confirm>
      )}
      {act.busy && <Busy label="送信中…" />}
      <ErrorBox error={act.error} />
    </>
  );
}
