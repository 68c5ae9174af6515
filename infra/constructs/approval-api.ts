// The approval API: one HTTP API (API Gateway v2) whose routes are the entries of functions/api/routes.ts,
// all integrated with the one api function and guarded by a JWT authorizer over the Cognito user pool of
// the stateful stack (infra/constructs/users.ts). No route is unauthenticated. Two app clients:
// - the web page's: people, authorization code + PKCE through the hosted UI; they send their ID token,
//   which carries custom:contractorNo and custom:role (only administrators set them);
// - the payments notifier's: a machine, client credentials (a secret, no user, no MFA), whose access token
//   carries the payments scope; only the payments route asks for that scope (API Gateway checks it, the
//   function checks it again and refuses a machine token on every other route).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  ClientAttributes,
  type IUserPool,
  type IUserPoolResourceServer,
  OAuthScope,
  type ResourceServerScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Stage throttling: the API serves people and one notifier, not bulk traffic. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface ApiRouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** OAuth scopes API Gateway requires of the token (`resource-server/scope`); none: any valid token. */
  scopes?: readonly string[];
  /** The function serving the route, when not `handler` (the Excel routes have their own). */
  handler?: IFunction;
}

export interface ApprovalApiProps {
  /** The function of every route that names none, and of `$default` (unknown routes: 404/405). */
  handler: IFunction;
  routes: readonly ApiRouteEntry[];
  /** The user pool (stateful stack) and the resource server and scope of the payments notifier. */
  users: { userPool: IUserPool; resourceServer: IUserPoolResourceServer; paymentsScope: ResourceServerScope };
  /** The API's name (stage-suffixed). */
  apiName: string;
  /**
   * The web page that signs people in through the Cognito hosted UI (authorization code + PKCE): its URL
   * (callback and logout).
   */
  page?: { url: string };
  /**
   * Further places the hosted sign-in may send the web client back to (authorization code flow only).
   * Without a page and without these, the web client has no OAuth flow at all and signs in with SRP.
   */
  webCallbackUrls?: readonly string[];
}

export class ApprovalApi extends Construct {
  readonly api: HttpApi;
  readonly userClient: UserPoolClient;
  readonly notifierClient: UserPoolClient;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApprovalApiProps) {
    super(scope, id);
    const { userPool } = props.users;

    // Clients read the claims but may never write contractor or role: an administrator sets them.
    const readAttributes = new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes('contractorNo', 'role');
    const writeAttributes = new ClientAttributes().withStandardAttributes({ email: true });
    // The web page signs in through the hosted UI: a public client (no secret), authorization code with
    // PKCE only (never implicit: tokens in a URL), back to the page's URL or the callbacks given at deployment.
    const callbackUrls = [...(props.page ? [props.page.url] : []), ...(props.webCallbackUrls ?? [])];
    this.userClient = new UserPoolClient(this, 'WebClient', {
      userPool,
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes,
      writeAttributes,
      ...(callbackUrls.length > 0
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
              callbackUrls,
              logoutUrls: callbackUrls,
            },
            supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
    });
    // A machine with its own secret: client credentials only (no user sign-in flow but refresh, which
    // Cognito always allows), its access token carrying the payments scope and nothing else.
    this.notifierClient = new UserPoolClient(this, 'PaymentNotifierClient', {
      userPool,
      generateSecret: true,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: false },
      accessTokenValidity: Duration.hours(1),
      readAttributes,
      writeAttributes,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [OAuthScope.resourceServer(props.users.resourceServer, props.users.paymentsScope)],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
    });

    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('Jwt', issuer, {
      jwtAudience: [this.userClient.userPoolClientId, this.notifierClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    const integration = new HttpLambdaIntegration('Function', props.handler);
    this.api = new HttpApi(this, 'Http', {
      apiName: props.apiName,
      description: '建退共 × CCUS: corrections, reports, 申請・承認, points (functions/api/routes.ts)',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // $default (behind the same authorizer): an unknown route or method reaches the function, which
      // answers problem+json 404, or 405 with Allow, instead of API Gateway's {"message":"Not Found"}.
      defaultIntegration: integration,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route template, never the path: a path may hold a 被共済者番号 (/v1/members/{memberNo}/…).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sub: '$context.authorizer.claims.sub',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // One integration per function: the default one, and one for each other function the routes name.
    const integrations = new Map([[props.handler, integration]]);
    const integrationOf = (fn: IFunction) => {
      let i = integrations.get(fn);
      if (!i) {
        i = new HttpLambdaIntegration(`Function${integrations.size}`, fn);
        integrations.set(fn, i);
      }
      return i;
    };
    for (const r of props.routes)
      this.api.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: integrationOf(r.handler ?? props.handler),
        ...(r.scopes?.length ? { authorizationScopes: [...r.scopes] } : {}),
      });
  }

  /** The URL of the $default stage. */
  get url(): string {
    return this.stage.url;
  }
}
