// Builds the stacks into an app; shared by the CLI entry (bin/app.ts), the tests and the local runtime.
// `-c stage=<name>` suffixes the stacks and every physical name (infra/stage.ts); `-c region=…` (Tokyo
// by default); `-c ccusWriterArn=…` lets the CCUS side put files under ccus/ of the inbox.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';
import { WebStack } from './stacks/web-stack.js';
import { DEFAULT_REGION, regionOf, staged, stageOf } from './stage.js';

/** The stacks' names in a stage (`KentaikyoCycle-dev`); the plain names without one. */
export const stackNames = (stage: string) =>
  ({
    stateful: staged('KentaikyoStateful', stage),
    stateless: staged('KentaikyoCycle', stage),
    web: staged('KentaikyoWeb', stage),
  }) as const;

/** The stacks' names without a stage (tests, the local runtime). */
export const STACK_NAMES = stackNames('');

/** The default region: Japan's business runs in Tokyo (`-c region=…` for another). */
export const REGION = DEFAULT_REGION;

export function buildStacks(app: App, { nag = true }: { nag?: boolean } = {}) {
  const stage = stageOf(app);
  const names = stackNames(stage);
  const context = (k: string): string | undefined => {
    const v = app.node.tryGetContext(k);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  // Account from the CLI's credentials when there are some; synth stays account-agnostic (and offline) without.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: regionOf(app) };
  const on = stage ? ` [${stage}]` : '';
  const ccusWriterArn = context('ccusWriterArn');
  const domainPrefix = context('hostedUiDomainPrefix');
  const stateful = new StatefulStack(app, names.stateful, {
    env,
    description: `建退共 × CCUS: table, inbox bucket, key, user pool (stateful)${on}`,
    stage,
    ...(ccusWriterArn ? { ccusWriterArn } : {}),
    ...(domainPrefix ? { domainPrefix } : {}),
  });
  const stateless = new StatelessStack(app, names.stateless, {
    env,
    description: `建退共 × CCUS: monthly cycle, functions, events (stateless)${on}`,
    stage,
    table: stateful.table,
    inbox: stateful.inbox,
    inboxArn: stateful.inboxArn,
    key: stateful.key,
    users: stateful.users,
  });
  const web = new WebStack(app, names.web, {
    env,
    description: `建退共 × CCUS: the web page files (web/dist) into the page bucket${on}`,
    bucket: stateless.webPage.bucket,
    distribution: stateless.webPage.distribution,
    pageUrl: stateless.webPage.url,
    cognito: {
      domain: stateful.users.domainName,
      clientId: stateless.approvalApi.userClient.userPoolClientId,
    },
  });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, web };
}
