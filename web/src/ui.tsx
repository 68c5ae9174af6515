// Small pieces every page uses: progress while the network works, a problem shown next to its cause,
// a button that cannot be pressed twice while its request is in flight, the confirmation step, statuses.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from './api/client';

export const fmt = (n: number): string => n.toLocaleString('ja-JP');

export function Busy({ label = '読み込み中…' }: { label?: string }) {
  return (
    <p class="busy" role="status">
      <progress aria-label={label} />
      <span>{label}</span>
    </p>
  );
}

/** A problem from the API, in Japanese, with what to do next (and line/column of a refused file). */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const title = e ? e.title : error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert">
      <strong>{title}</strong>
      {e?.detail && <span> {e.detail}</span>}
      {e && e.errors.length > 0 && (
        <ul>
          {e.errors.map((x, i) => (
            <li key={i}>
              {(x.line ?? x.row) !== undefined && `${x.line ?? x.row} 行目`}
              {x.column && ` ${x.column} 列`}
              {x.path}
              {x.message && `: ${x.message}`}
            </li>
          ))}
        </ul>
      )}
      {e && <div class="next">{e.next}</div>}
    </div>
  );
}

/**
 * Runs `action` once per press: disabled (and aria-busy) while in flight, the problem shown next to it.
 * `onConflict` runs on a 409 (the month moved on): the caller reloads.
 */
export function useAction<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  opts: { onDone?: () => void; onConflict?: (e: ApiError) => void } = {},
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      opts.onDone?.();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 409) opts.onConflict?.(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

export function ActionButton(props: {
  busy: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ComponentChildren;
  kind?: 'primary' | 'danger';
  type?: 'button' | 'submit';
}) {
  return (
    <button
      type={props.type ?? 'button'}
      class={props.kind ?? ''}
      disabled={props.busy || props.disabled}
      aria-busy={props.busy}
      onClick={props.type === 'submit' ? undefined : props.onClick}
    >
      {props.children}
      {props.busy && <span class="spinner" aria-hidden="true" />}
    </button>
  );
}

/** The confirmation step before an irreversible action: what will happen, then yes or no. */
export function Confirm(props: {
  question: ComponentChildren;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
  children?: ComponentChildren;
}) {
  return (
    <fieldset class="confirm">
      <legend>確認</legend>
      <p>{props.question}</p>
      {props.children}
      <ActionButton busy={props.busy} onClick={props.onYes} kind="primary">
        {props.yes}
      </ActionButton>
      <button type="button" onClick={props.onNo} disabled={props.busy}>
        やめる
      </button>
    </fieldset>
  );
}

export type Status = '要修正' | '予約可能' | '申請中' | '承認済' | '充当済' | '実績なし' | '差戻し';

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}

export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in (a wrapping label)
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint && <small>{props.hint}</small>}
    </label>
  );
}

/**
 * Idempotency keys per intent: the same decision (same body) keeps its key across retries, so a
 * resend after a lost answer changes nothing; a changed body is a new intent; `done` forgets it, so
 * the next press of a repeatable action (確認・予約登録 again) is new.
 */
export function useIntentKey() {
  const [state] = useState(() => ({ body: '', key: '' }));
  return {
    keyFor(body: unknown): string {
      const s = JSON.stringify(body ?? null);
      if (state.body !== s || !state.key) {
        state.body = s;
        state.key = newIdempotencyKey();
      }
      return state.key;
    },
    done(): void {
      state.key = '';
    },
  };
}
