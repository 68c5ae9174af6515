// Step Functions as the cycle's executions port. The endpoint comes from AWS_ENDPOINT_URL_SFN locally.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Executions } from '../../../domain/ports/cycle.js';

/** A task token that has timed out or whose execution ended: the wait is over, nothing to resume. */
function isGone(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken';
}

export function stepFunctionsExecutions(client: SFNClient, stateMachineArn: () => string): Executions {
  return {
    async start(name, input) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: stateMachineArn(),
            name,
            input: JSON.stringify(input),
          }),
        );
        return 'started';
      } catch (e) {
        if (e instanceof ExecutionAlreadyExists || (e as { name?: string }).name === 'ExecutionAlreadyExists')
          return 'already-started';
        throw e;
      }
    },
    async resume(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'resumed';
      } catch (e) {
        if (isGone(e)) return 'expired';
        throw e;
      }
    },
    async fail(taskToken, error, cause) {
      try {
        await client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
        return 'failed';
      } catch (e) {
        if (isGone(e)) return 'expired';
        throw e;
      }
    },
  };
}

export const defaultSfnClient = () => new SFNClient({});
