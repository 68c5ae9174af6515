// cdk-nag AwsSolutions on the real app, as `npm run synth` runs it. cdk-nag 3 is a policy-validation
// plugin: at app.synth() CDK writes <outdir>/validation-report.json and, when a plugin reports a
// violation that no Validations.of(..).acknowledge covers, throws a ValidationFailed error.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { newApp, projectContext } from './synth.js';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Synthesize, and return what the AwsSolutions plugin found unacknowledged (with the error, if thrown). */
function runNag(app: App, outdir: string) {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report: ValidationReport = existsSync(reportFile)
    ? JSON.parse(readFileSync(reportFile, 'utf8'))
    : { pluginReports: [] };
  const findings = report.pluginReports
    .filter((p) => p.pluginName === 'AwsSolutions')
    .flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    );
  return { error, findings };
}

const DEPLOYMENT_FUNCTION = 'KentaikyoWeb/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB';
const DEPLOYMENT_ROLE = `${DEPLOYMENT_FUNCTION}/ServiceRole`;

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the app', () => {
    // Prepare: a fresh app, nag on, exactly as infra/bin/app.ts builds it.
    const { app, outdir, dispose } = newApp({ nag: true });
    try {
      // Act
      const { error, findings } = runNag(app, outdir);
      // Assess
      expect(findings).toEqual([]);
      expect(error).toBeUndefined();
    } finally {
      dispose();
    }
  }, 120_000);

  it('acknowledges only these findings, each on one construct and with a reason', () => {
    const { app, dispose } = newApp({ nag: false });
    try {
      const acknowledged: string[] = [];
      const walk = (c: IConstruct) => {
        for (const entry of c.node.metadata)
          if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
              expect(reason.length, id).toBeGreaterThan(30);
              acknowledged.push(`${c.node.path}: ${id.replace(/^annotation::/i, '')}`);
            }
        for (const child of c.node.children) walk(child);
      };
      walk(app);
      expect(acknowledged.sort()).toEqual(
        [
          'KentaikyoStateful/Users/Pool: AwsSolutions-COG3',
          'KentaikyoStateful/Users/Pool: AwsSolutions-COG8',
          'KentaikyoCycle/ApiRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/ccus/*]',
          'KentaikyoCycle/FunctionTracing: AwsSolutions-IAM5[Resource::*]',
          'KentaikyoCycle/ImportRegistryRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/registry/*]',
          'KentaikyoCycle/ImportWorkRecordsRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/ccus/*]',
          'KentaikyoCycle/MonthlyCycleRole: AwsSolutions-IAM5[Resource::*]',
          'KentaikyoCycle/RevalidateImportRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/ccus/*]',
          // The web page: its access-log bucket, the distribution, the CDK's bucket-deployment function.
          'KentaikyoCycle/WebPage/AccessLogs: AwsSolutions-S1',
          'KentaikyoCycle/WebPage/Distribution: AwsSolutions-CFR1',
          'KentaikyoCycle/WebPage/Distribution: AwsSolutions-CFR2',
          'KentaikyoCycle/WebPage/Distribution: AwsSolutions-CFR4',
          ...[
            'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            'IAM5[Action::s3:Abort*]',
            'IAM5[Action::s3:DeleteObject*]',
            'IAM5[Action::s3:GetBucket*]',
            'IAM5[Action::s3:GetObject*]',
            'IAM5[Action::s3:List*]',
            'IAM5[Resource::*]',
            'IAM5[Resource::KentaikyoCycle:ExportsOutputFnGetAttWebPageAssets92E76DD9Arn7EA44D1B/*]',
            'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-northeast-1/*]',
          ].map((id) => `${DEPLOYMENT_ROLE}: AwsSolutions-${id}`),
          `${DEPLOYMENT_FUNCTION}: AwsSolutions-L1`,
        ].sort(),
      );
    } finally {
      dispose();
    }
  }, 120_000);

  it('does report a finding, so the check above can fail (control)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-control-'));
    try {
      const app = new App({ outdir, context: projectContext() });
      new Bucket(new Stack(app, 'Control'), 'Plain');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      const { error, findings } = runNag(app, outdir);
      expect(findings).toContain('AwsSolutions-S10 at Control/Plain/Resource');
      expect(String(error)).toMatch(/^ValidationFailed/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
