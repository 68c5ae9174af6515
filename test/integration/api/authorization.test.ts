// The authorization matrix through HTTP: each route with callers of every relation and role. `ok` means
// authorized (whatever the use case then answers: 200, 409…); 403 = visible but not allowed; 404 =
// invisible (another contractor's), never 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { freshStore, type Moto, startMoto } from '../support/moto.js';
import { apiClient, type Claims } from './http.js';
import {
  CO,
  depsOf,
  FIRST_A,
  FIRST_B,
  member,
  NOTIFIER,
  OPEN,
  OTHER,
  OTHER_SITE,
  PRIME,
  READY,
  SECOND,
  SITE,
  seedWorld,
  user,
} from './world.js';

let moto: Moto;
let deps: ApiDeps;

beforeAll(async () => {
  moto = await startMoto();
  const { store } = await freshStore(moto, 'authz');
  deps = depsOf(store);
  await seedWorld(store, deps);
  await deps.contributions.recordContributions(
    SITE,
    READY,
    [{ memberNo: member(1), employerCompanyId: CO.prime, days: 5 }],
    '2026-11-13T00:00:00Z',
  );
});
afterAll(() => moto?.stop());

const open = `/v1/sites/${SITE}/months/${OPEN}`;
const ready = `/v1/sites/${SITE}/months/${READY}`;
const otherMonth = `/v1/sites/${OTHER_SITE}/months/${READY}`;
const site = {
  name: '現場',
  linkMethod: 'auto',
  outputMethod: '一次一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};
const payment = {
  contractorNo: PRIME,
  paymentId: 'PE-AUTHZ',
  amount: 1,
  pointKind: 'regular',
  method: '口座振替',
};
const company = { companyId: CO.second, contractorNo: SECOND };
const adjust = { workerId: '41000000000001', employerCompanyId: CO.prime, days: 5, reason: '確認' };

const boss = user(PRIME, '事業者責任者');
const kanri = user(PRIME, '管理者');
const genba = user(PRIME, '現場管理者');
const tanto = user(PRIME, '担当者');
const aTanto = user(FIRST_A, '担当者');
const aBoss = user(FIRST_A, '事業者責任者');
const bKanri = user(FIRST_B, '管理者');
const secondBoss = user(SECOND, '事業者責任者');
const otherBoss = user(OTHER, '事業者責任者');
const otherKanri = user(OTHER, '管理者');

type Expect = 'ok' | 401 | 403 | 404 | 409;
type Case = [string, Claims | undefined, 'GET' | 'POST' | 'PUT' | 'DELETE', string, unknown, Expect];

const CASES: Case[] = [
  // read (own site / own chain / other)
  ['read month: prime 事業者責任者', boss, 'GET', open, undefined, 'ok'],
  ['read month: prime 担当者', tanto, 'GET', open, undefined, 'ok'],
  ['read month: 一次 担当者 (chain)', aTanto, 'GET', open, undefined, 'ok'],
  ['read month: 二次 (chain)', secondBoss, 'GET', open, undefined, 'ok'],
  ['read month: other contractor', otherBoss, 'GET', open, undefined, 404],
  ['read month: prime on the other contractor month', boss, 'GET', otherMonth, undefined, 404],
  ['read lines: 一次 B (chain)', bKanri, 'GET', `${open}/lines`, undefined, 'ok'],
  ['read lines: other contractor', otherKanri, 'GET', `${open}/lines`, undefined, 404],
  ['read template: 一次 (chain)', aTanto, 'GET', `${open}/unregistered-workers.xlsx`, undefined, 'ok'],
  ['read template: other', otherBoss, 'GET', `${open}/unregistered-workers.xlsx`, undefined, 404],
  ['read sites: 担当者', tanto, 'GET', '/v1/sites', undefined, 'ok'],
  ['read sites: machine client', NOTIFIER, 'GET', '/v1/sites', undefined, 403],
  // correct
  ['correct: prime 事業者責任者', boss, 'POST', `${open}/corrections/company`, company, 'ok'],
  ['correct: prime 管理者', kanri, 'POST', `${open}/corrections/company`, company, 'ok'],
  ['correct: prime 現場管理者', genba, 'POST', `${open}/corrections/company`, company, 'ok'],
  ['correct: prime 担当者', tanto, 'POST', `${open}/corrections/company`, company, 403],
  // R-FIRST-TIER: a 一次 corrects its own chain (CO.second is attached to 一次 A), not another's.
  ['correct: 一次 A 事業者責任者, own chain', aBoss, 'POST', `${open}/corrections/company`, company, 'ok'],
  [
    'correct: 一次 A 事業者責任者, 一次 B chain',
    aBoss,
    'POST',
    `${open}/corrections/company`,
    { companyId: CO.firstB, contractorNo: FIRST_B },
    403,
  ],
  ['correct: 一次 担当者 (chain)', aTanto, 'POST', `${open}/corrections/company`, company, 403],
  [
    'exclude: 一次 (the prime decides 取り込まない)',
    aBoss,
    'POST',
    `${open}/corrections/exclude`,
    { workerId: '42000000000002', reason: '非加入' },
    403,
  ],
  [
    'exclude: other contractor',
    otherBoss,
    'POST',
    `${open}/corrections/exclude`,
    { workerId: '42000000000002', reason: '非加入' },
    404,
  ],
  ['correct: other contractor', otherBoss, 'POST', `${open}/corrections/company`, company, 404],
  ['revalidate: prime 担当者', tanto, 'POST', `${open}/revalidate`, undefined, 403],
  ['revalidate: other contractor', otherBoss, 'POST', `${open}/revalidate`, undefined, 404],
  ['adjust: prime 現場管理者', genba, 'POST', `${open}/lines/adjust`, adjust, 'ok'],
  ['adjust: 一次 (chain)', aBoss, 'POST', `${open}/lines/adjust`, adjust, 403],
  ['adjust: other contractor', otherBoss, 'POST', `${open}/lines/adjust`, adjust, 404],
  ['upload sheet: prime 担当者', tanto, 'POST', `${open}/unregistered-workers`, { file: 'AAAA' }, 403],
  // report
  [
    'report: 一次 担当者 for itself',
    aTanto,
    'POST',
    `${ready}/report`,
    { firstTierCompanyId: CO.firstA },
    'ok',
  ],
  [
    'report: 一次 for another 一次',
    aTanto,
    'POST',
    `${ready}/report`,
    { firstTierCompanyId: CO.firstB },
    403,
  ],
  [
    'report: 二次 (chain, not a 一次)',
    secondBoss,
    'POST',
    `${ready}/report`,
    { firstTierCompanyId: CO.firstA },
    403,
  ],
  [
    'report: prime 管理者 for a 一次 (allowed by the matrix; the deadline decides, R-FIRST-TIER)',
    kanri,
    'POST',
    `${ready}/report`,
    { firstTierCompanyId: CO.firstA },
    'ok',
  ],
  [
    'report: prime 担当者 for a 一次',
    tanto,
    'POST',
    `${ready}/report`,
    { firstTierCompanyId: CO.firstA },
    403,
  ],
  ['report: other contractor', otherBoss, 'POST', `${ready}/report`, { firstTierCompanyId: CO.firstA }, 404],
  // apply
  ['apply: prime 担当者', tanto, 'POST', `${ready}/apply`, undefined, 403],
  ['apply: 一次 (chain)', aBoss, 'POST', `${ready}/apply`, undefined, 403],
  ['apply: other contractor', otherBoss, 'POST', `${ready}/apply`, undefined, 404],
  ['apply: prime 現場管理者', genba, 'POST', `${ready}/apply`, undefined, 'ok'],
  // approve / reject
  ['approve: prime 現場管理者', genba, 'POST', `${ready}/approve`, undefined, 403],
  ['approve: prime 担当者', tanto, 'POST', `${ready}/approve`, undefined, 403],
  ['approve: 一次 (chain)', bKanri, 'POST', `${ready}/approve`, undefined, 403],
  ['approve: other contractor', otherBoss, 'POST', `${ready}/approve`, undefined, 404],
  ['reject: prime 現場管理者', genba, 'POST', `${ready}/reject`, { reason: '確認' }, 403],
  ['approve: prime 管理者', kanri, 'POST', `${ready}/approve`, undefined, 'ok'],
  // credit
  [
    'credit: the payments notifier (client credentials, payments scope)',
    NOTIFIER,
    'POST',
    '/v1/payments',
    payment,
    'ok',
  ],
  // (In AWS API Gateway answers 403 first: the route requires the scope. The function sees no relation: 404.)
  [
    'credit: a machine token without the payments scope',
    { sub: 'other-machine', scope: 'kentaikyo/other' },
    'POST',
    '/v1/payments',
    payment,
    404,
  ],
  ['my tasks: machine client', NOTIFIER, 'GET', '/v1/me/tasks', undefined, 403],
  ['credit: prime 事業者責任者', boss, 'POST', '/v1/payments', payment, 403],
  ['credit: another contractor for the prime', otherBoss, 'POST', '/v1/payments', payment, 404],
  // manage-site / delete-site
  ['manage site: prime 現場管理者', genba, 'PUT', `/v1/sites/${SITE}`, site, 'ok'],
  ['manage site: prime 担当者', tanto, 'PUT', `/v1/sites/${SITE}`, site, 403],
  // R-SITE-OWNER: a 現場ID held by another prime cannot be registered (409, the holder not named).
  ['manage site: other contractor', otherBoss, 'PUT', `/v1/sites/${SITE}`, site, 409],
  ['manage site: other contractor 担当者', user(OTHER, '担当者'), 'PUT', `/v1/sites/${SITE}`, site, 403],
  ['delete site: prime 管理者 (not its creator)', kanri, 'DELETE', `/v1/sites/${SITE}`, undefined, 403],
  ['delete site: other contractor', otherBoss, 'DELETE', `/v1/sites/${SITE}`, undefined, 404],
  // read-ledger
  ['ledger: prime 担当者', tanto, 'GET', `/v1/contractors/${PRIME}/ledger`, undefined, 'ok'],
  ['balances: 一次 on the prime', aBoss, 'GET', `/v1/contractors/${PRIME}/balances`, undefined, 404],
  ['balances: machine client', NOTIFIER, 'GET', `/v1/contractors/${PRIME}/balances`, undefined, 403],
  // statement
  ['statement: employer 管理者', kanri, 'GET', `/v1/members/${member(1)}/statement`, undefined, 'ok'],
  ['statement: employer 担当者', tanto, 'GET', `/v1/members/${member(1)}/statement`, undefined, 403],
  ['statement: not the employer', otherBoss, 'GET', `/v1/members/${member(1)}/statement`, undefined, 404],
  // no identity
  ['no claims', undefined, 'GET', open, undefined, 401],
  ['no claims (write)', undefined, 'POST', `${ready}/apply`, undefined, 401],
];

describe('authorization matrix over HTTP', () => {
  it('covers at least 30 cells with 403 and 404 among them', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c[5] === 403).length).toBeGreaterThan(10);
    expect(CASES.filter((c) => c[5] === 404).length).toBeGreaterThan(10);
  });

  it.each(CASES)('%s → %s', async (_name, claims, method, path, body, expected) => {
    const client = apiClient(claims, deps);
    const r = method === 'GET' ? await client.get(path) : await client.send(method, path, body);
    if (expected === 'ok') {
      expect([401, 403, 404], JSON.stringify(r.json)).not.toContain(r.status);
      return;
    }
    expect(r.status).toBe(expected);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json.title).toBe(
      {
        401: '認証が必要です',
        403: '権限がありません',
        404: '見つかりません',
        409: '現在の状態では実行できません',
      }[expected],
    );
    // A refusal says nothing about the resource.
    expect(Object.keys(r.json).sort()).toEqual(expect.arrayContaining(['status', 'title', 'type']));
    expect(r.json.application).toBeUndefined();
    expect(r.json.import).toBeUndefined();
  });
});
