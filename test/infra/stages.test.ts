// Two stages in one account and region: `cdk synth -c stage=dev` and `-c stage=prod` each pass cdk-nag,
// name every physical resource apart, and give the outputs an operator needs (docs/deploy.md).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENTS_SCOPE } from '../../functions/api/authz.js';
import { buildStacks, stackNames } from '../../infra/app.js';
import { DEFAULT_REGION, regionOf, stageOf } from '../../infra/stage.js';
import { type CfnTemplate, projectContext } from './synth.js';

const CCUS_WRITER = 'arn:aws:iam::123456789012:role/ccus-writer';

interface StageSynth {
  names: ReturnType<typeof stackNames>;
  stateful: Template;
  stateless: Template;
  web: Template;
  region: string;
  /** AwsSolutions findings cdk-nag reported unacknowledged (and the error synth threw, if any). */
  findings: string[];
  error: unknown;
}

const dirs: string[] = [];

function synthStage(stage: string, extra: Record<string, string> = {}): StageSynth {
  const outdir = mkdtempSync(join(tmpdir(), `cdk-stage-${stage}-`));
  dirs.push(outdir);
  const app = new App({ outdir, context: { ...projectContext(), stage, ...extra } });
  const stacks = buildStacks(app, { nag: true });
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as {
        pluginReports: {
          pluginName: string;
          violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
        }[];
      })
    : { pluginReports: [] };
  const findings = report.pluginReports
    .filter((p) => p.pluginName === 'AwsSolutions')
    .flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    );
  return {
    names: stackNames(stage),
    stateful: Template.fromStack(stacks.stateful),
    stateless: Template.fromStack(stacks.stateless),
    web: Template.fromStack(stacks.web),
    region: stacks.stateless.region,
    findings,
    error,
  };
}

let dev: StageSynth;
let prod: StageSynth;

