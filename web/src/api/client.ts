// The typed client of the approval API: paths generated from docs/openapi.json (schema.d.ts, by
// `npm run web:api`). Every call goes through `call`,
// which turns problem+json (and network failures) into an ApiError with Japanese text for the page.
import createClient from 'openapi-fetch';
import { currentToken, signOut } from '../auth';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
/** The API's problems may list their causes: a file's line (or an Excel row) and column, or a field's path. */
export type Problem = Schemas['Problem'] & {
  errors?: { line?: number; row?: number; column?: string; path?: string; message?: string }[];
};

let baseUrl = '';
export function setApiBase(url: string): void {
  baseUrl = url.replace(/\/$/, '');
}

export const api = createClient<paths>({
  baseUrl: '',
  fetch: (req: Request) => {
    const url = new URL(req.url);
    const target = baseUrl ? new Request(`${baseUrl}${url.pathname}${url.search}`, req) : req;
    const token = currentToken();
    if (token) target.headers.set('authorization', `Bearer ${token}`);
    return fetch(target);
  },
});

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** What to do next, by status: the API's title says what happened. */
const NEXT: Record<number, { title: string; next: string }> = {
  0: { title: 'サーバーに接続できません', next: '接続を確かめて、もう一度お試しください。' },
  400: { title: '入力内容に誤りがあります', next: '入力内容を直してから、もう一度送ってください。' },
  401: { title: '認証が必要です', next: 'もう一度サインインしてください。' },
  403: { title: '権限がありません', next: 'この操作は事業者責任者または管理者に依頼してください。' },
  404: { title: '見つかりません', next: '現場IDと対象年月を確かめてください。' },
  409: {
    title: '現在の状態では実行できません',
    next: 'この月は先に進んでいます。最新の状態を読み込みました。',
  },
  413: { title: 'ファイルが大きすぎます', next: 'ファイルを分けて、もう一度送ってください。' },
  422: { title: '処理できない内容です', next: '内容を確かめて、もう一度送ってください。' },
  500: { title: 'システムエラーが発生しました', next: '時間をおいて、もう一度お試しください。' },
};

export class ApiError extends Error {
  readonly title: string;
  readonly next: string;
  readonly detail: string | undefined;
  readonly errors: NonNullable<Problem['errors']>;
  constructor(
    readonly status: number,
    problem: Partial<Problem> | undefined,
  ) {
    const known = NEXT[status] ?? NEXT[status >= 500 ? 500 : 400]!;
    const title = problem?.title && JAPANESE.test(problem.title) ? problem.title : known.title;
    super(title);
    this.title = title;
    this.next = known.next;
    this.detail = problem?.detail && JAPANESE.test(problem.detail) ? problem.detail : undefined;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/** The data of a typed call, or an ApiError (401 signs out: the token is gone or expired). */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await request;
  } catch {
    throw new ApiError(0, undefined);
  }
  if (r.response.ok) return r.data as T;
  if (r.response.status === 401) signOut();
  throw new ApiError(r.response.status, (r.error ?? undefined) as Partial<Problem> | undefined);
}

/** One key per intent: made when the person decides, reused by every retry of that decision. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
