// The route table: exactly the approval API's paths, each declared once with schemas matching its path.
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../functions/api/authz.js';
import { pathParamsOf, routeKeyOf } from '../../../functions/api/route.js';
import { ROUTES } from '../../../functions/api/routes.js';

const M = '/v1/sites/{siteId}/months/{workMonth}';

describe('functions/api/routes.ts', () => {
  it('declares exactly these routes (the local runtime and its client rely on them)', () => {
    expect(ROUTES.map(routeKeyOf).sort()).toEqual(
      [
        'GET /v1/sites',
        'PUT /v1/sites/{siteId}',
        'DELETE /v1/sites/{siteId}',
        `GET ${M}`,
        `GET ${M}/history`,
        `POST ${M}/upload`,
        `GET ${M}/audit`,
        `GET ${M}/audit.csv`,
        `GET ${M}/lines`,
        `POST ${M}/lines/adjust`,
        `POST ${M}/corrections/company`,
        `POST ${M}/corrections/first-tier`,
        `POST ${M}/corrections/worker`,
        `POST ${M}/corrections/force-import`,
        `POST ${M}/corrections/double-employer`,
        `POST ${M}/corrections/exclude`,
        `POST ${M}/revalidate`,
        `POST ${M}/report`,
        `POST ${M}/apply`,
        `POST ${M}/approve`,
        `POST ${M}/reject`,
        'POST /v1/payments',
        'GET /v1/contractors/{contractorNo}/balances',
        'GET /v1/contractors/{contractorNo}/ledger',
        'GET /v1/contractors/{contractorNo}/audit',
        'GET /v1/contractors/{contractorNo}/audit.csv',
        'GET /v1/members/{memberNo}/statement',
        `GET ${M}/unregistered-workers.xlsx`,
        `POST ${M}/unregistered-workers`,
        'GET /v1/me/tasks',
        'GET /v1/me/notices',
        'PUT /v1/sites/{siteId}/contract',
        'GET /v1/sites/{siteId}/contract',
        'GET /v1/sites/{siteId}/report',
        'PUT /v1/contractors/{contractorNo}/settings',
        'POST /v1/stamps',
        'GET /v1/contractors/{contractorNo}/reports/ledger-book',
        'GET /v1/contractors/{contractorNo}/reports/subcontractors',
        'GET /v1/contractors/{contractorNo}/purchases/{paymentId}/receipt',
      ].sort(),
    );
  });

  it.each(ROUTES.map((r) => [routeKeyOf(r), r] as const))('%s: path schema, action, body', (_k, r) => {
    const names = pathParamsOf(r.path);
    const shape = (r.params as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
    expect(Object.keys(shape).sort()).toEqual([...names].sort());
    expect(ACTIONS).toContain(r.action);
    if (r.method === 'GET' || r.method === 'DELETE') expect(r.body).toBeUndefined();
  });
});
