// Synthesizes the CDK app in-process and resolves what the local runtime needs from the templates:
// the state machine definition, the table and bucket definitions, each function's handler and
// environment, and the HTTP API's routes. Physical names and ARNs are made up deterministically from
// logical ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildStacks, STACK_NAMES } from '../app.js';
import { ENTRY_METADATA } from '../constructs/cycle-function.js';
import { projectContext } from '../context.js';

export const LOCAL_REGION = 'ap-northeast-1';
export const LOCAL_ACCOUNT = '000000000000';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
}

export interface LocalFunction {
  logicalId: string;
  arn: string;
  /** Handler source, relative to the project root (functions/<name>/handler.ts). */
  entry: string;
  environment: Record<string, string>;
  /** The deployed function's timeout (the template's Timeout; Lambda's default is 3 s). */
  timeoutSeconds: number;
}

/** One AWS::ApiGatewayV2::Route and the function its integration invokes. */
export interface LocalRoute {
  /** `POST /v1/sites/{siteId}/months/{workMonth}/apply`, `ANY /{proxy+}` or `$default`. */
  routeKey: string;
  /** Handler source of the integrated function, relative to the project root. */
  entry: string;
  functionLogicalId: string;
  /** `JWT` behind the authorizer, `NONE` open (as the template says). */
  authorizationType: string;
  /** The scopes the route's token must carry (AuthorizationScopes), when any. */
  authorizationScopes?: string[];
}

export interface LocalStack {
  definition: Record<string, unknown>;
  stateMachineArn: string;
  table: { name: string; properties: Record<string, Json> };
  inbox: { name: string; versioned: boolean };
  functions: LocalFunction[];
  /** The HTTP API's routes (empty when the template has no API). */
  routes: LocalRoute[];
}

