// A site-month as the pages see it: its one status word (the manual's), who may do what, and loading it.
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api, call, type Schemas } from './api/client';
import type { paths } from './api/schema';
import type { Role, Session } from './auth';
import type { Status } from './ui';

export type Month =
  paths['/v1/sites/{siteId}/months/{workMonth}']['get']['responses'][200]['content']['application/json'];
export type Lines =
  paths['/v1/sites/{siteId}/months/{workMonth}/lines']['get']['responses'][200]['content']['application/json'];
export type Line = Lines['lines'][number];
export type Flag = NonNullable<Month['import']>['flags'][number];
export type Site =
  paths['/v1/sites']['get']['responses'][200]['content']['application/json']['sites'][number];
export type { Schemas };

/** The month's status in the manual's words. */
export function statusOf(m: Month): Status {
  const a = m.application;
  if (a?.status === '充当済' || m.import?.chargedAt) return '充当済';
  if (a?.status === '承認') return '承認済';
  if (a?.status === '申請') return '申請中';
  if (a?.status === '差戻し') return '差戻し';
  if (!m.import) return '実績なし';
  return m.import.status;
}

const MANAGERS: readonly Role[] = ['事業者責任者', '管理者', '現場管理者'];
const APPROVERS: readonly Role[] = ['事業者責任者', '管理者'];

/** What the signed-in person may do (the API decides; the page only hides what would be refused). */
export function rightsOf(m: Month, s: Session) {
  const own = m.relation === 'own';
  return {
    correct: own && MANAGERS.includes(s.role),
    apply: own && MANAGERS.includes(s.role),
    approve: own && APPROVERS.includes(s.role),
    report: m.relation === 'chain',
  };
}

export const monthPath = (siteId: string, workMonth: string) => ({ path: { siteId, workMonth } });

/** The month and its lines, reloaded on demand; `notice` says why it was reloaded (a 409). */
export function useMonth(siteId: string, workMonth: string) {
  const [month, setMonth] = useState<Month | undefined>();
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState<string | undefined>();

  const load = async () => {
    setLoading(true);
    try {
      const m = await call(
        api.GET('/v1/sites/{siteId}/months/{workMonth}', { params: monthPath(siteId, workMonth) }),
      );
      // The lines first, so that the month and its lines appear together.
      const l = m.import
        ? (
            await call(
              api.GET('/v1/sites/{siteId}/months/{workMonth}/lines', {
                params: monthPath(siteId, workMonth),
              }),
            )
          ).lines
        : [];
      setLines(l);
      setMonth(m);
      setError(undefined);
      return m;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setLoading(false);
    }
  };

  /**
   * After an action the state machine moves on its own: reload until the month shows a change
   * (its wait, status or application), a few times at most.
   */
  const settle = async (before: Month | undefined, until?: (m: Month) => boolean) => {
    const sig = (m: Month | undefined) =>
      JSON.stringify([
        m?.wait?.kind,
        m?.wait?.since,
        m?.import?.importId,
        m?.import?.status,
        m?.application?.status,
        m?.import?.flags.length,
      ]);
    for (let i = 0; i < 40; i++) {
      const m = await load();
      // By default: a change that ends in a wait for people (not a state the machine passes through).
      if (m && (until ? until(m) : sig(m) !== sig(before) && m.wait !== null)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  const conflict = (_e: ApiError) => {
    setNotice(
      'この月は先に進んでいます。最新の状態を読み込みました。内容を確かめてから、もう一度操作してください。',
    );
    void load();
  };

  useEffect(() => {
    setNotice(undefined);
    void load();
  }, [siteId, workMonth]);

  return { month, lines, error, loading, notice, setNotice, load, settle, conflict };
}
