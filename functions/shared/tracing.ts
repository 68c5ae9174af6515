// The API's traces: Powertools Tracer (the X-Ray SDK) gives each request its segment with the outgoing
// HTTPS calls (DynamoDB, S3, Cognito) as subsegments, where a person waits on the answer. The cycle's
// functions do without it (about 120 KB of bundle and its load time at every cold start): active tracing
// of the function and the state machine still records each invocation and each Task (docs/lambdas.md).
// Outside a Lambda the Tracer disables itself.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { inLambda, SERVICE_NAME } from './observability.js';

export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** A traced invocation; responses are not captured (an API answer holds names). */
export function traced(): MiddlewareObj[] {
  if (!inLambda()) return [];
  return [captureLambdaHandler(tracer, { captureResponse: false })];
}
