// The web page in AWS: S3 behind CloudFront (origin access control), the API on the same origin under
// /v1/* (never cached, Authorization forwarded), the hosted UI with the authorization-code flow for the
// web client, the page URL as an output, and the built files deployed by the app.
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_NAMES } from '../../infra/app.js';
import { newApp } from './synth.js';

let stateful: Template;
let stateless: Template;
let web: Template;
let dispose: () => void;

beforeAll(() => {
  const built = newApp({ nag: false });
  dispose = built.dispose;
  const assembly = (built.app as App).synth();
  stateful = Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateful).template);
  stateless = Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateless).template);
  web = Template.fromJSON(assembly.getStackByName(STACK_NAMES.web).template);
}, 120_000);
afterAll(() => dispose?.());

// The managed policies' ids (CloudFront's own constants).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('the web page stack resources', () => {
  it('serves the page bucket through origin access control only, HTTPS', () => {
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'assets/' }),
    });
    stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it('routes /v1/* to the approval API on the same origin, uncached, with the viewer headers', () => {
    const [dist] = Object.values(stateless.findResources('AWS::CloudFront::Distribution'));
    const config = dist!.Properties.DistributionConfig;
    const v1 = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/v1/*');
    expect(v1).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE']),
    });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === v1.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('signs the page in with the hosted UI: authorization code only, back to the page URL', () => {
    // The domain belongs to the user pool, in the stateful stack.
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const clients = stateless.findResources('AWS::Cognito::UserPoolClient', {
      Properties: { AllowedOAuthFlows: ['code'] },
    });
    expect(Object.keys(clients)).toHaveLength(1);
    const [client] = Object.values(clients);
    expect(client!.Properties.GenerateSecret).toBe(false);
    expect(JSON.stringify(client!.Properties.CallbackURLs)).toContain('DomainName');
    const outputs = stateless.findOutputs('PageUrl');
    expect(JSON.stringify(Object.values(outputs)[0]!.Value)).toContain('DomainName');
  });

  it('deploys the built page and its config.json into the page bucket, invalidating the distribution', () => {
    web.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const [deployment] = Object.values(web.findResources('Custom::CDKBucketDeployment'));
    // The page (web/dist, or the placeholder when it is not built) and config.json.
    expect(deployment!.Properties.SourceObjectKeys).toHaveLength(2);
    expect(deployment!.Properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
    expect(JSON.stringify(deployment!.Properties.DestinationBucketName)).toContain('WebPageAssets');
  });
});
