// docs/openapi.json from the route table (functions/api/routes.ts) and its zod schemas: `npm run docs:api`.
// OpenAPI 3.1 (JSON Schema 2020-12, what z.toJSONSchema emits). A unit test fails when the file is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import { gatewayScopesOf } from '../../functions/api/authz.js';
import { PROBLEM_CONTENT_TYPE, PROBLEMS } from '../../functions/api/http.js';
import type { AnyRoute } from '../../functions/api/route.js';
import { ROUTES } from '../../functions/api/routes.js';
import { gatewayRefusal, problemSchema } from '../../functions/api/schemas.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const OPENAPI_FILE = resolve(ROOT, 'docs/openapi.json');

type Json = Record<string, unknown>;

const jsonSchema = (s: z.ZodMiniType, io: 'input' | 'output'): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

const TITLE_BY_STATUS = new Map<number, string[]>();
for (const p of Object.values(PROBLEMS))
  TITLE_BY_STATUS.set(p.status, [...(TITLE_BY_STATUS.get(p.status) ?? []), p.title]);

function problem(status: number): Json {
  return {
    description: (TITLE_BY_STATUS.get(status) ?? []).join(' / '),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function parameters(route: AnyRoute): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodMiniType | undefined) => {
    if (!schema) return;
    const s = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const { description, ...rest } = prop as Json & { description?: string };
      out.push({
        name,
        in: where,
        required: where === 'path' || (s.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  if (route.method !== 'GET') out.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return out;
}

function operation(route: AnyRoute): Json {
  const write = route.method !== 'GET';
  const statuses = new Set([
    400,
    401,
    403,
    404,
    500,
    503,
    ...(route.problems ?? []),
    ...(write ? [409, 422] : []),
  ]);
  const success = route.success;
  const op = {
    operationId: route.operationId,
    summary: route.summary,
    'x-authorization-action': route.action,
    security: [{ cognitoJwt: [] }],
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(success.status)]: {
        description: success.description,
        content: {
          [success.contentType ?? 'application/json']: {
            schema: success.schema
              ? jsonSchema(success.schema, 'output')
              : { type: 'string', format: 'binary' },
          },
          // The same report as a file (the `format` query): bytes to save or show, not JSON.
          ...Object.fromEntries(
            (success.files ?? []).map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
          ),
        },
        ...(write
          ? {
              headers: {
                'Idempotent-Replayed': {
                  description: '同じ Idempotency-Key の再送に、最初の応答を返したとき true',
                  schema: { type: 'string', enum: ['true'] },
                },
              },
            }
          : {}),
      },
      ...Object.fromEntries([...statuses].sort().map((st) => [String(st), problem(st)])),
    } as Record<string, Json>,
  };
  // Another success status with the same body (a PUT that creates answers 201).
  if (success.also)
    op.responses[String(success.also.status)] = {
      ...op.responses[String(success.status)],
      description: success.also.description,
    };
  // A route API Gateway guards with scopes: its own 403 comes before the function's problems.
  if (gatewayScopesOf(route.action).length > 0) {
    const forbidden = op.responses['403'] as { description: string; content: Json };
    op.responses['403'] = {
      description: `${forbidden.description} / API Gateway: トークンにスコープ ${gatewayScopesOf(route.action).join(' ')} がありません`,
      content: { ...forbidden.content, 'application/json': { schema: jsonSchema(gatewayRefusal, 'output') } },
    };
  }
  return op;
}

export function buildOpenApi(): Json {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    paths[r.path] = { ...paths[r.path], [r.method.toLowerCase()]: operation(r) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '建退共 × CCUS 承認 API',
      version: pkg.version,
      description:
        '就業履歴の修正、一次の報告、掛金充当の申請・承認、退職金ポイント。Generated from functions/api/routes.ts ' +
        'by `npm run docs:api`; do not edit by hand. Every write takes an Idempotency-Key (24 h). Errors are ' +
        'RFC 9457 application/problem+json with a Japanese title.',
    },
    security: [{ cognitoJwt: [] }],
    paths,
    components: {
      securitySchemes: {
        cognitoJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Cognito user pool token (API Gateway HttpJwtAuthorizer). People send their ID token (web client, ' +
            'authorization code + PKCE): claims sub, custom:contractorNo, custom:role (事業者責任者 | 管理者 | ' +
            '現場管理者 | 担当者). The payments notifier sends the access token of its client-credentials grant, ' +
            'scope kentaikyo/payments: accepted on POST /v1/payments only, which refuses every other token.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            '同じキー・同じ内容の再送は最初の応答を返し、何も変えません（24 時間）。同じキーで別の内容は 422。',
          schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
        },
      },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}

export const render = () => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(OPENAPI_FILE, render());
  // In the repository's JSON style, so `biome check .` passes on a fresh file (the test compares content).
  execFileSync(resolve(ROOT, 'node_modules/.bin/biome'), ['format', '--write', OPENAPI_FILE], {
    stdio: 'ignore',
  });
  console.error(`wrote ${OPENAPI_FILE}`);
}
