// The security-relevant properties of every resource of both stacks, read from the synthesized templates.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYMENTS_SCOPE } from '../../functions/api/authz.js';
import { routeKeyOf } from '../../functions/api/route.js';
import { ROUTES } from '../../functions/api/routes.js';
import { API_THROTTLE } from '../../infra/constructs/approval-api.js';
import { ENTRY_METADATA } from '../../infra/constructs/cycle-function.js';
import { STATE_MACHINE_NAME } from '../../infra/stacks/stateless-stack.js';
import { type CfnTemplate, type Json, ofType, only, synthesized } from './synth.js';

/** True when `value` is, or holds, a Ref / GetAtt of `logicalId` — directly or through a stack export. */
function refersTo(value: Json | undefined, logicalId: string, exporter?: CfnTemplate): boolean {
  const text = JSON.stringify(value ?? null);
  if (text.includes(`{"Ref":"${logicalId}"}`) || text.includes(`"Fn::GetAtt":["${logicalId}"`)) return true;
  if (!exporter) return false;
  return Object.values(exporter.Outputs ?? {}).some(
    (o) =>
      o.Export &&
      text.includes(`{"Fn::ImportValue":${JSON.stringify(o.Export.Name)}}`) &&
      refersTo(o.Value, logicalId),
  );
}

// Synthesis takes seconds (more on a busy machine): once, outside the per-test timeout.
beforeAll(() => void synthesized(), 120_000);

