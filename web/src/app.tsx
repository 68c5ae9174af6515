// The shell: sign-in, the navigation and a hash router (the page is static files on S3 / the local
// server: hash routes need no rewrite rules).
import { useEffect, useState } from 'preact/hooks';
import { setApiBase } from './api/client';
import {
  cognitoSignIn,
  completeCognitoSignIn,
  devSignIn,
  loadConfig,
  onSessionChange,
  type PageConfig,
  type Session,
  session,
  signOut,
} from './auth';
import { ApplicationPage } from './pages/application';
import { MonthPage } from './pages/month';
import { PointsPage } from './pages/points';
import { SitesPage } from './pages/sites';
import { TasksPage } from './pages/tasks';
import { ActionButton, Busy, ErrorBox, Field } from './ui';

function useHash(): string {
  const [hash, setHash] = useState(location.hash.slice(1) || '/');
  useEffect(() => {
    const f = () => setHash(location.hash.slice(1) || '/');
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return hash;
}

function route(hash: string, s: Session) {
  let m = /^\/sites\/(\d{1,20})\/months\/(\d{4}-\d{2})(\/application)?$/.exec(hash);
  if (m) {
    return m[3] ? (
      <ApplicationPage siteId={m[1]!} workMonth={m[2]!} session={s} />
    ) : (
      <MonthPage siteId={m[1]!} workMonth={m[2]!} session={s} />
    );
  }
  m = /^\/(sites|points)$/.exec(hash);
  if (m?.[1] === 'sites') return <SitesPage session={s} />;
  if (m?.[1] === 'points') return <PointsPage session={s} />;
  return <TasksPage session={s} />;
}

const NAV = [
  ['/', 'やること'],
  ['/sites', '現場一覧 / 連携設定'],
  ['/points', '退職金ポイント'],
] as const;

export function App() {
  const [config, setConfig] = useState<PageConfig | undefined>();
  const [s, setS] = useState<Session | undefined>(session());
  const [error, setError] = useState<unknown>();
  const hash = useHash();

  useEffect(() => onSessionChange(() => setS(session())), []);
  useEffect(() => {
    void (async () => {
      const c = await loadConfig();
      if (c.apiBase) setApiBase(c.apiBase);
      if (c.cognito) await completeCognitoSignIn(c.cognito).catch(setError);
      setConfig(c);
    })();
  }, []);
  useEffect(() => {
    // Each page's own <h1> names it; the title follows for the tab and screen readers.
    const h1 = document.querySelector('h1');
    if (h1) document.title = `${h1.textContent} — 建退共 電子申請`;
  });

  if (!config) return <Busy />;
  if (!s) return <SignIn config={config} error={error} />;
  return (
    <>
      <header>
        <span class="brand">建退共 電子申請</span>
        <nav aria-label="メニュー">
          {NAV.map(([href, label]) => (
            <a key={href} href={`#${href}`} aria-current={hash === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class="who">
          {s.userId}（{s.contractorNo}・{s.role}）
        </span>
        <button type="button" onClick={signOut}>
          サインアウト
        </button>
      </header>
      <main>{route(hash, s)}</main>
    </>
  );
}

function SignIn({ config, error }: { config: PageConfig; error: unknown }) {
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(error);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(undefined);
    try {
      if (config.cognito) await cognitoSignIn(config.cognito);
      else await devSignIn(config.apiBase ?? '', userId.trim());
      location.hash = '#/';
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>サインイン</h1>
      <form onSubmit={submit}>
        {config.cognito ? (
          <p>建退共 電子申請のサインイン画面に移ります。</p>
        ) : (
          <>
            <p>開発用のサインインです（npm start の利用者一覧にあるユーザーID）。</p>
            <Field label="ユーザーID">
              <input
                name="userId"
                required
                autoComplete="username"
                value={userId}
                onInput={(e) => setUserId(e.currentTarget.value)}
              />
            </Field>
          </>
        )}
        <ErrorBox error={err} />
        <ActionButton type="submit" busy={busy} kind="primary" onClick={() => undefined}>
          サインイン
        </ActionButton>
      </form>
    </main>
  );
}