/** Synthesize both stacks without bundling and without cdk-nag (the tests run nag separately). */
export function synthesizeTemplates(): Record<string, CfnTemplate> {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-local-'));
  // Account-agnostic templates: ARNs resolve to the local account whatever the shell has.
  delete process.env.CDK_DEFAULT_ACCOUNT;
  try {
    const app = new App({ outdir, context: projectContext() });
    buildStacks(app, { nag: false });
    const assembly = app.synth();
    return Object.fromEntries(
      Object.values(STACK_NAMES).map((name) => [name, assembly.getStackByName(name).template as CfnTemplate]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function loadLocalStack(templates = synthesizeTemplates()): LocalStack {
  const all = Object.values(templates);
  const exports = new Map<string, Json>();
  for (const t of all)
    for (const o of Object.values(t.Outputs ?? {})) if (o.Export) exports.set(String(o.Export.Name), o.Value);
  const resourceOf = (id: string) => all.find((t) => t.Resources[id])?.Resources[id];

  const physicalName = (id: string): string => {
    const r = resourceOf(id);
    if (!r) throw new Error(`local stack: no resource ${id}`);
    switch (r.Type) {
      case 'AWS::S3::Bucket':
        return id
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 63);
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
      case 'AWS::StepFunctions::StateMachine':
        // The fixed name, as functions that build the ARN without a reference see it.
        return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${String(r.Properties?.StateMachineName ?? id)}`;
      default:
        return id;
    }
  };
  const attribute = (id: string, attr: string): string => {
    const r = resourceOf(id);
    if (attr === 'Arn' && r?.Type === 'AWS::DynamoDB::GlobalTable')
      return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${id}`;
    if (attr === 'Arn' && r?.Type === 'AWS::DynamoDB::Table')
      return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${id}`;
    if (attr === 'Arn' && r?.Type === 'AWS::S3::Bucket') return `arn:aws:s3:::${physicalName(id)}`;
    if (attr === 'Arn') return physicalName(id);
    return `${physicalName(id)}.${attr}`;
  };

  const resolve = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0]!;
      const arg = v[k]!;
      if (k === 'Ref') {
        const name = String(arg);
        if (name === 'AWS::Region') return LOCAL_REGION;
        if (name === 'AWS::AccountId') return LOCAL_ACCOUNT;
        if (name === 'AWS::Partition') return 'aws';
        if (name === 'AWS::URLSuffix') return 'amazonaws.com';
        return physicalName(name);
      }
      if (k === 'Fn::GetAtt') {
        const [id, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return attribute(id!, attr!);
      }
      if (k === 'Fn::Join') {
        const [sep, parts] = arg as [string, Json[]];
        return (resolve(parts) as Json[]).map(String).join(sep);
      }
      if (k === 'Fn::ImportValue') {
        const exported = exports.get(String(resolve(arg)));
        if (exported === undefined) throw new Error(`local stack: no export ${JSON.stringify(arg)}`);
        return resolve(exported);
      }
      if (k.startsWith('Fn::')) throw new Error(`local stack: ${k} is not supported`);
    }
    return Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, resolve(vv)]));
  };

  const byType = (type: string) =>
    all.flatMap((t) => Object.entries(t.Resources).filter(([, r]) => r.Type === type));

  const machines = byType('AWS::StepFunctions::StateMachine');
  if (machines.length !== 1)
    throw new Error(`local stack: expected one state machine, found ${machines.length}`);
  const [smId, sm] = machines[0]!;
  let definitionText = String(resolve(sm.Properties!.DefinitionString!));
  const substitutions = resolve(sm.Properties!.DefinitionSubstitutions ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(substitutions))
    definitionText = definitionText.split(`\${${name}}`).join(value);

  const tables = [...byType('AWS::DynamoDB::GlobalTable'), ...byType('AWS::DynamoDB::Table')];
  if (tables.length !== 1) throw new Error(`local stack: expected one table, found ${tables.length}`);
  const [tableId, table] = tables[0]!;

  const buckets = byType('AWS::S3::Bucket').filter(([, b]) =>
    JSON.stringify(b.Properties ?? {}).includes('EventBridge'),
  );
  if (buckets.length !== 1)
    throw new Error(`local stack: expected one inbox bucket, found ${buckets.length}`);
  const [bucketId, bucket] = buckets[0]!;
  const versioning = bucket.Properties?.VersioningConfiguration as { Status?: string } | undefined;

  const functions = byType('AWS::Lambda::Function')
    .filter(([, f]) => f.Metadata?.[ENTRY_METADATA])
    .map(([id, f]) => {
      const vars = resolve((f.Properties?.Environment as { Variables?: Json } | undefined)?.Variables ?? {});
      return {
        logicalId: id,
        arn: physicalName(id),
        entry: String(f.Metadata![ENTRY_METADATA]),
        environment: Object.fromEntries(
          Object.entries(vars as Record<string, Json>).map(([k, x]) => [k, String(x)]),
        ),
        timeoutSeconds: Number(f.Properties?.Timeout ?? 3),
      };
    });

  // Route → integration → function: Target is `integrations/<IntegrationId>`, IntegrationUri the
  // function's ARN (or an invocation URI containing it).
  const routes = byType('AWS::ApiGatewayV2::Route').map(([id, r]): LocalRoute => {
    const props = r.Properties ?? {};
    const routeKey = String(props.RouteKey);
    const integrationId = String(resolve(props.Target ?? '')).replace(/^integrations\//, '');
    const integration = resourceOf(integrationId);
    if (integration?.Type !== 'AWS::ApiGatewayV2::Integration')
      throw new Error(`local stack: route ${id} (${routeKey}) has no Lambda integration`);
    const uri = String(resolve(integration.Properties?.IntegrationUri ?? ''));
    const fn = functions.find((f) => uri === f.arn || uri.includes(`${f.arn}/`));
    if (!fn)
      throw new Error(
        `local stack: route ${routeKey} integrates ${uri}, not a function with ${ENTRY_METADATA} metadata`,
      );
    return {
      routeKey,
      entry: fn.entry,
      functionLogicalId: fn.logicalId,
      authorizationType: String(props.AuthorizationType ?? 'NONE'),
      ...(Array.isArray(props.AuthorizationScopes)
        ? { authorizationScopes: props.AuthorizationScopes.map(String) }
        : {}),
    };
  });

  return {
    definition: JSON.parse(definitionText),
    stateMachineArn: physicalName(smId),
    table: {
      name: physicalName(tableId),
      properties: resolve(table.Properties ?? {}) as Record<string, Json>,
    },
    inbox: { name: physicalName(bucketId), versioned: versioning?.Status === 'Enabled' },
    functions,
    routes,
  };
}
