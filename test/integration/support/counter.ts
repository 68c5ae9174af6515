// Counts the DynamoDB calls a client sends, by operation, through a middleware (first step of the stack).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface CallCounter {
  total(): number;
  byCommand(): Record<string, number>;
  reset(): void;
}

export function countCalls(client: DynamoDBClient): CallCounter {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'callCounter' },
  );
  return {
    total: () => [...counts.values()].reduce((s, n) => s + n, 0),
    byCommand: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
    reset: () => counts.clear(),
  };
}
