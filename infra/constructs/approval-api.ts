// The approval API: one HTTP API (API Gateway v2) whose routes are the entries of functions/api/routes.ts,
// all integrated with the one api function and guarded by a JWT authorizer over a Cognito user pool.
// No route is unauthenticated. Users carry custom:contractorNo and custom:role, which only
// administrators set (the app clients may not write them); the payment notifier is a user of the
// payment-notifiers group.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The cognito:groups value of the machine client that posts payment notices. */
export const PAYMENT_NOTIFIERS_GROUP = 'payment-notifiers';

/** Stage throttling: the API serves people and one notifier, not bulk traffic. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface ApiRouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

export interface ApprovalApiProps {
  handler: IFunction;
  routes: readonly ApiRouteEntry[];
  /**
   * The web page that signs people in through the Cognito hosted UI (authorization code + PKCE): its URL
   * (callback and logout) and the hosted UI's domain prefix. Adds the domain and the OAuth settings of
   * the web client.
   */
  page?: { url: string; domainPrefix: string };
  /**
   * Further places the hosted sign-in may send the web client back to (authorization code flow only).
   * Without a page and without these, the clients have no OAuth flow at all and sign in with SRP.
   */
  webCallbackUrls?: readonly string[];
}

export class ApprovalApi extends Construct {
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly userClient: UserPoolClient;
  readonly notifierClient: UserPoolClient;
  readonly stage: HttpStage;
  /** The hosted UI's domain (when props.page is given); the page signs in with userClient. */
  readonly hostedUiDomain?: string;

  constructor(scope: Construct, id: string, props: ApprovalApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: 'kentaikyo-users',
      // Accounts are created by the operators for known contractors and roles.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        contractorNo: new StringAttribute({ minLen: 1, maxLen: 40, mutable: true }),
        role: new StringAttribute({ minLen: 1, maxLen: 20, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // 承認 moves a contractor's money: a second factor for every user (TOTP, no SMS).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // Users and their roles outlive a redeployment of the stateless stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plusTier =
      'accounts are few and operator-created (no self sign-up), with TOTP MFA required and a strict password ' +
      'policy; revisit when self-service sign-in opens.';
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG3',
        reason: `Threat protection (advanced security mode ENFORCED) needs the Cognito Plus feature plan: ${plusTier}`,
      },
      { id: 'AwsSolutions-COG8', reason: `The Plus feature plan is for threat protection: ${plusTier}` },
    );

    new CfnUserPoolGroup(this, 'PaymentNotifiers', {
      userPoolId: this.userPool.userPoolId,
      groupName: PAYMENT_NOTIFIERS_GROUP,
      description: 'The machine client that posts Pay-easy / 口座振替 payment notices (POST /v1/payments)',
    });

    // Clients read the claims but may never write contractor or role: an administrator sets them.
    const clientOptions = {
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('contractorNo', 'role'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    };
    // The web page signs in through the hosted UI: a public client (no secret), authorization code with
    // PKCE only (never implicit: tokens in a URL), back to the page's URL or the callbacks given at deployment.
    const callbackUrls = [...(props.page ? [props.page.url] : []), ...(props.webCallbackUrls ?? [])];
    this.userClient = this.userPool.addClient('WebClient', {
      ...clientOptions,
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
    if (props.page) {
      this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.page.domainPrefix } });
      this.hostedUiDomain = `${props.page.domainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`;
    }
    // A machine that signs in with its own credentials: no browser redirect, no OAuth flow.
    this.notifierClient = this.userPool.addClient('PaymentNotifierClient', {
      ...clientOptions,
      disableOAuth: true,
    });

    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('Jwt', issuer, {
      jwtAudience: [this.userClient.userPoolClientId, this.notifierClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    const integration = new HttpLambdaIntegration('Function', props.handler);
    this.api = new HttpApi(this, 'Http', {
      apiName: 'kentaikyo-approval',
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

    for (const r of props.routes)
      this.api.addRoutes({ path: r.path, methods: [HttpMethod[r.method]], integration });
  }

  /** The URL of the $default stage. */
  get url(): string {
    return this.stage.url;
  }
}
