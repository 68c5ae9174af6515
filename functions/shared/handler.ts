// The shape of every cycle Lambda: parse the event with zod, call one use case, return its output.
// Errors the state machine should retry are renamed TransientError (its Retry matches that name);
// anything else keeps its name and ends in the recorded, notified failure path.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';

export const logger = new Logger({ serviceName: 'kentaikyo-cycle' });

export class InvalidInput extends Error {
  override name = 'InvalidInput';
}

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

export function isTransient(e: unknown): boolean {
  const err = e as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
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

export function cycleHandler<S extends z.ZodType, D, R>(
  schema: S,
  deps: () => D | Promise<D>,
  useCase: (deps: D, input: z.infer<S>) => Promise<R>,
) {
  return middy(async (event: unknown): Promise<R> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      // Field paths and codes only: the values may be personal data.
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.code}`).join('; ');
      throw new InvalidInput(`invalid input: ${where}`);
    }
    try {
      return await useCase(await deps(), parsed.data);
    } catch (e) {
      if (isTransient(e)) {
        logger.warn('transient failure, the state machine will retry', { error: (e as Error).name });
        throw new TransientError((e as Error).message);
      }
      logger.error('use case failed', { error: (e as Error).name, message: (e as Error).message });
      throw e;
    }
  }).use(injectLambdaContext(logger));
}
