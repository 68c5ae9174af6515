// Sign-in. In AWS the page finds /config.json (written by the CDK deployment) and uses the Cognito hosted
// UI with the authorization-code flow and PKCE; locally there is no config.json and the page shows the
// dev sign-in form, which calls POST /local/sign-in of `npm start`. The session lives in sessionStorage
// (one tab, gone when it closes).
export type Role = '事業者責任者' | '管理者' | '現場管理者' | '担当者';

export interface Session {
  token: string;
  userId: string;
  contractorNo: string;
  role: Role;
  expiresAt: number;
}

export interface CognitoConfig {
  domain: string;
  clientId: string;
  redirectUri: string;
}

export interface PageConfig {
  apiBase?: string;
  cognito?: CognitoConfig;
}

const KEY = 'kentaikyo.session';
const PKCE = 'kentaikyo.pkce';
let listeners: (() => void)[] = [];

export function session(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const s = JSON.parse(raw) as Session;
  if (s.expiresAt < Date.now()) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return s;
}

export const currentToken = (): string | undefined => session()?.token;

export function onSessionChange(f: () => void): () => void {
  listeners.push(f);
  return () => {
    listeners = listeners.filter((l) => l !== f);
  };
}

function setSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function signOut(): void {
  setSession(undefined);
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function sessionFromToken(token: string): Session {
  const c = claimsOf(token);
  return {
    token,
    userId: String(c.sub ?? ''),
    contractorNo: String(c['custom:contractorNo'] ?? ''),
    role: String(c['custom:role'] ?? '担当者') as Role,
    expiresAt: Number(c.exp ?? 0) * 1000,
  };
}

export async function loadConfig(): Promise<PageConfig> {
  try {
    const r = await fetch('/config.json', { cache: 'no-store' });
    if (r.ok && (r.headers.get('content-type') ?? '').includes('json')) return (await r.json()) as PageConfig;
  } catch {
    // no config: the local stack
  }
  return {};
}

/** Dev sign-in (npm start only): the local server issues a token for a user of its table. */
export async function devSignIn(apiBase: string, userId: string): Promise<void> {
  const r = await fetch(`${apiBase}/local/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!r.ok)
    throw new Error(
      r.status === 401 ? 'そのユーザーIDは登録されていません。' : `サインインできません（${r.status}）。`,
    );
  const body = (await r.json()) as { token: string };
  setSession(sessionFromToken(body.token));
}

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** Cognito hosted UI, authorization code + PKCE (S256). */
export async function cognitoSignIn(c: CognitoConfig): Promise<void> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: c.redirectUri,
    scope: 'openid email',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`https://${c.domain}/oauth2/authorize?${q}`);
}

/** Back from the hosted UI with ?code&state: exchange the code for tokens (the ID token carries the claims). */
export async function completeCognitoSignIn(c: CognitoConfig): Promise<boolean> {
  const q = new URLSearchParams(location.search);
  const code = q.get('code');
  if (!code) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!saved.verifier || saved.state !== q.get('state'))
    throw new Error('サインインをやり直してください（状態が一致しません）。');
  const r = await fetch(`https://${c.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: c.clientId,
      code,
      redirect_uri: c.redirectUri,
      code_verifier: saved.verifier,
    }),
  });
  if (!r.ok) throw new Error('サインインできませんでした。もう一度お試しください。');
  setSession(sessionFromToken(((await r.json()) as { id_token: string }).id_token));
  return true;
}
