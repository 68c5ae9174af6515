// Storage faults aimed at one state of one site's execution: the DynamoDB document client every
// repository sends through is wrapped, and the task a call runs for (the local runner's task scope)
// says whether the fault applies. A fault fires once; a probe counts the calls of a clean month.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentTask } from '../../infra/local/step-functions.js';

const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
]);

/**
 * throttle-before / timeout-before: the call fails and nothing is written.
 * timeout-after: the write lands, the answer is lost (the SDK times out).
 * freeze-before: the call hangs until the invocation times out; nothing is written.
 * freeze-after: the write lands and the answer never comes before the invocation times out.
 * A freeze times the invocation out at once (the runner's `expire`), as a hang past its deadline would:
 * the test does not depend on how fast a loaded machine runs. The sandbox has ended then, so nothing
 * more is sent from it; its retry must finish the job.
 */
export type FaultMode =
  | 'throttle-before'
  | 'timeout-before'
  | 'timeout-after'
  | 'freeze-before'
  | 'freeze-after';

export interface Fault {
  siteId: string;
  state: string;
  kind: 'read' | 'write';
  /** 1-based: the n-th call of that kind the state makes (over all its visits). */
  index: number;
  mode: FaultMode;
  /** How many times it fires (default once; Infinity: storage stays broken for that state). */
  times?: number;
}

export type CallCounts = Map<string, { reads: number; writes: number }>;

interface Armed extends Fault {
  seen: number;
  fired: number;
}

const armed = new Map<string, Armed>();
const probes = new Map<string, CallCounts>();

const siteOf = (executionName: string) => executionName.split('-')[1] ?? '';

function named(name: string, message: string) {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

type Send = (this: DynamoDBDocumentClient, command: unknown, ...rest: unknown[]) => Promise<unknown>;

/** Wraps the document client's send for the whole process; returns the undo. */
export function installFaults(): () => void {
  const proto = DynamoDBDocumentClient.prototype as unknown as { send: Send };
  const own = Object.hasOwn(proto, 'send');
  const original = proto.send;
  proto.send = async function (this: DynamoDBDocumentClient, command: unknown, ...rest: unknown[]) {
    const task = currentTask();
    const send = () => original.call(this, command, ...rest);
    if (!task) return send();
    // Past its time-out the sandbox is gone (as in Lambda): nothing more leaves it. Without this, each
    // timed-out attempt would keep writing beside its own retry, which no deployed function does.
    if (task.timedOut) throw named('SandboxEnded', `${task.state}: the invocation timed out`);
    const siteId = siteOf(task.executionName);
    const kind = WRITES.has((command as object).constructor.name) ? 'write' : 'read';
    const probe = probes.get(siteId);
    if (probe) {
      const c = probe.get(task.state) ?? { reads: 0, writes: 0 };
      if (kind === 'write') c.writes++;
      else c.reads++;
      probe.set(task.state, c);
    }
    const f = armed.get(siteId);
    if (!f || f.fired >= (f.times ?? 1) || f.state !== task.state || f.kind !== kind) return send();
    f.seen++;
    if (f.seen < f.index) return send();
    f.fired++;
    const ended = () => {
      task.expire?.();
      return named('SandboxEnded', `${task.state}: the invocation timed out`);
    };
    switch (f.mode) {
      case 'throttle-before':
        throw named('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
      case 'timeout-before':
        throw named('TimeoutError', 'Connection timed out');
      case 'freeze-before':
        throw ended();
      case 'timeout-after':
        await send();
        throw named('TimeoutError', 'Response timed out');
      case 'freeze-after':
        await send();
        throw ended();
    }
  };
  return () => {
    if (own) proto.send = original;
    else delete (proto as { send?: Send }).send;
  };
}

/** Arms a fault for its site; returns how many times it has fired so far. */
export function arm(fault: Fault): () => number {
  const a: Armed = { ...fault, seen: 0, fired: 0 };
  armed.set(fault.siteId, a);
  return () => a.fired;
}

export function probe(siteId: string): CallCounts {
  const counts: CallCounts = new Map();
  probes.set(siteId, counts);
  return counts;
}