/** A bucket, queue or topic policy statement denying every request not made over TLS. */
const denyWithoutTls = Match.objectLike({
  Effect: 'Deny',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('stateful stack', () => {
  it('rotates its customer-managed key yearly and keeps it', () => {
    // Prepare / Act
    const { stateful } = synthesized();
    // Assess
    stateful.resourceCountIs('AWS::KMS::Key', 1);
    stateful.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps the table with PITR and deletion protection, encrypted with the key', () => {
    const { json } = synthesized();
    const [keyId] = only(json.stateful, 'AWS::KMS::Key');
    const [, table] = only(json.stateful, 'AWS::DynamoDB::GlobalTable');
    const props = table.Properties as { SSESpecification: Json; Replicas: Record<string, Json>[] };
    expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(props.Replicas.length).toBeGreaterThan(0);
    for (const replica of props.Replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(refersTo((replica.SSESpecification as Record<string, Json>).KMSMasterKeyId, keyId)).toBe(true);
    }
  });

  it('versions the inbox, blocks public access, encrypts with the key, logs access and tells EventBridge', () => {
    const { json } = synthesized();
    const [keyId] = only(json.stateful, 'AWS::KMS::Key');
    const buckets = ofType(json.stateful, 'AWS::S3::Bucket');
    const [inboxId, inbox] = buckets.find(([, b]) => JSON.stringify(b.Properties).includes('EventBridge'))!;
    const [logsId] = buckets.find(([id]) => id !== inboxId)!;
    const p = inbox.Properties as Record<string, Record<string, Json>>;
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = (
      p.BucketEncryption!.ServerSideEncryptionConfiguration as Record<string, Record<string, Json>>[]
    )[0]!;
    expect(sse.ServerSideEncryptionByDefault!.SSEAlgorithm).toBe('aws:kms');
    expect(refersTo(sse.ServerSideEncryptionByDefault!.KMSMasterKeyID, keyId)).toBe(true);
    expect(refersTo(p.LoggingConfiguration!.DestinationBucketName, logsId)).toBe(true);
    expect(p.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });

  it('refuses plain HTTP on both buckets and blocks public access on the log bucket too', () => {
    const { json, stateful } = synthesized();
    const buckets = ofType(json.stateful, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: { Statement: Match.arrayWith([denyWithoutTls]) },
      });
    }
  });

  it('retains the data: key, table and buckets survive a stack deletion', () => {
    const { json } = synthesized();
    for (const type of ['AWS::KMS::Key', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket'])
      for (const [id, r] of ofType(json.stateful, type))
        expect((r as { DeletionPolicy?: string }).DeletionPolicy, id).toBe('Retain');
  });
});

describe('stateless stack', () => {
  it('encrypts the dead-letter queue and the operator topic with the key, TLS only', () => {
    const { json, stateless } = synthesized();
    const [keyId] = only(json.stateful, 'AWS::KMS::Key');
    const [queueId, queue] = only(json.stateless, 'AWS::SQS::Queue');
    const [topicId, topic] = only(json.stateless, 'AWS::SNS::Topic');
    expect(refersTo(queue.Properties?.KmsMasterKeyId, keyId, json.stateful)).toBe(true);
    expect(refersTo(topic.Properties?.KmsMasterKeyId, keyId, json.stateful)).toBe(true);
    stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([denyWithoutTls]) },
    });
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([denyWithoutTls]) },
    });
  });

  it('lets EventBridge and CloudWatch alarms use the key (they write to the queue and topic themselves)', () => {
    const { json } = synthesized();
    const [, key] = only(json.stateful, 'AWS::KMS::Key');
    const statements =
      (key.Properties?.KeyPolicy as { Statement?: Record<string, Json>[] } | undefined)?.Statement ?? [];
    const forServices = statements.filter((st) => (st.Principal as { Service?: Json }).Service);
    // One statement per service, each bound to this account's rules / alarms (permissions.test.ts).
    expect(forServices.map((st) => (st.Principal as { Service: Json }).Service).sort()).toEqual([
      'cloudwatch.amazonaws.com',
      'events.amazonaws.com',
    ]);
    for (const st of forServices) {
      expect([st.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(st.Condition).toMatchObject({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      });
    }
  });

  it('names the state machine, logs ALL events without execution data, and traces', () => {
    const { json } = synthesized();
    const [, machine] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
    const p = machine.Properties as Record<string, Record<string, Json> & Json>;
    expect(p.StateMachineName).toBe(STATE_MACHINE_NAME);
    expect(p.StateMachineType).toBe('STANDARD');
    expect(p.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(p.TracingConfiguration).toEqual({ Enabled: true });
    const destinations = p.LoggingConfiguration!.Destinations as Json[];
    const [logGroupId, logGroup] = ofType(json.stateless, 'AWS::Logs::LogGroup').find(([id]) =>
      refersTo(destinations, id),
    )!;
    expect(logGroupId).toBeTruthy();
    expect(logGroup.Properties?.RetentionInDays).toBeGreaterThan(0);
    // Inline, so the local runtime (infra/local/template.ts) reads the very definition.
    expect(p.DefinitionString).toBeDefined();
  });

  it('runs every function on arm64 and nodejs24.x, traced, logging to a group with retention', () => {
    const { json } = synthesized();
    const functions = ofType(json.stateless, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(13);
    for (const [id, f] of functions) {
      const p = f.Properties as Record<string, Json>;
      expect(f.Metadata?.[ENTRY_METADATA], id).toMatch(/^functions\/[a-z-]+\/handler\.ts$/);
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.Runtime, id).toBe('nodejs24.x');
      expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
      const logGroupRef = (p.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      const logGroup = logGroupRef ? json.stateless.Resources[logGroupRef] : undefined;
      expect(logGroup?.Type, id).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.Properties?.RetentionInDays, id).toBe(365);
    }
  });

  it('sends failed asynchronous invocations of the event-driven functions to the dead-letter queue', () => {
    const { json } = synthesized();
    const [queueId] = only(json.stateless, 'AWS::SQS::Queue');
    const withDlq = ofType(json.stateless, 'AWS::Lambda::Function')
      .filter(([, f]) => refersTo(f.Properties?.DeadLetterConfig, queueId))
      .map(([, f]) => f.Metadata?.[ENTRY_METADATA]);
    expect(withDlq.sort()).toEqual([
      'functions/import-registry/handler.ts',
      'functions/monthly-sweep/handler.ts',
      'functions/start-cycle/handler.ts',
    ]);
  });

  it('sweeps daily at 09:00 Asia/Tokyo, with retries and a dead-letter queue', () => {
    const { json } = synthesized();
    const [queueId] = only(json.stateless, 'AWS::SQS::Queue');
    const [, schedule] = ofType(json.stateless, 'AWS::Scheduler::Schedule').find(([, x]) =>
      String(x.Properties?.ScheduleExpression).startsWith('cron('),
    )!;
    const p = schedule.Properties as Record<string, Json> & { Target: Record<string, Json> };
    expect(p.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(p.ScheduleExpressionTimezone).toBe('Asia/Tokyo');
    expect(p.State ?? 'ENABLED').toBe('ENABLED');
    expect(refersTo(p.Target.DeadLetterConfig, queueId)).toBe(true);
    expect(p.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
    const sweep = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/monthly-sweep/handler.ts',
    )!;
    expect(refersTo(p.Target.Arn, sweep[0])).toBe(true);
  });

  it('starts a cycle on S3 "Object Created" under ccus/ of the inbox only', () => {
    const { json } = synthesized();
    const inboxId = ofType(json.stateful, 'AWS::S3::Bucket').find(([, b]) =>
      JSON.stringify(b.Properties).includes('EventBridge'),
    )![0];
    const [, rule] = ofType(json.stateless, 'AWS::Events::Rule').find(([id]) =>
      id.startsWith('CcusFileLanded'),
    )!;
    const pattern = rule.Properties?.EventPattern as {
      source: Json;
      'detail-type': Json;
      detail: { bucket: { name: Json[] }; object: { key: Json } };
    };
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.object.key).toEqual([{ prefix: 'ccus/' }]);
    expect(pattern.detail.bucket.name).toHaveLength(1);
    expect(refersTo(pattern.detail.bucket.name, inboxId, json.stateful)).toBe(true);
    const start = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/start-cycle/handler.ts',
    )!;
    const targets = rule.Properties?.Targets as Record<string, Json>[];
    expect(targets).toHaveLength(1);
    expect(refersTo(targets[0]!.Arn, start[0])).toBe(true);
    expect(targets[0]!.DeadLetterConfig).toBeDefined();
  });

  it('imports a registry file on S3 "Object Created" under registry/ of the inbox only', () => {
    const { json } = synthesized();
    const [, rule] = ofType(json.stateless, 'AWS::Events::Rule').find(([id]) =>
      id.startsWith('RegistryFileLanded'),
    )!;
    const pattern = rule.Properties?.EventPattern as { detail: { object: { key: Json } } };
    expect(pattern.detail.object.key).toEqual([{ prefix: 'registry/' }]);
    const fn = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/import-registry/handler.ts',
    )!;
    const targets = rule.Properties?.Targets as Record<string, Json>[];
    expect(targets).toHaveLength(1);
    expect(refersTo(targets[0]!.Arn, fn[0])).toBe(true);
    expect(targets[0]!.DeadLetterConfig).toBeDefined();
  });

  it('alarms the operators on failed, timed-out and aborted executions and on dead letters', () => {
    const { json } = synthesized();
    const [topicId] = only(json.stateless, 'AWS::SNS::Topic');
    const alarms = ofType(json.stateless, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(
      [
        'ApproximateNumberOfMessagesVisible',
        'ExecutionsAborted',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'ParkedNotices',
        'Errors',
      ].sort(),
    );
    for (const a of alarms) expect(refersTo(a.AlarmActions, topicId)).toBe(true);
  });

  it('delivers notices every minute and mails the operators alarm topic (context operatorsEmail)', () => {
    const { json } = synthesized();
    const [topicId] = only(json.stateless, 'AWS::SNS::Topic');
    const [, sub] = only(json.stateless, 'AWS::SNS::Subscription');
    expect(sub.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'operators@example.com' });
    expect(refersTo(sub.Properties?.TopicArn, topicId)).toBe(true);
    const dispatch = ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/dispatch-notices/handler.ts',
    )!;
    const [, schedule] = ofType(json.stateless, 'AWS::Scheduler::Schedule').find(([, x]) =>
      refersTo((x.Properties!.Target as Record<string, Json>).Arn, dispatch[0]),
    )!;
    expect(schedule.Properties?.ScheduleExpression).toBe('rate(1 minute)');
    const env = (dispatch[1].Properties!.Environment as { Variables: Record<string, Json> }).Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['SENDER_EMAIL', 'SES_CONFIGURATION_SET', 'APPROVAL_URL', 'OPERATORS_EMAIL']),
    );
  });
});

