// Builds the two stacks into an app; shared by the CLI entry (bin/app.ts), the tests and the local runtime.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';
import { WebStack } from './stacks/web-stack.js';

export const STACK_NAMES = {
  stateful: 'KentaikyoStateful',
  stateless: 'KentaikyoCycle',
  web: 'KentaikyoWeb',
} as const;

/** Japan's business runs in Tokyo; the table's customer-managed key also needs a region-bound stack. */
export const REGION = 'ap-northeast-1';

export function buildStacks(app: App, { nag = true }: { nag?: boolean } = {}) {
  // Account from the CLI's credentials when there are some; synth stays account-agnostic (and offline) without.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: REGION };
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: '建退共 × CCUS: table, inbox bucket, key (stateful)',
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    env,
    description: '建退共 × CCUS: monthly cycle, functions, events (stateless)',
    table: stateful.table,
    inbox: stateful.inbox,
    inboxArn: stateful.inboxArn,
    key: stateful.key,
  });
  const web = new WebStack(app, STACK_NAMES.web, {
    env,
    description: '建退共 × CCUS: the web page files (web/dist) into the page bucket',
    bucket: stateless.webPage.bucket,
    distribution: stateless.webPage.distribution,
    pageUrl: stateless.webPage.url,
    cognito: {
      domain: stateless.approvalApi.hostedUiDomain!,
      clientId: stateless.approvalApi.userClient.userPoolClientId,
    },
  });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, web };
}
