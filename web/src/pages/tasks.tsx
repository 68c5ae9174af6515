// やること: what waits for me, oldest first, each a link to the page where it is done.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, call } from '../api/client';
import type { Notice, Task, TaskAction } from '../api/pending';
import type { Session } from '../auth';
import { type Month, monthPath } from '../month';
import { Busy, ErrorBox, Field, StatusBadge } from '../ui';

const ACTION_OF: Record<string, { action: TaskAction; label: Task['label'] }> = {
  Corrections: { action: 'correct', label: '要修正の修正' },
  FirstTierReports: { action: 'report', label: '報告する' },
  Application: { action: 'apply', label: '申請する' },
  Approval: { action: 'approve', label: '承認する' },
  Purchase: { action: 'buy-points', label: '退職金ポイントの購入' },
};

const todayJst = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.slice(0, 7).split('-').map(Number) as [number, number];
  const last = end.slice(0, 7);
  for (let i = 0; i < 120; i++) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    if (ym > last) break;
    out.push(ym);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out.slice(-12);
}

/**
 * Until GET /v1/me/tasks exists (it answers 404 on an API without it), the list is derived here from
 * what the person can read: each site of GET /v1/sites, each month of its accumulation period up to this
 * one (at most the last 12), and the wait of each month that exists. A 一次 sees no sites of its own this way: it
 * opens a month by 現場ID and 対象年月 (the form below) or from its notice.
 */
async function derivedTasks(): Promise<Task[]> {
  const { sites } = await call(api.GET('/v1/sites', { params: { query: { view: 'all' } } }));
  const today = todayJst();
  const found = await Promise.all(
    sites.flatMap((site) =>
      // No month later than this one can have work records yet.
      monthsBetween(site.accumulationStart, [site.accumulationEnd, today].sort()[0]!).map(
        async (workMonth) => {
          try {
            const m: Month = await call(
              api.GET('/v1/sites/{siteId}/months/{workMonth}', { params: monthPath(site.siteId, workMonth) }),
            );
            if (!m.wait) return undefined;
            const a = ACTION_OF[m.wait.kind];
            if (!a) return undefined;
            const dueOn = m.wait.deadline.slice(0, 10);
            const overdueDays = Math.max(0, Math.round((Date.parse(today) - Date.parse(dueOn)) / 86_400_000));
            const task: Task = {
              siteId: site.siteId,
              siteName: site.name,
              workMonth,
              ...a,
              importStatus: m.import?.status ?? '実績なし',
              ...(m.application ? { applicationStatus: m.application.status } : {}),
              dueOn,
              overdueDays,
            };
            return task;
          } catch (e) {
            if (e instanceof ApiError && e.status === 404) return undefined;
            throw e;
          }
        },
      ),
    ),
  );
  return found.filter((t): t is Task => !!t).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

async function loadTasks(): Promise<Task[]> {
  try {
    return (await call(api.GET('/v1/me/tasks'))).tasks;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return derivedTasks();
    throw e;
  }
}

const hrefOf = (t: Task) =>
  `#/sites/${t.siteId}/months/${t.workMonth}${t.action === 'apply' || t.action === 'approve' ? '/application' : ''}`;

export function TasksPage({ session }: { session: Session }) {
  const [tasks, setTasks] = useState<Task[] | undefined>();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadTasks().then(setTasks, setError);
    // Notices are a convenience: an API without the route (404) or a failure leaves the list empty.
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
