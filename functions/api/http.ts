// HTTP plumbing of the approval API: the API Gateway v2 event as the function sees it, JSON and
// RFC 9457 problem responses (Japanese titles, as users see them), and the errors routes throw.

/** The parts of an API Gateway HTTP API (payload 2.0) event with a JWT authorizer that the API reads. */
export interface ApiEvent {
  routeKey: string;
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    requestId?: string;
    http?: { method: string; path: string };
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
  };
}

/** A response as API Gateway takes it back (and as an Idempotency-Key replays it). */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export const PROBLEM_TYPE_BASE = 'urn:kentaikyo:problem:';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problems the API answers with: HTTP status and the Japanese title users see. */
export const PROBLEMS = {
  'invalid-input': { status: 400, title: '入力内容に誤りがあります' },
  'idempotency-key-required': { status: 400, title: 'Idempotency-Key ヘッダーが必要です' },
  unauthenticated: { status: 401, title: '認証が必要です' },
  forbidden: { status: 403, title: '権限がありません' },
  'not-found': { status: 404, title: '見つかりません' },
  'not-waiting': { status: 409, title: '待機中ではありません' },
  conflict: { status: 409, title: '現在の状態では実行できません' },
  'request-in-progress': { status: 409, title: '同じ Idempotency-Key の要求を処理中です' },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key が別の内容の要求に使われています',
  },
  'method-not-allowed': { status: 405, title: 'この操作はできません' },
  'payload-too-large': { status: 413, title: '送信内容が大きすぎます' },
  unprocessable: { status: 422, title: '処理できない内容です' },
  'headers-too-large': { status: 431, title: 'ヘッダーが大きすぎます' },
  internal: { status: 500, title: 'システムエラーが発生しました' },
  'storage-unavailable': {
    status: 503,
    title: 'ただいま処理できません。しばらくしてから再度お試しください',
  },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** A route's refusal, rendered as problem+json; `extra` adds RFC 9457 extension members. */
export class HttpProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    /** Response headers the problem needs (Retry-After, Allow). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[kind].title);
    this.name = 'HttpProblem';
  }

  get status(): number {
    return PROBLEMS[this.kind].status;
  }
}

export function problemResponse(p: HttpProblem, instance?: string): ApiResponse {
  const { status, title } = PROBLEMS[p.kind];
  return {
    statusCode: status,
    headers: { ...p.headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${p.kind}`,
      title,
      status,
      ...(p.detail === undefined ? {} : { detail: p.detail }),
      ...(instance === undefined ? {} : { instance }),
      ...p.extra,
    }),
  };
}

export function jsonResponse(statusCode: number, body: unknown): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/** A file download (API Gateway decodes a base64 body for the client). */
export function fileResponse(contentType: string, fileName: string, bytes: Uint8Array): ApiResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName}"`,
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

/** Header lookup, case-insensitive (API Gateway v2 lower-cases them; tests may not). */
export function header(event: ApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}
