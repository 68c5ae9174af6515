// Step Functions as the cycle's executions port. The endpoint comes from AWS_ENDPOINT_URL_SFN locally.
// The SDK module is loaded at the first call: most of the cycle's functions never start or resume an
// execution, and loading a client's modules is a large part of a cold start (bench -- coldstart).
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Executions } from '../../../domain/ports/cycle.js';

type Sfn = typeof import('@aws-sdk/client-sfn');

/** A task token that has timed out or whose execution ended: the wait is over, nothing to resume. */
function isGone(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken';
}

export function stepFunctionsExecutions(stateMachineArn: () => string): Executions {
  let loaded: Promise<{ sdk: Sfn; client: SFNClient }> | undefined;
  const sfn = () => {
    loaded ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: new sdk.SFNClient({}) }));
    return loaded;
  };
  return {
    async start(name, input) {
      const {
        client,
        sdk: { StartExecutionCommand, ExecutionAlreadyExists },
      } = await sfn();
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
      const {
        client,
        sdk: { SendTaskSuccessCommand },
      } = await sfn();
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'resumed';
      } catch (e) {
        if (isGone(e)) return 'expired';
        throw e;
      }
    },
    async fail(taskToken, error, cause) {
      const {
        client,
        sdk: { SendTaskFailureCommand },
      } = await sfn();
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
