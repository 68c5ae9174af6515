// The authorization matrix, cell by cell: action × relation × role → allow / 403 / 404 (pure).
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../domain/types.js';
import {
  ACTIONS,
  type Action,
  decide,
  isMachine,
  PAYMENTS_SCOPE,
  type Principal,
  principalOf,
  type Relation,
  ROLES,
  type Verdict,
} from '../../../functions/api/authz.js';
import type { ApiEvent } from '../../../functions/api/http.js';

const A: Verdict = 'allow';
const F: Verdict = 'forbidden';
const N: Verdict = 'not-found';

const claimsEvent = (claims: Record<string, unknown>): ApiEvent => ({
  routeKey: 'POST /v1/payments',
  rawPath: '/v1/payments',
  requestContext: { authorizer: { jwt: { claims } } },
});

/** Per action: the verdicts for [事業者責任者, 管理者, 現場管理者, 担当者], own relation then chain; other is 404. */
const EXPECTED: Record<Action, { own: Verdict[]; chain: Verdict[] }> = {
  read: { own: [A, A, A, A], chain: [A, A, A, A] },
  correct: { own: [A, A, A, F], chain: [F, F, F, F] },
  // R-FIRST-TIER: a 一次's managers adjust and correct their own chain (the use case checks which).
  'correct-chain': { own: [A, A, A, F], chain: [A, A, A, F] },
  // R-FIRST-TIER: the prime's managers report for a silent 一次 after the deadline (checked by the use case).
  report: { own: [A, A, A, F], chain: [A, A, A, A] },
  apply: { own: [A, A, A, F], chain: [F, F, F, F] },
  approve: { own: [A, A, F, F], chain: [F, F, F, F] },
  credit: { own: [F, F, F, F], chain: [F, F, F, F] },
  // R-STAMPS: the operators (or the notifier) only, never a contractor's user.
  'convert-stamps': { own: [F, F, F, F], chain: [F, F, F, F] },
  'manage-site': { own: [A, A, A, F], chain: [F, F, F, F] },
  'delete-site': { own: [A, F, F, F], chain: [F, F, F, F] },
  'read-ledger': { own: [A, A, A, A], chain: [F, F, F, F] },
  statement: { own: [A, A, A, F], chain: [F, F, F, F] },
  'read-audit': { own: [A, A, A, F], chain: [A, A, A, F] },
};

const userOf = (role: Role): Principal => ({ id: `u-${role}`, contractorNo: 'C1', role, groups: [] });

const cells = ACTIONS.flatMap((action) =>
  (['own', 'chain', 'other'] as Relation[]).flatMap((relation) =>
    ROLES.map((role, i) => ({
      action,
      relation,
      role,
      expected: relation === 'other' ? N : EXPECTED[action][relation][i]!,
    })),
  ),
);

