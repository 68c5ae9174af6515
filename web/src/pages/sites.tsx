// 現場一覧 / 連携設定: the sites of my company (or only those I set up), each with its linkage settings.
import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { Session } from '../auth';
import type { Site } from '../month';
import { ActionButton, Busy, ErrorBox, Field, useAction, useIntentKey } from '../ui';

export function SitesPage({ session }: { session: Session }) {
  const [view, setView] = useState<'all' | 'mine'>('all');
  const [sites, setSites] = useState<Site[] | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () => {
    setSites(undefined);
    call(api.GET('/v1/sites', { params: { query: { view } } })).then((r) => setSites(r.sites), setError);
  };
  useEffect(load, [view, session.userId]);
  return (
    <section>
      <h1>現場一覧 / 連携設定</h1>
      <fieldset class="inline">
        <legend>表示</legend>
        <label class="check">
          <input type="radio" name="view" checked={view === 'all'} onChange={() => setView('all')} />
          全件表示
        </label>
        <label class="check">
          <input type="radio" name="view" checked={view === 'mine'} onChange={() => setView('mine')} />
          個人表示
        </label>
      </fieldset>
      <ErrorBox error={error} />
      {!sites && !error && <Busy label="現場を読み込み中…" />}
      {sites?.length === 0 && <p>現場はありません。</p>}
      {sites?.map((s) => (
        <SiteCard key={s.siteId} site={s} onSaved={load} />
      ))}
    </section>
  );
}

function SiteCard({ site, onSaved }: { site: Site; onSaved: () => void }) {
  const [form, setForm] = useState(site);
  const [month, setMonth] = useState('');
  const key = useIntentKey();
  const save = useAction(async () => {
    const body = {
      name: form.name,
      linkMethod: form.linkMethod,
      outputMethod: form.outputMethod,
      accumulationStart: form.accumulationStart,
      accumulationEnd: form.accumulationEnd,
      linkedOn: form.linkedOn,
    };
    await call(
      api.PUT('/v1/sites/{siteId}', {
        params: { path: { siteId: site.siteId }, header: { 'Idempotency-Key': key.keyFor(body) } },
        body,
      }),
    );
    onSaved();
  });
  const id = `site-${site.siteId}`;
  const set = (k: keyof Site) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <article class="card" aria-labelledby={id}>
      <h2 id={id}>
        {site.name}（現場ID {site.siteId}）
      </h2>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = `#/sites/${site.siteId}/months/${month}`;
        }}
      >
        <Field label="対象年月">
          <input type="month" required value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
        </Field>
        <button type="submit">取込結果を開く</button>
      </form>
      <details>
        <summary>連携設定</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <Field label="現場名">
            <input required value={form.name} onInput={set('name')} />
          </Field>
          <Field label="連携方法">
            <select value={form.linkMethod} onChange={set('linkMethod')}>
              <option value="auto">自動連携</option>
              <option value="manual">手動連携</option>
            </select>
          </Field>
          <Field label="出力方法">
            <select value={form.outputMethod} onChange={set('outputMethod')}>
              <option value="元請一括">元請一括</option>
              <option value="一次一括">一次一括</option>
            </select>
          </Field>
          <Field label="就業履歴蓄積期間 開始日">
            <input type="date" required value={form.accumulationStart} onInput={set('accumulationStart')} />
          </Field>
          <Field label="就業履歴蓄積期間 終了日">
            <input type="date" required value={form.accumulationEnd} onInput={set('accumulationEnd')} />
          </Field>
          <Field label="連携設定日">
            <input type="date" required value={form.linkedOn} onInput={set('linkedOn')} />
          </Field>
          <ErrorBox error={save.error} />
          <ActionButton type="submit" busy={save.busy} onClick={() => undefined} kind="primary">
            保存する
          </ActionButton>
        </form>
      </details>
    </article>
  );
}
