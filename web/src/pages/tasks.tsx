// やること: what waits for me, oldest first, each a link to the page where it is done.
import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { Notice, Task } from '../api/types';
import type { Session } from '../auth';
import { Busy, ErrorBox, Field, StatusBadge } from '../ui';

/** The person's tasks, oldest deadline first, as the API decides them (the authorization matrix). */
async function loadTasks(): Promise<Task[]> {
  return (await call(api.GET('/v1/me/tasks'))).tasks;
}

const hrefOf = (t: Task) =>
  `#/sites/${t.siteId}/months/${t.workMonth}${t.action === 'apply' || t.action === 'approve' ? '/application' : ''}`;

export function TasksPage({ session }: { session: Session }) {
  const [tasks, setTasks] = useState<Task[] | undefined>();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadTasks().then(setTasks, setError);
    // Notices are a convenience: a failure leaves the list empty.
    call(api.GET('/v1/me/notices', { params: { query: { limit: 5 } } })).then(
      (r) => setNotices(r.items),
      () => undefined,
    );
  }, [session.userId]);

  return (
    <section>
      <h1>やること</h1>
      <ErrorBox error={error} />
      {!tasks && !error && <Busy label="やることを読み込み中…" />}
      {tasks && tasks.length === 0 && <p>いま待っている作業はありません。</p>}
      {tasks && tasks.length > 0 && (
        <table>
          <caption>待っている作業（期限の早い順）</caption>
          <thead>
            <tr>
              <th scope="col">作業</th>
              <th scope="col">現場</th>
              <th scope="col">対象年月</th>
              <th scope="col">状態</th>
              <th scope="col">期限</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={`${t.siteId}-${t.workMonth}-${t.action}-${t.firstTierCompanyId ?? ''}`}>
                <td>
                  <a href={hrefOf(t)}>{t.label}</a>
                </td>
                <td>
                  {t.siteName}（{t.siteId}）
                </td>
                <td>{t.workMonth}</td>
                <td>
                  <StatusBadge
                    status={
                      t.importStatus === '要修正' || t.importStatus === '予約可能'
                        ? t.importStatus
                        : '実績なし'
                    }
                  />
                </td>
                <td>
                  {t.dueOn}
                  {t.overdueDays > 0 && <strong class="overdue">（{t.overdueDays} 日超過）</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OpenMonth />
      {notices.length > 0 && (
        <>
          <h2>お知らせ</h2>
          <ul>
            {notices.map((n) => (
              <li key={n.id}>
                <a href={`#/sites/${n.siteId}/months/${n.workMonth}`}>{n.subject}</a>（
                {n.createdAt.slice(0, 10)}）
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Opens any month the person may read (a 一次 reaches the prime's site this way). */
export function OpenMonth({ siteId = '' }: { siteId?: string }) {
  const [site, setSite] = useState(siteId);
  const [month, setMonth] = useState('');
  return (
    <form
      class="inline"
      aria-label="月を開く"
      onSubmit={(e) => {
        e.preventDefault();
        location.hash = `#/sites/${site.trim()}/months/${month}`;
      }}
    >
      <h2>月を開く</h2>
      <Field label="現場ID">
        <input required pattern="\d{1,20}" value={site} onInput={(e) => setSite(e.currentTarget.value)} />
      </Field>
      <Field label="対象年月">
        <input type="month" required value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
      </Field>
      <button type="submit">開く</button>
    </form>
  );
}
