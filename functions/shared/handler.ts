// The shape of every cycle Lambda: parse the event with zod, call one use case, return its output.
// Errors the state machine should retry are renamed TransientError (its Retry matches that name); the use
// cases' refusals get the state machine's error names here, once (its Catch matches Superseded); anything
// else keeps its name and ends in the recorded, notified failure path.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import { safeParse, type z } from 'zod/mini';
import { observed, SERVICE_NAME } from './observability.js';
import { AppError, InvalidInput, NotApprovedError, SupersededError } from './use-cases/errors.js';

export const logger = new Logger({ serviceName: SERVICE_NAME });

export { InvalidInput };

/**
 * The state machine's error name of a use case's refusal: Superseded ends the run quietly (the ASL's
 * Catch), the others name the failure the run records (NotApproved, ActionRefused, InvalidInput, …).
 */
export function stateErrorName(e: AppError): string {
  if (e instanceof SupersededError) return 'Superseded';
  if (e instanceof NotApprovedError) return 'NotApproved';
  if (e instanceof InvalidInput) return 'InvalidInput';
  return e.name;
}

/**
 * A retry of the same step will do: throttles, time-outs (the SDK's, a socket's, or middy's own when the
 * invocation runs out of time), conflicts and server-side failures. Every step of the cycle is
 * idempotent, so a retry after a write that did land changes nothing.
 */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/** Cancellation reasons of a transaction that say "try again", not "your condition failed". */
const TRANSIENT_CANCELLATION = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

export function isTransient(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  if (err.name === 'TransactionCanceledException') {
    const codes = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    return codes.some((c) => TRANSIENT_CANCELLATION.has(c)) && !codes.includes('ConditionalCheckFailed');
  }
  return (
    TRANSIENT.has(err.name ?? '') ||
    TRANSIENT.has(err.code ?? '') ||
    Boolean(err.$retryable) ||
    (err.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

export class TransientError extends Error {
  override name = 'TransientError';
}

/** What a log line may say about an error: its name and message, under keys the logger keeps. */
export function errorFields(e: unknown): { error: string; reason: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { error: err.name, reason: err.message };
}

/** Logs a failure and gives the error the state machine should see (TransientError or as is). */
function classify(e: unknown): unknown {
  if (e instanceof AppError) e.name = stateErrorName(e);
  const { error, reason } = errorFields(e);
  if (isTransient(e)) {
    // The name only: an SDK message may quote a key, and keys may hold personal data.
    logger.warn('transient failure, the state machine will retry', { error });
    return new TransientError(`${error}: ${reason}`);
  }
  if (error === 'Superseded') {
    logger.info('a newer import took over the month; this run ends', { error });
    return e;
  }
  // Powertools keeps `message` for the log line itself, so the error's message goes under `reason`.
  // The use cases' messages carry ids and codes, never names or 被共済者番号.
  logger.error('use case failed', { error, reason });
  return e;
}

/**
 * Every failure of the invocation reaches middy's error stack: the use case's, and middy's own
 * TimeoutError, raised shortly before the invocation's deadline outside the handler body. Each is logged
 * once here and renamed TransientError when a retry will do.
 */
const transientErrors: MiddlewareObj = {
  onError: async (request) => {
    request.error = classify(request.error) as Error;
  },
};

export function cycleHandler<S extends z.core.$ZodType, D, R>(
  schema: S,
  deps: () => D | Promise<D>,
  useCase: (deps: D, input: z.output<S>) => Promise<R>,
) {
  return middy(async (event: unknown): Promise<R> => {
    // The functional parse: it takes any zod schema and keeps the classic build out of the bundle.
    const parsed = safeParse(schema, event);
    if (!parsed.success) {
      // Field paths and codes only: the values may be personal data.
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.code}`).join('; ');
      throw new InvalidInput(`invalid input: ${where}`);
    }
    // Failures, the use case's and middy's own time-out alike, are classified once in onError.
    return useCase(await deps(), parsed.data);
  })
    .use(injectLambdaContext(logger))
    .use(observed())
    .use(transientErrors);
}
