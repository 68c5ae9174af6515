// Synthesizes the real app for the infra tests: the context of cdk.json (its feature flags change the
// templates, e.g. access logs by bucket policy, merged IAM statements), bundling skipped (no esbuild runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStacks, STACK_NAMES } from '../../infra/app.js';
import { projectContext } from '../../infra/context.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
}

// Account-agnostic templates whatever the shell has (the CLI sets this from credentials): the assertions
// expect { Ref: AWS::AccountId }. Each test file runs in its own worker, so this stays within the infra tests.
delete process.env.CDK_DEFAULT_ACCOUNT;

export { projectContext };

/** A fresh app with both stacks, in a temporary outdir the caller removes with `dispose`. */
export function newApp({ nag }: { nag: boolean }) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-infra-test-'));
  const app = new App({ outdir, context: projectContext() });
  buildStacks(app, { nag });
  return { app, outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

export interface Synthesized {
  stateful: Template;
  stateless: Template;
  /** Raw templates, for walking resources by hand. */
  json: { stateful: CfnTemplate; stateless: CfnTemplate };
}

let cached: Synthesized | undefined;

/** Both templates, without cdk-nag (test/infra/nag.test.ts runs it); synthesized once per test file. */
export function synthesized(): Synthesized {
  if (cached) return cached;
  const { app, dispose } = newApp({ nag: false });
  try {
    const assembly = app.synth();
    const stateful = assembly.getStackByName(STACK_NAMES.stateful).template as CfnTemplate;
    const stateless = assembly.getStackByName(STACK_NAMES.stateless).template as CfnTemplate;
    cached = {
      stateful: Template.fromJSON(stateful),
      stateless: Template.fromJSON(stateless),
      json: { stateful, stateless },
    };
    return cached;
  } finally {
    dispose();
  }
}

/** The one resource of a type in a template (fails the test if there are none or several). */
export function only(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

export function ofType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
