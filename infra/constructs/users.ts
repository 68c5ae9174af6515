// The people and the one machine that call the approval API: a Cognito user pool (operator-created
// accounts carrying custom:contractorNo and custom:role, TOTP MFA required), its hosted sign-in domain,
// and the resource server whose scope the payments notifier's client-credentials token carries.
// In the stateful stack: the pool (its users, their MFA devices) outlives every redeployment.
// The app clients are in the stateless stack (infra/constructs/approval-api.ts): the page's client
// needs the page's URL, and clients hold nothing that a redeployment would lose.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PAYMENTS_SCOPE } from '../../functions/api/authz.js';

export interface UsersProps {
  /** The user pool's name (stage-suffixed). */
  userPoolName: string;
  /** The hosted sign-in domain's prefix: `<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string;
}

/** `kentaikyo/payments` split into the resource server's identifier and the scope's name. */
const [RESOURCE_SERVER_ID, PAYMENTS_SCOPE_NAME] = PAYMENTS_SCOPE.split('/') as [string, string];

export class Users extends Construct {
  readonly userPool: UserPool;
  readonly resourceServer: UserPoolResourceServer;
  readonly paymentsScope: ResourceServerScope;
  /** `<prefix>.auth.<region>.amazoncognito.com`: the hosted UI and the /oauth2/token endpoint. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: UsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Pool', {
      userPoolName: props.userPoolName,
      // Accounts are created by the operators for known contractors and roles (`npm run users -- create`).
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
      // 承認 moves a contractor's money: a second factor for every person (TOTP, no SMS). The payments
      // notifier is no user: its client-credentials token involves no sign-in, hence no MFA.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // Users and their roles outlive any redeployment, and a stack deletion.
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

    this.paymentsScope = new ResourceServerScope({
      scopeName: PAYMENTS_SCOPE_NAME,
      scopeDescription: 'Post Pay-easy / 口座振替 payment notices (POST /v1/payments)',
    });
    this.resourceServer = this.userPool.addResourceServer('Api', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: '建退共 approval API',
      scopes: [this.paymentsScope],
    });

    this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.domainName = `${props.domainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }
}
