// The context cdk.json gives the CLI (its feature flags change the templates), plus "bundle nothing":
// what the tests and the local runtime synthesize with, so they see the template `cdk synth` makes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(resolve(import.meta.dirname, '../cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };
}
