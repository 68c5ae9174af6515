// The tests' contract check itself: a response docs/openapi.json declares passes; a wrong type, a missing
// required member, an undeclared status or content type fails with an error naming method, path, status.
import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  type Observed,
  type OpenApiDocument,
  openApiContract,
} from '../../support/openapi-contract.js';

const REPORT = '/v1/sites/9000000001/months/2026-10/report';
const json = (body: unknown) => JSON.stringify(body);
const at = (o: Partial<Observed>): Observed => ({
  method: 'POST',
  path: REPORT,
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: json({ firstTierCompanyId: '2000000001', remaining: 1, resumed: 'waiting' }),
  ...o,
});

describe('checkResponse over docs/openapi.json', () => {
  it('passes a body the operation declares, with or without a query string', () => {
    expect(() => checkResponse(at({}))).not.toThrow();
    expect(() => checkResponse(at({ path: `${REPORT}?x=1` }))).not.toThrow();
  });

  it('fails a member of the wrong type, naming method, path, status and the member', () => {
    expect(() =>
      checkResponse(
        at({ body: json({ firstTierCompanyId: '2000000001', remaining: '1', resumed: 'waiting' }) }),
      ),
    ).toThrow(/^POST \/v1\/sites\/9000000001\/months\/2026-10\/report → 200: .*\/remaining must be integer/);
  });

  it('fails a missing required member and an undeclared one', () => {
    expect(() =>
      checkResponse(at({ body: json({ firstTierCompanyId: '2000000001', remaining: 1 }) })),
    ).toThrow(
      /POST \/v1\/sites\/9000000001\/months\/2026-10\/report → 200: .*must have required property 'resumed'/,
    );
    expect(() =>
      checkResponse(
        at({ body: json({ firstTierCompanyId: '2', remaining: 1, resumed: 'resumed', extra: true }) }),
      ),
    ).toThrow(/must NOT have additional properties/);
  });

  it('fails a status the operation does not declare, and a content type it does not declare', () => {
    expect(() => checkResponse(at({ status: 201 }))).toThrow(
      /^POST \/v1\/sites\/9000000001\/months\/2026-10\/report → 201: status not declared/,
    );
    expect(() => checkResponse(at({ contentType: 'text/plain' }))).toThrow(
      /→ 200: content type text\/plain not declared/,
    );
  });

  it('checks problem responses against the Problem schema (extension members allowed, the core typed)', () => {
    const problem = { type: 'urn:kentaikyo:problem:conflict', title: '報告済みです', status: 409, code: 'x' };
    const as409 = (body: unknown) =>
      at({ status: 409, contentType: 'application/problem+json', body: json(body) });
    expect(() => checkResponse(as409(problem))).not.toThrow();
    expect(() => checkResponse(as409({ ...problem, status: '409' }))).toThrow(
      /→ 409: .*\/status must be integer/,
    );
    expect(() => checkResponse(as409({ type: problem.type, status: 409 }))).toThrow(
      /required property 'title'/,
    );
    expect(() => checkResponse(at({ status: 409, body: json(problem) }))).toThrow(
      /content type application\/json not declared/,
    );
  });

  it('checks only status and content type of a CSV body', () => {
    const csv = { method: 'GET', path: '/v1/sites/9000000001/months/2026-10/audit.csv', body: '\uFEFFa,b\n' };
    expect(() =>
      checkResponse({ ...csv, status: 200, contentType: 'text/csv; charset=utf-8' }),
    ).not.toThrow();
    expect(() => checkResponse({ ...csv, status: 200, contentType: 'application/json' })).toThrow(
      /GET \/v1\/sites\/9000000001\/months\/2026-10\/audit.csv → 200: content type application\/json/,
    );
  });

  it('lets a request no operation declares be answered only by 404 (no such path) or 405 (another method)', () => {
    const problem = (status: number) =>
      json({ type: 'urn:kentaikyo:problem:not-found', title: '見つかりません', status });
    const pt = 'application/problem+json';
    expect(() =>
      checkResponse({ method: 'GET', path: '/v1/nothing', status: 404, contentType: pt, body: problem(404) }),
    ).not.toThrow();
    expect(() =>
      checkResponse({
        method: 'GET',
        path: '/v1/nothing',
        status: 200,
        contentType: 'application/json',
        body: '{}',
      }),
    ).toThrow(/^GET \/v1\/nothing → 200: no operation/);
    expect(() =>
      checkResponse({
        method: 'GET',
        path: '/v1/payments',
        status: 405,
        contentType: pt,
        body: problem(405),
      }),
    ).not.toThrow();
    expect(() =>
      checkResponse({
        method: 'GET',
        path: '/v1/payments',
        status: 404,
        contentType: pt,
        body: problem(404),
      }),
    ).toThrow(/only 405/);
  });
});

describe('openApiContract', () => {
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    paths: {
      '/v1/things/{id}': {
        get: {
          responses: {
            '200': {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '4XX': {
              content: {
                'application/problem+json': {
                  schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
                },
              },
            },
            default: { content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/v1/things/new': { get: { responses: { '204': {} } } },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          properties: { on: { type: 'string', format: 'date' } },
          required: ['on'],
          additionalProperties: false,
        },
      },
    },
  };
  const { check } = openApiContract(doc);
  const get = (path: string, status: number, contentType: string | undefined, body: string): Observed => ({
    method: 'GET',
    path,
    status,
    contentType,
    body,
  });

  it('resolves component refs and checks formats', () => {
    expect(() =>
      check(get('/v1/things/1', 200, 'application/json', json({ on: '2026-10-01' }))),
    ).not.toThrow();
    expect(() => check(get('/v1/things/1', 200, 'application/json', json({ on: '2026-13-01' })))).toThrow(
      /GET \/v1\/things\/1 → 200: .*\/on must match format "date"/,
    );
  });

  it('prefers a literal segment to a parameter, and refuses a body where none is declared', () => {
    expect(() => check(get('/v1/things/new', 204, undefined, ''))).not.toThrow();
    expect(() => check(get('/v1/things/new', 204, 'application/json', '{}'))).toThrow(
      /GET \/v1\/things\/new → 204: a body/,
    );
  });

  it('takes a range (4XX) for a status not listed, then `default`', () => {
    expect(() =>
      check(get('/v1/things/1', 418, 'application/problem+json', json({ title: 't' }))),
    ).not.toThrow();
    expect(() => check(get('/v1/things/1', 418, 'application/problem+json', '{}'))).toThrow(
      /GET \/v1\/things\/1 → 418: .*required property 'title'/,
    );
  });

  it('takes `default` for a status not listed', () => {
    expect(() => check(get('/v1/things/1', 503, 'application/problem+json', '{}'))).not.toThrow();
    expect(() => check(get('/v1/things/1', 503, 'application/problem+json', '[]'))).toThrow(/must be object/);
  });

  it('is strict: a schema of the document with a keyword out of place is an error, not a pass', () => {
    const loose = openApiContract({
      openapi: '3.1.0',
      paths: {
        '/v1/x': {
          get: { responses: { '200': { content: { 'application/json': { schema: { required: ['a'] } } } } } },
        },
      },
    });
    expect(() => loose.check(get('/v1/x', 200, 'application/json', '{}'))).toThrow(/strict mode/);
  });

  it('reads OpenAPI 3.1 only', () => {
    expect(() => openApiContract({ ...doc, openapi: '3.0.3' })).toThrow(/3\.1 only/);
  });
});
