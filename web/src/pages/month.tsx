// 月の取込結果: the import's status, each flag with its fix, the lines (adjustable), the 未登録技能者
// Excel, 確認・予約登録, the 一次's 報告する, and the month's history.
import { useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { Session } from '../auth';
import { type Flag, type Line, type Month, monthPath, rightsOf, statusOf, useMonth } from '../month';
import { ActionButton, Busy, ErrorBox, Field, fmt, StatusBadge, useAction, useIntentKey } from '../ui';

type Ctx = ReturnType<typeof useMonth> & { siteId: string; workMonth: string };

export function MonthPage({
  siteId,
  workMonth,
  session,
}: {
  siteId: string;
  workMonth: string;
  session: Session;
}) {
  const m = useMonth(siteId, workMonth);
  const ctx: Ctx = { ...m, siteId, workMonth };
  const month = m.month;
  return (
    <section>
      <h1>
        月の取込結果 {siteId} {workMonth}
      </h1>
      {m.notice && (
        <p class="notice" role="alert">
          {m.notice}
        </p>
      )}
      {m.loading && <Busy />}
      <ErrorBox error={m.error} />
      {month && <MonthBody ctx={ctx} month={month} session={session} />}
    </section>
  );
}

function MonthBody({ ctx, month, session }: { ctx: Ctx; month: Month; session: Session }) {
  const rights = rightsOf(month, session);
  const status = statusOf(month);
  const imp = month.import;
  return (
    <>
      <p>
        状態: <StatusBadge status={status} />
        {imp && `（${imp.outputMethod}）`}
      </p>
      {month.wait && (
        <p>
          待っている作業: {month.wait.label}（期限 {month.wait.deadline.slice(0, 10)}）
        </p>
      )}
      <p>
        <a href={`#/sites/${ctx.siteId}/months/${ctx.workMonth}/application`}>申請 / 承認へ</a>
      </p>
      <dl class="counts">
        <dt>行数</dt>
        <dd>{fmt(month.counts.lines)}</dd>
        <dt>技能者数</dt>
        <dd>{fmt(month.counts.workers)}</dd>
        <dt>就労日数</dt>
        <dd>{fmt(month.counts.days)}</dd>
        <dt>ポイント</dt>
        <dd>{fmt(month.counts.points)}</dd>
      </dl>
      <Refusals month={month} />
      {imp && imp.flags.length > 0 && (
        <>
          <h2>要修正の内容</h2>
          <ul class="flags">
            {imp.flags.map((f, i) => (
              <FlagFix
                key={`${f.code}-${f.companyId ?? ''}-${f.workerId ?? ''}-${i}`}
                flag={f}
                ctx={ctx}
                canFix={rights.correct}
                lines={ctx.lines}
              />
            ))}
          </ul>
        </>
      )}
      {imp && rights.correct && month.wait?.kind === 'Corrections' && <Revalidate ctx={ctx} month={month} />}
      {imp && rights.report && <Report ctx={ctx} month={month} />}
      {imp && <LinesTable ctx={ctx} canAdjust={rights.correct} />}
      {imp && rights.correct && <Unregistered ctx={ctx} />}
      <History month={month} lines={ctx.lines} />
    </>
  );
}

function Refusals({ month }: { month: Month }) {
  if (month.refusals.length === 0) return null;
  return (
    <>
      <h2>取り込めなかったファイル</h2>
      {month.refusals.map((r) => (
        <table key={r.importId}>
          <caption>受信 {r.receivedAt.slice(0, 16).replace('T', ' ')} のファイルの誤り</caption>
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">列</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {r.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.line} 行目</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p>ファイルを直して、もう一度送ってください（同じ月の新しいファイルが前のものに代わります）。</p>
    </>
  );
}

const post = {
  company: (c: Ctx, key: string, body: { companyId: string; contractorNo: string }) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/company', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  firstTier: (c: Ctx, key: string, body: { companyId: string; firstTierCompanyId: string }) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/first-tier', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  worker: (c: Ctx, key: string, body: { workerId: string; memberNo: string }) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/worker', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  force: (c: Ctx, key: string, body: { workerId: string; identityConfirmed: true }) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/force-import', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  doubleEmployer: (c: Ctx, key: string, body: { workerId: string; reason: string }) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/double-employer', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  exclude: (
    c: Ctx,
    key: string,
    body: { companyId: string; reason: string } | { workerId: string; reason: string },
  ) =>
    call(
      api.POST('/v1/sites/{siteId}/months/{workMonth}/corrections/exclude', {
        params: { ...monthPath(c.siteId, c.workMonth), header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
};

/** One flag and its fix as a form; a saved fix shows 保存しました until 確認・予約登録. */
function FlagFix({ flag, ctx, canFix, lines }: { flag: Flag; ctx: Ctx; canFix: boolean; lines: Line[] }) {
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();
  const key = useIntentKey();
  const excludeKey = useIntentKey();
  const subject = flag.workerId ? `技能者 ${flag.workerId}` : `事業者 ${flag.companyId}`;
  const save = useAction(
    async () => {
      if (flag.code === 'F-COMPANY') {
        const body = { companyId: flag.companyId!, contractorNo: value.trim() };
        await post.company(ctx, key.keyFor(body), body);
      } else if (flag.code === 'F-MULTI-PRIME') {
        const body = { companyId: flag.companyId!, firstTierCompanyId: value.trim() };
        await post.firstTier(ctx, key.keyFor(body), body);
      } else if (flag.code === 'F-WORKER-MISSING' || flag.code === 'F-MEMBER-UNKNOWN') {
        const body = { workerId: flag.workerId!, memberNo: value.trim() };
        await post.worker(ctx, key.keyFor(body), body);
      } else if (flag.code === 'F-WORKER-NAME') {
        const body = { workerId: flag.workerId!, identityConfirmed: true as const };
        await post.force(ctx, key.keyFor(body), body);
      } else if (flag.code === 'F-DOUBLE-EMPLOYER') {
        const body = { workerId: flag.workerId!, reason: reason.trim() };
        await post.doubleEmployer(ctx, key.keyFor(body), body);
      }
      setSaved(flag.code === 'F-WORKER-NAME' ? '強制取込を記録しました' : '保存しました');
    },
    { onConflict: ctx.conflict },
  );
  const exclude = useAction(
    async () => {
      const body = flag.workerId
        ? { workerId: flag.workerId, reason: reason.trim() }
        : { companyId: flag.companyId!, reason: reason.trim() };
      await post.exclude(ctx, excludeKey.keyFor(body), body);
      setSaved('取り込まないことを記録しました');
    },
    { onConflict: ctx.conflict },
  );
  const firstTiers = [...new Set(lines.map((l) => l.firstTierCompanyId).filter((x): x is string => !!x))];
  const id = `flag-${flag.code}-${flag.companyId ?? flag.workerId ?? ''}`;
  return (
    <li class="flag" aria-labelledby={id}>
      <h3 id={id}>
        <StatusBadge status="要修正" /> {flag.label}（{subject}）
      </h3>
      <p>{flag.message}</p>
      {saved && (
        <p role="status" class="saved">
          {saved}。すべて直したら「確認・予約登録」を押してください。
        </p>
      )}
      {canFix && !saved && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          {flag.code === 'F-COMPANY' && (
            <Field label={`${flag.companyId} の共済契約者番号`}>
              <input
                required
                inputMode="numeric"
                value={value}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
            </Field>
          )}
          {flag.code === 'F-MULTI-PRIME' && (
            <Field label={`${flag.companyId} を取り込む一次の事業者ID`}>
              <input
                required
                list={`${id}-tiers`}
                inputMode="numeric"
                value={value}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
              <datalist id={`${id}-tiers`}>
                {firstTiers.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </Field>
          )}
          {(flag.code === 'F-WORKER-MISSING' || flag.code === 'F-MEMBER-UNKNOWN') && (
            <Field label={`${flag.workerId} の被共済者番号`}>
              <input
                required
                inputMode="numeric"
                value={value}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
            </Field>
          )}
          {flag.code === 'F-WORKER-NAME' && (
            <label class="check">
              <input
                type="checkbox"
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
              />
              {flag.workerId} が登録の被共済者本人であることを確認しました
            </label>
          )}
          {(flag.code === 'F-DOUBLE-EMPLOYER' ||
            flag.code === 'F-COMPANY' ||
            flag.code === 'F-WORKER-MISSING' ||
            flag.code === 'F-MEMBER-UNKNOWN' ||
            flag.code === 'F-CONTRACTOR-UNKNOWN' ||
            flag.code === 'F-WORKER-NAME') && (
            <Field
              label={`理由（${flag.code === 'F-DOUBLE-EMPLOYER' ? '確認した内容' : '取り込まない場合'}）`}
            >
              <input value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
            </Field>
          )}
          <ErrorBox error={save.error} />
          {flag.code === 'F-WORKER-NAME' ? (
            <ActionButton
              type="button"
              busy={save.busy}
              disabled={!confirmed}
              onClick={() => void save.run()}
              kind="primary"
            >
              強制取込
            </ActionButton>
          ) : flag.code === 'F-CONTRACTOR-UNKNOWN' ? null : (
            <ActionButton type="submit" busy={save.busy} onClick={() => undefined} kind="primary">
              保存する
            </ActionButton>
          )}
          {flag.code !== 'F-MULTI-PRIME' && flag.code !== 'F-DOUBLE-EMPLOYER' && (
            <>
              <ActionButton
                busy={exclude.busy}
                disabled={reason.trim() === ''}
                onClick={() => void exclude.run()}
              >
                取り込まない
              </ActionButton>
              <ErrorBox error={exclude.error} />
            </>
          )}
        </form>
      )}
    </li>
  );
}

function Revalidate({ ctx, month }: { ctx: Ctx; month: Month }) {
  const key = useIntentKey();
  const a = useAction(
    async () => {
      await call(
        api.POST('/v1/sites/{siteId}/months/{workMonth}/revalidate', {
          params: { ...monthPath(ctx.siteId, ctx.workMonth), header: { 'Idempotency-Key': key.keyFor({}) } },
        }),
      );
      key.done();
      await ctx.settle(month);
    },
    { onConflict: ctx.conflict },
  );
  return (
    <div class="actions">
      <p>直した内容で取込をやり直し、予約可能なら予約登録します。</p>
      <ActionButton busy={a.busy} onClick={() => void a.run()} kind="primary">
        確認・予約登録
      </ActionButton>
      {a.busy && <Busy label="確認中…" />}
      <ErrorBox error={a.error} />
    </div>
  );
}

/** 報告する: a 一次 confirms its chain (the lines it sees are its own). */
function Report({ ctx, month }: { ctx: Ctx; month: Month }) {
  const reported = new Set(month.reports.map((r) => r.firstTierCompanyId));
  const mine = [
    ...new Set(ctx.lines.map((l) => l.firstTierCompanyId).filter((x): x is string => !!x)),
  ].filter((t) => !reported.has(t));
  const key = useIntentKey();
  const a = useAction(
    async (firstTierCompanyId: string) => {
      await call(
        api.POST('/v1/sites/{siteId}/months/{workMonth}/report', {
          params: {
            ...monthPath(ctx.siteId, ctx.workMonth),
            header: { 'Idempotency-Key': key.keyFor({ firstTierCompanyId }) },
          },
          body: { firstTierCompanyId },
        }),
      );
      await ctx.load();
    },
    { onConflict: ctx.conflict },
  );
  if (mine.length === 0) return <p>この月の報告は済んでいます。</p>;
  if (month.wait?.kind !== 'FirstTierReports')
    return <p>報告は、元請が確認・予約登録を終えてからできます。</p>;
  return (
    <div class="actions">
      <h2>元請への報告</h2>
      <p>下の就労実績を確かめてから報告してください。</p>
      {mine.map((t) => (
        <p key={t}>
          一次 {t}:{' '}
          <ActionButton busy={a.busy} onClick={() => void a.run(t)} kind="primary">
            報告する
          </ActionButton>
        </p>
      ))}
      <ErrorBox error={a.error} />
    </div>
  );
}

function LinesTable({ ctx, canAdjust }: { ctx: Ctx; canAdjust: boolean }) {
  return (
    <>
      <h2>就労実績</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">技能者ID</th>
            <th scope="col">被共済者番号</th>
            <th scope="col">雇用事業者</th>
            <th scope="col">一次</th>
            <th scope="col">日数</th>
            <th scope="col">ポイント</th>
            {canAdjust && <th scope="col">日数の調整</th>}
          </tr>
        </thead>
        <tbody>
          {ctx.lines.map((l) => (
            <tr key={`${l.workerId}-${l.employerCompanyId}`}>
              <td>{l.workerId}</td>
              <td>{l.memberNo ?? '未入力'}</td>
              <td>{l.employerCompanyId}</td>
              <td>{l.firstTierCompanyId ?? '—'}</td>
              <td>{l.days}</td>
              <td>{fmt(l.points)}</td>
              {canAdjust && (
                <td>
                  <Adjust ctx={ctx} line={l} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Adjust({ ctx, line }: { ctx: Ctx; line: Line }) {
  const [days, setDays] = useState(String(line.days));
  const [reason, setReason] = useState('');
  const key = useIntentKey();
  const a = useAction(
    async () => {
      const body = {
        workerId: line.workerId,
        employerCompanyId: line.employerCompanyId,
        days: Number(days),
        reason: reason.trim(),
      };
      await call(
        api.POST('/v1/sites/{siteId}/months/{workMonth}/lines/adjust', {
          params: {
            ...monthPath(ctx.siteId, ctx.workMonth),
            header: { 'Idempotency-Key': key.keyFor(body) },
          },
          body,
        }),
      );
      key.done();
      setReason('');
      await ctx.load();
    },
    { onConflict: ctx.conflict },
  );
  return (
    <form
      class="adjust"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run();
      }}
    >
      <Field label={`${line.workerId} の日数`}>
        <input
          type="number"
          min={0}
          max={31}
          required
          value={days}
          onInput={(e) => setDays(e.currentTarget.value)}
        />
      </Field>
      <Field label={`${line.workerId} の調整理由`}>
        <input required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <ActionButton type="submit" busy={a.busy} onClick={() => undefined}>
        保存する
      </ActionButton>
      <ErrorBox error={a.error} />
    </form>
  );
}

/** CCUS未登録技能者: the Excel template to fill in, and the filled sheet sent back. */
function Unregistered({ ctx }: { ctx: Ctx }) {
  const [file, setFile] = useState<File | undefined>();
  const [result, setResult] = useState<string | undefined>();
  const key = useIntentKey();
  const download = useAction(async () => {
    const r = await api.GET('/v1/sites/{siteId}/months/{workMonth}/unregistered-workers.xlsx', {
      params: monthPath(ctx.siteId, ctx.workMonth),
      parseAs: 'blob',
    });
    if (!r.response.ok) await call(Promise.resolve(r));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(r.data as Blob);
    a.download = `unregistered-workers-${ctx.siteId}-${ctx.workMonth}.xlsx`;
    a.click();
    URL.revokeObjectURL(a.href);
  });
  const upload = useAction(
    async () => {
      if (!file) return;
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const body = { file: btoa(bin) };
      const r = await call(
        api.POST('/v1/sites/{siteId}/months/{workMonth}/unregistered-workers', {
          params: {
            ...monthPath(ctx.siteId, ctx.workMonth),
            header: { 'Idempotency-Key': key.keyFor(`${file.name}:${file.size}:${file.lastModified}`) },
          },
          body,
        }),
      );
      key.done();
      setResult(`${r.added} 人を追加しました。`);
      await ctx.load();
    },
    { onConflict: ctx.conflict },
  );
  return (
    <>
      <h2>CCUS未登録技能者（Excel）</h2>
      <ActionButton busy={download.busy} onClick={() => void download.run()}>
        テンプレートをダウンロード
      </ActionButton>
      <ErrorBox error={download.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void upload.run();
        }}
      >
        <Field label="記入した Excel ファイル">
          <input
            type="file"
            required
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </Field>
        <ActionButton type="submit" busy={upload.busy} onClick={() => undefined}>
          アップロード
        </ActionButton>
        {result && <p role="status">{result}</p>}
        <ErrorBox error={upload.error} />
      </form>
    </>
  );
}

function History({ month, lines }: { month: Month; lines: Line[] }) {
  const events: [string, string][] = [];
  for (const r of month.refusals)
    events.push([r.receivedAt, `ファイル受信（取り込めず、誤り ${r.errors.length} 件）`]);
  if (month.import) events.push([month.import.receivedAt, `ファイル受信（${month.import.status}）`]);
  for (const l of lines)
    for (const a of l.adjustments)
      events.push([a.at, `${l.workerId} の日数を ${a.fromDays} → ${a.toDays}（${a.reason}、${a.by}）`]);
  for (const r of month.reports)
    events.push([r.reportedAt, `一次 ${r.firstTierCompanyId} が報告（${r.reportedBy}）`]);
  const a = month.application;
  if (a) {
    events.push([a.appliedAt, `申請（${fmt(a.points)} ポイント、${a.appliedBy}）`]);
    if (a.decidedAt)
      events.push([
        a.decidedAt,
        `${a.status === '差戻し' ? `差戻し（${a.reason ?? ''}）` : '承認'}（${a.decidedBy ?? ''}）`,
      ]);
    if (a.chargedAt) events.push([a.chargedAt, '充当済']);
  }
  if (events.length === 0) return null;
  events.sort((x, y) => x[0].localeCompare(y[0]));
  return (
    <>
      <h2>この月の履歴</h2>
      <ol class="history">
        {events.map(([at, what], i) => (
          <li key={i}>
            <time dateTime={at}>{at.slice(0, 16).replace('T', ' ')}</time> {what}
          </li>
        ))}
      </ol>
    </>
  );
}
