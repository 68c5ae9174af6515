// docs/openapi.json is generated from the route table (npm run docs:api): fresh, complete and valid.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayScopesOf } from '../../../functions/api/authz.js';
import { pathParamsOf, routeKeyOf } from '../../../functions/api/route.js';
import { ROUTES } from '../../../functions/api/routes.js';
import { buildOpenApi, OPENAPI_FILE } from '../../../scripts/gen/openapi.js';

type Op = {
  operationId: string;
  security?: unknown[];
  parameters: ({ name: string; in: string; required: boolean } | { $ref: string })[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
};
const doc = buildOpenApi() as {
  openapi: string;
  security: unknown[];
  paths: Record<string, Record<string, Op>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string; bearerFormat: string }> };
};

describe('docs/openapi.json', () => {
  it('is up to date with functions/api/routes.ts (run `npm run docs:api`)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(doc);
  });

  it('is OpenAPI 3.1 with the JWT bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.cognitoJwt).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.security).toEqual([{ cognitoJwt: [] }]);
  });

  it('has every route once, with unique operation ids', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })),
    );
    expect(ops.map((o) => o.key).sort()).toEqual(ROUTES.map(routeKeyOf).sort());
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });

  it.each(ROUTES.map((r) => [routeKeyOf(r), r] as const))('%s: parameters, security, responses', (_k, r) => {
    const op = doc.paths[r.path]![r.method.toLowerCase()]!;
    // Every path parameter of the template is declared, required, and nothing else is in the path.
    const declared = op.parameters.filter(
      (p): p is { name: string; in: string; required: boolean } => 'in' in p,
    );
    const inPath = declared.filter((p) => p.in === 'path');
    expect(inPath.map((p) => p.name).sort()).toEqual(pathParamsOf(r.path).sort());
    for (const p of inPath) expect(p.required).toBe(true);
    // No operation is without security ("every operation has security except none").
    expect(op.security).toEqual([{ cognitoJwt: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '500']));
    for (const st of ['400', '401', '403', '404'])
      expect(Object.keys(op.responses[st]!.content!)).toEqual([
        'application/problem+json',
        // API Gateway's own refusal of a token without the route's scope, before the function.
        ...(st === '403' && gatewayScopesOf(r.action).length > 0 ? ['application/json'] : []),
      ]);
    expect(op.responses[String(r.success.status)]).toBeDefined();
    if (r.method === 'GET') {
      expect(op.requestBody).toBeUndefined();
    } else {
      expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
    expect(Boolean(op.requestBody)).toBe(r.body !== undefined);
  });
});