// Two synths with cdk-nag take a while (more on a busy machine): once, outside the per-test timeout.
beforeAll(() => {
  dev = synthStage('dev');
  prod = synthStage('prod', { ccusWriterArn: CCUS_WRITER });
}, 600_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const json = (t: Template) => t.toJSON() as CfnTemplate;
const allOf = (s: StageSynth) => [json(s.stateful), json(s.stateless), json(s.web)];
const propsOf = (s: StageSynth, type: string, key: string): string[] =>
  allOf(s).flatMap((t) =>
    Object.values(t.Resources)
      .filter((r) => r.Type === type)
      .map((r) => JSON.stringify(r.Properties?.[key] ?? null)),
  );
const exportNames = (s: StageSynth) =>
  allOf(s).flatMap((t) =>
    Object.values(t.Outputs ?? {}).flatMap((o) => (o.Export ? [JSON.stringify(o.Export.Name)] : [])),
  );

describe('stages (-c stage=dev, -c stage=prod)', () => {
  it('both pass cdk-nag AwsSolutions', () => {
    expect(dev.findings).toEqual([]);
    expect(dev.error).toBeUndefined();
    expect(prod.findings).toEqual([]);
    expect(prod.error).toBeUndefined();
  });

  it('suffix the stacks and every physical name with the stage, so that both coexist', () => {
    expect(dev.names).toEqual({
      stateful: 'KentaikyoStateful-dev',
      stateless: 'KentaikyoCycle-dev',
      web: 'KentaikyoWeb-dev',
    });
    expect(Object.values(dev.names).filter((n) => Object.values(prod.names).includes(n))).toEqual([]);
    const named: [string, string][] = [
      ['AWS::Cognito::UserPool', 'UserPoolName'],
      ['AWS::StepFunctions::StateMachine', 'StateMachineName'],
      ['AWS::Cognito::UserPoolDomain', 'Domain'],
      ['AWS::ApiGatewayV2::Api', 'Name'],
    ];
    for (const [type, key] of named) {
      const [d] = propsOf(dev, type, key);
      const [p] = propsOf(prod, type, key);
      expect(d, type).toContain('-dev');
      expect(p, type).toContain('-prod');
      expect(d, type).not.toEqual(p);
    }
    expect(propsOf(dev, 'AWS::Cognito::UserPool', 'UserPoolName')).toEqual(['"kentaikyo-users-dev"']);
    expect(propsOf(prod, 'AWS::StepFunctions::StateMachine', 'StateMachineName')).toEqual([
      '"kentaikyo-monthly-cycle-prod"',
    ]);
    // Export names are account-wide: none shared between the stages.
    const devExports = exportNames(dev);
    expect(devExports.length).toBeGreaterThan(0);
    expect(devExports.filter((n) => exportNames(prod).includes(n))).toEqual([]);
    expect(devExports).toContain('"KentaikyoInboxArn-dev"');
    // Names left to CloudFormation (functions, log groups, alarms, table, buckets) carry the stack's name.
    for (const [type, key] of [
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::Logs::LogGroup', 'LogGroupName'],
      ['AWS::CloudWatch::Alarm', 'AlarmName'],
      ['AWS::DynamoDB::GlobalTable', 'TableName'],
    ] as const)
      expect(
        propsOf(dev, type, key).filter((v) => v !== 'null'),
        type,
      ).toEqual([]);
  });

  it('deploy to ap-northeast-1 unless the context names a region', () => {
    expect(dev.region).toBe(DEFAULT_REGION);
    const app = new App({ context: { region: 'ap-northeast-3', stage: 'x' } });
    expect(regionOf(app)).toBe('ap-northeast-3');
    expect(stageOf(app)).toBe('x');
    expect(regionOf(new App())).toBe('ap-northeast-1');
    expect(stageOf(new App())).toBe('');
    expect(() => stageOf(new App({ context: { stage: 'Prod!' } }))).toThrow(/lowercase/);
  });

  it('output the API and page URLs, the user pool and client ids, the Cognito domain, the inbox and the alarm topic', () => {
    for (const s of [dev, prod]) {
      expect(Object.keys(json(s.stateful).Outputs ?? {})).toEqual(
        expect.arrayContaining(['InboxBucket', 'UserPoolId', 'CognitoDomain', 'TableName']),
      );
      expect(Object.keys(json(s.stateless).Outputs ?? {})).toEqual(
        expect.arrayContaining(['ApiUrl', 'PageUrl', 'WebClientId', 'PaymentsClientId', 'AlarmTopic']),
      );
    }
    const domain = JSON.stringify(json(dev.stateful).Outputs!.CognitoDomain!.Value);
    expect(domain).toContain('kentaikyo-dev-');
    expect(domain).toContain('.auth.ap-northeast-1.amazoncognito.com');
  });

  it('give the payments notifier client credentials with the payments scope, and the page the code flow', () => {
    for (const s of [dev, prod]) {
      s.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['client_credentials'],
        GenerateSecret: true,
        AllowedOAuthScopes: [
          {
            'Fn::Join': [
              '',
              [
                { 'Fn::ImportValue': Match.stringLikeRegexp(`^${s.names.stateful}:`) },
                `/${PAYMENTS_SCOPE.split('/')[1]}`,
              ],
            ],
          },
        ],
      });
      s.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
      });
      s.stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
        Identifier: PAYMENTS_SCOPE.split('/')[0],
      });
      // People keep their second factor.
      s.stateful.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    }
  });

  it('grant the CCUS side (-c ccusWriterArn) puts under ccus/ of the inbox and the key to encrypt them, nothing else', () => {
    const writerStatements = (s: StageSynth, type: string) =>
      Object.values(json(s.stateful).Resources)
        .filter((r) => r.Type === type)
        .flatMap((r) => {
          const doc = (r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy) as {
            Statement: Record<string, unknown>[];
          };
          return doc.Statement.filter((st) => JSON.stringify(st.Principal ?? null).includes(CCUS_WRITER));
        });
    const bucket = writerStatements(prod, 'AWS::S3::BucketPolicy');
    expect(bucket).toHaveLength(1);
    expect(bucket[0]).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject' });
    expect(JSON.stringify(bucket[0]!.Resource)).toMatch(/\/ccus\/\*"\]\]\}$/);
    const key = writerStatements(prod, 'AWS::KMS::Key');
    expect(key).toHaveLength(1);
    expect([key[0]!.Action].flat().sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(key[0]!.Condition)).toContain('kms:ViaService');
    // Without the parameter, no outside writer at all.
    expect(writerStatements(dev, 'AWS::S3::BucketPolicy')).toEqual([]);
    expect(writerStatements(dev, 'AWS::KMS::Key')).toEqual([]);
  });
});