describe('approval API', () => {
  const functionId = (json: { stateless: CfnTemplate }, entry: string) =>
    ofType(json.stateless, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === entry,
    )![0];

  it("has one API Gateway route per entry of functions/api/routes.ts and $default, each to its route's function (fn), all JWT", () => {
    const { json } = synthesized();
    const [apiId, api] = only(json.stateless, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties?.ProtocolType).toBe('HTTP');
    // One integration per function: the API's (every route and $default) and the Excel one's.
    const integrations = ofType(json.stateless, 'AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(2);
    const integrationOf = (entry: string) => {
      const found = integrations.filter(([, i]) =>
        refersTo(i.Properties?.IntegrationUri, functionId(json, entry)),
      );
      expect(found, entry).toHaveLength(1);
      const [id, integration] = found[0]!;
      expect(integration.Properties?.IntegrationType).toBe('AWS_PROXY');
      expect(integration.Properties?.PayloadFormatVersion).toBe('2.0');
      return id;
    };
    const byFn = {
      api: integrationOf('functions/api/handler.ts'),
      excel: integrationOf('functions/api-excel/handler.ts'),
    };
    const fnOf = new Map(ROUTES.map((r) => [routeKeyOf(r), r.fn]));
    const [authorizerId] = only(json.stateless, 'AWS::ApiGatewayV2::Authorizer');
    const routes = ofType(json.stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
    // $default: unknown routes and methods reach the API function, which answers problem+json 404 / 405.
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([...ROUTES.map(routeKeyOf), '$default'].sort());
    expect([...fnOf.values()]).toContain('excel');
    for (const r of routes) {
      expect(r.AuthorizationType, String(r.RouteKey)).toBe('JWT');
      // Only the payments route asks for a scope (the notifier's): a person's ID token has none.
      expect(r.AuthorizationScopes, String(r.RouteKey)).toEqual(
        r.RouteKey === 'POST /v1/payments' ? [PAYMENTS_SCOPE] : undefined,
      );
      expect(refersTo(r.AuthorizerId, authorizerId), String(r.RouteKey)).toBe(true);
      const fn = fnOf.get(String(r.RouteKey)) ?? 'api';
      expect(refersTo(r.Target, byFn[fn]), String(r.RouteKey)).toBe(true);
      expect(refersTo(r.ApiId, apiId)).toBe(true);
    }
  });

  it('verifies Cognito JWTs of the two app clients', () => {
    const { json } = synthesized();
    const [, authorizer] = only(json.stateless, 'AWS::ApiGatewayV2::Authorizer');
    // The pool lives in the stateful stack (it outlives redeployments): the issuer names it by export.
    const [poolId] = only(json.stateful, 'AWS::Cognito::UserPool');
    const p = authorizer.Properties as Record<string, Json> & { JwtConfiguration: Record<string, Json> };
    expect(p.AuthorizerType).toBe('JWT');
    expect(p.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(refersTo(p.JwtConfiguration.Issuer, poolId, json.stateful)).toBe(true);
    const clients = ofType(json.stateless, 'AWS::Cognito::UserPoolClient').map(([id]) => id);
    expect(clients).toHaveLength(2);
    for (const c of clients) expect(refersTo(p.JwtConfiguration.Audience, c)).toBe(true);
  });

  it('logs access by route template (never the path) and throttles the stage', () => {
    const { json } = synthesized();
    const [, stage] = only(json.stateless, 'AWS::ApiGatewayV2::Stage');
    const p = stage.Properties as Record<string, Record<string, Json>>;
    expect(p.StageName).toBe('$default');
    expect(p.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.burstLimit,
    });
    const [logGroupId, logGroup] = ofType(json.stateless, 'AWS::Logs::LogGroup').find(([id]) =>
      refersTo(p.AccessLogSettings!.DestinationArn, id),
    )!;
    expect(logGroupId).toBeTruthy();
    expect(logGroup.Properties?.RetentionInDays).toBe(365);
    const format = JSON.parse(String(p.AccessLogSettings!.Format)) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
    expect(format.requestId).toBe('$context.requestId');
  });

  it('keeps the user pool closed: admin-created users, MFA, strong passwords, retained', () => {
    const { json } = synthesized();
    expect(ofType(json.stateless, 'AWS::Cognito::UserPool')).toEqual([]);
    const [, pool] = only(json.stateful, 'AWS::Cognito::UserPool');
    const p = pool.Properties as Record<string, Json> & Record<string, Record<string, Json>>;
    expect(p.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(p.MfaConfiguration).toBe('ON');
    expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(p.Policies!.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(p.DeletionProtection).toBe('ACTIVE');
    expect((pool as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    const attrs = (p.Schema as unknown as { Name: string }[]).map((a) => a.Name).sort();
    expect(attrs).toEqual(['contractorNo', 'role']);
  });

  it('never lets an app client write custom:contractorNo or custom:role (only administrators set them)', () => {
    const { json } = synthesized();
    for (const [id, client] of ofType(json.stateless, 'AWS::Cognito::UserPoolClient')) {
      const p = client.Properties as Record<string, Json>;
      expect(p.WriteAttributes, id).toEqual(['email']);
      expect(p.ReadAttributes, id).toEqual(expect.arrayContaining(['custom:contractorNo', 'custom:role']));
      expect(p.PreventUserExistenceErrors, id).toBe('ENABLED');
    }
  });

  it('signs people in with code + PKCE (public client) and the notifier with client credentials and the payments scope', () => {
    const { json } = synthesized();
    const clients = Object.fromEntries(
      ofType(json.stateless, 'AWS::Cognito::UserPoolClient').map(([id, c]) => [
        id.startsWith('ApprovalApiWebClient')
          ? 'web'
          : id.startsWith('ApprovalApiPaymentNotifierClient')
            ? 'machine'
            : id,
        c.Properties as Record<string, Json>,
      ]),
    );
    expect(Object.keys(clients).sort()).toEqual(['machine', 'web']);
    const { web, machine } = clients as Record<'web' | 'machine', Record<string, Json>>;
    expect(web.AllowedOAuthFlows).toEqual(['code']);
    expect(web.GenerateSecret ?? false).toBe(false);
    expect(web.AllowedOAuthScopes).toEqual(['openid', 'email']);
    expect(machine.AllowedOAuthFlows).toEqual(['client_credentials']);
    expect(machine.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(machine.GenerateSecret).toBe(true);
    // No person signs in through the machine's client: refresh only (which Cognito always allows).
    expect(machine.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const [serverId, server] = only(json.stateful, 'AWS::Cognito::UserPoolResourceServer');
    const [identifier, scopeName] = PAYMENTS_SCOPE.split('/');
    expect(server.Properties?.Identifier).toBe(identifier);
    expect(server.Properties?.Scopes).toEqual([expect.objectContaining({ ScopeName: scopeName })]);
    // The scope is named through the resource server (an export of the stateful stack).
    expect(JSON.stringify(machine.AllowedOAuthScopes)).toContain(`/${scopeName}`);
    expect(refersTo(machine.AllowedOAuthScopes, serverId, json.stateful)).toBe(true);
  });

  it('lets API Gateway invoke the two API functions only, each for its own routes', () => {
    const { json } = synthesized();
    const perms = ofType(json.stateless, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    expect(perms).toHaveLength(ROUTES.length + 1);
    const api = functionId(json, 'functions/api/handler.ts');
    const excel = functionId(json, 'functions/api-excel/handler.ts');
    const invoked = perms.map(([, p]) =>
      refersTo(p.Properties?.FunctionName, api)
        ? 'api'
        : refersTo(p.Properties?.FunctionName, excel)
          ? 'excel'
          : '?',
    );
    const excelRoutes = ROUTES.filter((r) => r.fn === 'excel').length;
    expect(invoked.filter((f) => f === 'excel')).toHaveLength(excelRoutes);
    expect(invoked.filter((f) => f === 'api')).toHaveLength(ROUTES.length + 1 - excelRoutes);
  });
});
