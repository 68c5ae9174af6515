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
      expect(acknowledged.sort()).toEqual([
        'KentaikyoCycle/ApprovalApi/Users: AwsSolutions-COG3',
        'KentaikyoCycle/ApprovalApi/Users: AwsSolutions-COG8',
        'KentaikyoCycle/FunctionTracing: AwsSolutions-IAM5[Resource::*]',
        'KentaikyoCycle/ImportWorkRecordsRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/ccus/*]',
        'KentaikyoCycle/MonthlyCycleRole: AwsSolutions-IAM5[Resource::*]',
        'KentaikyoCycle/ValidateImportRole: AwsSolutions-IAM5[Resource::KentaikyoInboxArn/ccus/*]',
      ]);
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
