// The API's contract as the tests hold it: every response a test receives is checked against
// docs/openapi.json (status declared for the operation, content type declared, JSON body valid against
// the declared schema) by a strict JSON Schema 2020-12 validator over the document itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** One response as a client saw it. `body` is the raw text (empty when there is none). */
export interface Observed {
  method: string;
  /** The concrete path, with or without a query string. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

interface MediaType {
  schema?: unknown;
}
interface Response {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const COMPONENTS_ID = 'openapi:components';

/** `#/components/schemas/X` (relative to the document) → the components schema added under its own $id. */
function rebased(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebased);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? [k, `${COMPONENTS_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`]
        : [k, rebased(v)],
    ),
  );
}

const PROBLEM = 'application/problem+json';
const isJson = (type: string) => type === 'application/json' || /^application\/[^;]*\+json$/.test(type);

function short(errors: ErrorObject[] | null | undefined): string {
  const all = (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  return all.length > 5 ? `${all.slice(0, 5).join('; ')}; … ${all.length - 5} more` : all.join('; ');
}

/** A checker over one OpenAPI 3.1 document. */
export function openApiContract(doc: OpenApiDocument) {
  if (!doc.openapi.startsWith('3.1')) throw new Error(`OpenAPI ${doc.openapi}: the checker reads 3.1 only`);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own format for a body that is bytes, not JSON: nothing for a JSON validator to check.
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rebased(doc.components?.schemas ?? {}) });

  // Templates as patterns; literal segments beat parameters (…/lines/adjust is not …/lines/{x}).
  const templates = Object.keys(doc.paths)
    .map((t) => ({
      template: t,
      re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (t.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);
  const compiled = new Map<string, ValidateFunction>();

  function operationOf(method: string, path: string) {
    const found = templates.find((t) => t.re.test(path) && doc.paths[t.template]![method.toLowerCase()]);
    return found && { template: found.template, op: doc.paths[found.template]![method.toLowerCase()]! };
  }

  /** Validates a JSON body against a schema of the document, compiled once per key. */
  function validateJson(key: string, schema: unknown, o: Observed, where: string, type: string): void {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rebased(schema) as object);
      compiled.set(key, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(o.body);
    } catch {
      throw new Error(`${where}: ${type} body is not JSON: ${o.body.slice(0, 80)}`);
    }
    if (!validate(body))
      throw new Error(`${where}: body does not match the schema: ${short(validate.errors)}`);
  }

  /**
   * A request no operation declares has one answer the document's conventions allow: 404 for a path
   * no template has, 405 for a known path and another method, both as the document's Problem.
   */
  function checkNoOperation(o: Observed, path: string, where: string): void {
    const known = templates.some((t) => t.re.test(path));
    const expected = known ? 405 : 404;
    if (o.status !== expected)
      throw new Error(
        `${where}: no operation in docs/openapi.json for ${o.method} ${path}; only ${expected} (Problem) may answer it`,
      );
    const type = (o.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== PROBLEM || !doc.components?.schemas?.Problem)
      throw new Error(`${where}: content type ${type || '(none)'} where ${PROBLEM} (Problem) is the answer`);
    validateJson(`no-operation ${expected}`, { $ref: '#/components/schemas/Problem' }, o, where, type);
  }

  /** Throws an Error naming method, path and status when the response is not one the document declares. */
  function check(o: Observed): void {
    const path = o.path.split('?')[0]!;
    const where = `${o.method} ${path} → ${o.status}`;
    const found = operationOf(o.method, path);
    if (!found) {
      checkNoOperation(o, path, where);
      return;
    }
    const { template, op } = found;
    const declared =
      op.responses[String(o.status)] ?? op.responses[`${String(o.status)[0]}XX`] ?? op.responses.default;
    if (!declared)
      throw new Error(
        `${where}: status not declared for ${o.method} ${template} (declared: ${Object.keys(op.responses).join(', ')})`,
      );
    const content = declared.content ?? {};
    const type = (o.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (Object.keys(content).length === 0) {
      if (o.body !== '')
        throw new Error(`${where}: a body (${type || 'no content type'}) where none is declared`);
      return;
    }
    const media = content[type];
    if (!media)
      throw new Error(
        `${where}: content type ${type || '(none)'} not declared (declared: ${Object.keys(content).join(', ')})`,
      );
    if (!isJson(type) || media.schema === undefined) return;
    validateJson(`${o.method.toLowerCase()} ${template} ${o.status} ${type}`, media.schema, o, where, type);
  }

  return { check, operationOf };
}

export const OPENAPI_DOCUMENT = resolve(import.meta.dirname, '../../docs/openapi.json');

let contract: ReturnType<typeof openApiContract> | undefined;

/** Checks one response against docs/openapi.json (loaded and compiled once per process). */
export function checkResponse(o: Observed): void {
  contract ??= openApiContract(JSON.parse(readFileSync(OPENAPI_DOCUMENT, 'utf8')) as OpenApiDocument);
  contract.check(o);
}

/** Only the versioned API is the contract; the local stack's helpers (/local/…) and the page are not. */
export const inContract = (path: string) => path.startsWith('/v1/');

/**
 * `fetch` for tests that call the local HTTP API directly: the same call, and every /v1 response checked
 * against the contract before the test sees it.
 */
export async function contractFetch(url: string, init: RequestInit = {}): Promise<globalThis.Response> {
  const res = await fetch(url, init);
  const { pathname, search } = new URL(url);
  if (!inContract(pathname)) return res;
  checkResponse({
    method: (init.method ?? 'GET').toUpperCase(),
    path: `${pathname}${search}`,
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    body: await res.clone().text(),
  });
  return res;
}
