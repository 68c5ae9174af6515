// KentaikyoWeb: puts the built page (web/dist) and its /config.json into the page bucket of the stateless
// stack and invalidates the distribution. A stack of its own because its custom resource (the CDK's
// bucket-deployment function) is none of the cycle's functions, whose permissions the stateless stack pins.
//
// Synth without a build: when web/dist has no index.html (a fresh clone, the infra tests), a placeholder
// page is deployed instead and synth warns; run `npm run web:build` before `cdk deploy`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Annotations, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';

export const WEB_DIST_DIR = resolve(import.meta.dirname, '../../web/dist');

const PLACEHOLDER = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>建退共 電子申請</title>
<p>この画面はまだ作られていません。npm run web:build の後に cdk deploy してください。</p></html>`;

export interface WebStackProps extends StackProps {
  bucket: IBucket;
  distribution: IDistribution;
  /** https://<distribution>/ */
  pageUrl: string;
  /** The Cognito hosted UI (domain) and the app client the page signs in with. */
  cognito: { domain: string; clientId: string };
}

export class WebStack extends Stack {
  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const built = existsSync(resolve(WEB_DIST_DIR, 'index.html'));
    if (!built)
      Annotations.of(this).addWarningV2(
        'kentaikyo:web-not-built',
        'web/dist is not built: a placeholder page is deployed. Run `npm run web:build` before `cdk deploy`.',
      );
    const deployment = new BucketDeployment(this, 'Page', {
      destinationBucket: props.bucket,
      sources: [
        built ? Source.asset(WEB_DIST_DIR) : Source.data('index.html', PLACEHOLDER),
        // Same origin: the API is under /v1 of the page's own URL.
        Source.jsonData('config.json', {
          apiBase: '',
          cognito: { ...props.cognito, redirectUri: props.pageUrl },
        }),
      ],
      distribution: props.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
    // The function itself is a singleton at the stack's root, beside the deployment.
    const handler = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler)
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of the CDK's bucket-deployment function is chosen by aws-cdk-lib and moves with it.",
      });
    const role = deployment.handlerRole;
    const reason = (what: string) => `The CDK's bucket-deployment function (aws-cdk-lib) ${what}.`;
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: reason('writes its logs with the AWS managed basic execution role'),
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((a) => ({
        id: `AwsSolutions-IAM5[Action::${a}]`,
        reason: reason('reads the asset and replaces every object of the page bucket (grantReadWrite)'),
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*]`,
        reason: reason('reads its zipped asset from the bootstrap asset bucket'),
      },
      {
        // The export of the stateless stack, named after it (KentaikyoCycle[-stage]).
        id: `AwsSolutions-IAM5[Resource::${Stack.of(props.bucket).stackName}:ExportsOutputFnGetAttWebPageAssets92E76DD9Arn7EA44D1B/*]`,
        reason: reason('writes and prunes the objects of the page bucket, whose names come from the build'),
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: reason(
          'invalidates the distribution: CloudFront CreateInvalidation has no resource-level form here',
        ),
      },
    );
  }
}