describe('authorization matrix (functions/api/authz.ts)', () => {
  it('has a cell for every action × relation × role', () => {
    expect(cells).toHaveLength(ACTIONS.length * 3 * ROLES.length);
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(cells)('$action on $relation as $role → $expected', ({ action, relation, role, expected }) => {
    expect(decide(action, relation, userOf(role))).toBe(expected);
  });

  it('lets the person who set a site up delete it, whatever the role; nobody else but the 事業者責任者', () => {
    const genba = userOf('現場管理者');
    expect(decide('delete-site', 'own', genba, { createdBy: genba.id })).toBe(A);
    expect(decide('delete-site', 'own', genba, { createdBy: 'someone-else' })).toBe(F);
    // Not across contractors, even for its creator id.
    expect(decide('delete-site', 'other', genba, { createdBy: genba.id })).toBe(N);
  });

  it('credits only for a machine token with the payments scope; a machine may do nothing else', () => {
    const notifier: Principal = { id: 'machine', groups: [], scopes: [PAYMENTS_SCOPE] };
    for (const relation of ['own', 'chain', 'other'] as Relation[])
      expect(decide('credit', relation, notifier)).toBe(A);
    for (const action of ACTIONS.filter((a) => a !== 'credit' && a !== 'convert-stamps'))
      expect(decide(action, 'own', notifier)).toBe(F);
    // A person (ID token) never credits, whatever its groups; a machine without the scope neither.
    expect(decide('credit', 'own', { ...userOf('事業者責任者'), groups: ['payment-notifiers'] })).toBe(F);
    expect(decide('credit', 'own', { id: 'm2', groups: [], scopes: ['kentaikyo/other'] })).toBe(F);
    // A person's token that somehow carried the scope is still a person's: contractor and role make it so.
    expect(decide('credit', 'own', { ...userOf('事業者責任者'), scopes: [PAYMENTS_SCOPE] })).toBe(F);
  });

  it('reads a client-credentials access token as a machine with its scopes; an ID token has none', () => {
    const machine = principalOf(
      claimsEvent({ sub: 'c1', token_use: 'access', client_id: 'c1', scope: `${PAYMENTS_SCOPE} other/x` }),
    );
    expect(machine).toEqual({ id: 'c1', groups: [], scopes: [PAYMENTS_SCOPE, 'other/x'] });
    expect(isMachine(machine)).toBe(true);
    const person = principalOf(
      claimsEvent({
        sub: 'u1',
        token_use: 'id',
        scope: PAYMENTS_SCOPE,
        'custom:contractorNo': 'C1',
        'custom:role': '管理者',
      }),
    );
    expect(person.scopes).toBeUndefined();
    expect(isMachine(person)).toBe(false);
  });

  it('lets the operators group read every audit trail and record stamps (R-STAMPS), and do nothing else', () => {
    const operator: Principal = { id: 'op', groups: ['operators'] };
    for (const relation of ['own', 'chain', 'other'] as Relation[]) {
      expect(decide('read-audit', relation, operator)).toBe(A);
      expect(decide('convert-stamps', relation, operator)).toBe(A);
    }
    const notifier: Principal = { id: 'm', groups: [], scopes: ['kentaikyo/payments'] };
    expect(decide('convert-stamps', 'other', notifier)).toBe(A);
    expect(decide('convert-stamps', 'own', { ...notifier, scopes: ['other/scope'] })).toBe(F);
    for (const action of ACTIONS.filter((a) => a !== 'read-audit' && a !== 'convert-stamps'))
      expect(decide(action, 'own', operator)).not.toBe(A);
    // A user with a role but outside the group: the matrix, not the group, decides.
    expect(decide('read-audit', 'other', userOf('事業者責任者'))).toBe(N);
  });
});

describe('principalOf (JWT claims of the HttpJwtAuthorizer)', () => {
  const event = (claims?: Record<string, unknown>): ApiEvent => ({
    routeKey: 'GET /v1/sites',
    rawPath: '/v1/sites',
    requestContext: claims ? { authorizer: { jwt: { claims } } } : {},
  });

  it('reads sub, custom:contractorNo, custom:role and cognito:groups in each rendering', () => {
    expect(principalOf(event({ sub: 'u1', 'custom:contractorNo': 'C1', 'custom:role': '管理者' }))).toEqual({
      id: 'u1',
      contractorNo: 'C1',
      role: '管理者',
      groups: [],
    });
    expect(principalOf(event({ sub: 'm', 'cognito:groups': '[payment-notifiers admins]' })).groups).toEqual([
      'payment-notifiers',
      'admins',
    ]);
    expect(principalOf(event({ sub: 'm', 'cognito:groups': '["payment-notifiers"]' })).groups).toEqual([
      'payment-notifiers',
    ]);
    expect(principalOf(event({ sub: 'm', 'cognito:groups': ['payment-notifiers'] })).groups).toEqual([
      'payment-notifiers',
    ]);
  });

  it('ignores an unknown role (no role = no rights) and refuses a missing subject (401)', () => {
    expect(
      principalOf(event({ sub: 'u1', 'custom:contractorNo': 'C1', 'custom:role': 'admin' })).role,
    ).toBeUndefined();
    expect(() => principalOf(event())).toThrow(/認証が必要です/);
    expect(() => principalOf(event({ sub: 'a#b' }))).toThrow();
  });
});
