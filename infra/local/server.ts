// The local stack with its HTTP API: what `npm start`, `cycle run`, the demo and the e2e tests start.
// The runtime (moto, the state machine, the handlers) plus the API routes of the same template served on
// loopback, the local operator's routes wired to the runtime, and master data seeded into the table.
import { readFileSync } from 'node:fs';
import type { MasterData, User } from '../../domain/ports/storage.js';
import { parseMaster } from '../../functions/shared/ccus/master.js';
import { cycleDeps } from '../../functions/shared/runtime.js';
import { DynamoUserDirectory } from '../../functions/shared/storage/directory.js';
import { seedFromMaster, storeFromEnv } from '../../functions/shared/storage/index.js';
import { type LocalHttpApi, startHttpApi } from './http-api.js';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from './runtime.js';
import type { LocalRoute } from './template.js';

export const SWEEP_ENTRY = 'functions/monthly-sweep/handler.ts';
/** The route of presigned uploads (手動連携), whose objects the local stack watches for. */
export const UPLOAD_ROUTE_KEY = 'POST /v1/sites/{siteId}/months/{workMonth}/upload';

export interface LocalServerOptions extends LocalRuntimeOptions {
  /** 0 picks a free port (the CLI and tests); `npm start` uses 3000. */
  port?: number;
  host?: string;
  /** One line per API request. */
  log?: (line: string) => void;
  /** Routes to serve instead of the template's (tests with a small route table). */
  routes?: LocalRoute[];
}

export interface LocalServer {
  runtime: LocalRuntime;
  api: LocalHttpApi;
  url: string;
  close(): Promise<void>;
}

/** The executions as the local operator sees them (ids and states; no personal data). */
export function executionsOf(rt: LocalRuntime) {
  return [...rt.sfn.executions.values()].map((e) => ({
    name: e.name,
    status: e.status,
    state: e.states.at(-1) ?? null,
    states: e.states,
    startDate: e.startDate.toISOString(),
    ...(e.stopDate ? { stopDate: e.stopDate.toISOString() } : {}),
    ...(e.error ? { error: e.error } : {}),
  }));
}

export async function startLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  // The project supports Node 20 (package.json engines); the SDK's notice about its future would only
  // clutter the operator's stderr on every local run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const runtime = await startLocalRuntime(opts);
  try {
    const sweep = runtime.stack.functions.find((f) => f.entry === SWEEP_ENTRY);
    const api = await startHttpApi({
      routes: opts.routes ?? runtime.stack.routes,
      handlerOf: async (route) => {
        const h = await runtime.handler(route.entry);
        if (route.routeKey !== UPLOAD_ROUTE_KEY) return h;
        // 手動連携: the PUT goes straight to moto, which tells no one; watch for the object instead.
        return async (event, context) => {
          const r = (await h(event, context)) as { statusCode?: number; body?: string };
          if (r?.statusCode === 200 && r.body) runtime.watchUpload(String(JSON.parse(r.body).key));
          return r;
        };
      },
      userOf: async (userId) => cycleDeps().registry.getUser(userId),
      port: opts.port ?? 0,
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      admin: {
        async drop(key, body) {
          const { versionId, result } = await runtime.dropFile(key, body);
          return { versionId, start: result };
        },
        async tick(date) {
          if (!sweep) throw new Error('local stack: no monthly-sweep function in the template');
          const h = await runtime.handler(sweep.entry);
          return h({ date }, { awsRequestId: 'local-tick', functionName: sweep.logicalId });
        },
        executions: () => executionsOf(runtime),
        mail: () => runtime.notices.mailbox.mails,
      },
    });
    // Mails link to the months of this server (the approval page's URL in AWS).
    runtime.notices.config.baseUrl = `${api.url}/`;
    return {
      runtime,
      api,
      url: api.url,
      async close() {
        await api.close();
        await runtime.close();
      },
    };
  } catch (e) {
    await runtime.close();
    throw e;
  }
}

export function readMaster(path: string): MasterData {
  return parseMaster(readFileSync(path, 'utf8')) as MasterData;
}

/** The users people sign in as when master.json names none: a 事業者責任者 of each contractor. */
export function defaultUsers(master: MasterData): User[] {
  return master.contractors.map((c) => ({
    userId: `owner-${c.contractorNo}`,
    contractorNo: c.contractorNo,
    role: '事業者責任者',
  }));
}

/** The address a local user gets when master.json gives none (the .invalid TLD never resolves). */
export const localAddressOf = (userId: string) => `${userId}@example.invalid`;

/** Seeds master data into the running stack's table; returns the users one can sign in as. */
export async function seedMaster(master: MasterData): Promise<User[]> {
  const store = storeFromEnv();
  await seedFromMaster(store, master);
  let users: (User & { email?: string; name?: string; reminders?: boolean })[] = master.users ?? [];
  if (users.length === 0) {
    users = defaultUsers(master);
    const registry = cycleDeps().registry;
    for (const u of users) await registry.putUser(u);
  }
  // The user directory of notices: an address per user (master.json's, or a local one).
  const directory = new DynamoUserDirectory(store);
  for (const u of users)
    await directory.putContact(u.userId, {
      email: u.email ?? localAddressOf(u.userId),
      ...(u.name ? { name: u.name } : {}),
      ...(u.reminders === false ? { reminders: false } : {}),
    });
  return users;
}
