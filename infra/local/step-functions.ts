// A local Step Functions: runs the synthesized definition with aws-local-stepfunctions, every Task bound
// to the real handler in-process, and serves the small part of the Step Functions API the code uses
// (StartExecution, DescribeExecution, ListExecutions, StopExecution, SendTaskSuccess/Failure/Heartbeat)
// on 127.0.0.1, so the unchanged @aws-sdk/client-sfn reaches it through AWS_ENDPOINT_URL_SFN.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalFunction } from './template.js';

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks.
const P = Promise as unknown as { withResolvers?: () => unknown };
if (!P.withResolvers) {
  P.withResolvers = () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// Node fires a timer longer than 2^31-1 ms (~24.8 days) after 1 ms. The cycle's timeouts are months
// (the execution) and weeks (waits): clamp them in this process so they wait instead of firing at once.
const MAX_TIMER_MS = 2 ** 31 - 1;
const nodeSetTimeout = globalThis.setTimeout;
if (!(nodeSetTimeout as { clamped?: boolean }).clamped) {
  const clamped = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    nodeSetTimeout(fn, Math.min(ms ?? 0, MAX_TIMER_MS), ...args)) as unknown as typeof setTimeout;
  (clamped as unknown as { clamped: boolean }).clamped = true;
  globalThis.setTimeout = clamped;
}

const TOKEN_PLACEHOLDER = '__local_task_token__';

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Execution {
  arn: string;
  name: string;
  input: unknown;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Tasks in flight (handlers running) — an execution with none and a pending token is waiting for people. */
  busy: number;
  waiting: number;
  /** Invocations that timed out but whose code still runs (Lambda would have frozen it). */
  lingering: number;
  abort: () => void;
  states: string[];
}

interface PendingToken {
  executionArn: string;
  state: string;
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
  expired: boolean;
}

class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface LocalStepFunctionsOptions {
  definition: Record<string, unknown>;
  stateMachineArn: string;
  functions: LocalFunction[];
  loadHandler: (fn: LocalFunction) => Promise<Handler>;
  /** Called with each state entered, for progress output. */
  onState?: (executionName: string, state: string) => void;
  /** Caps each task's time (seconds) below its deployed timeout, so a test sees a time-out in its own time. */
  maxTaskSeconds?: number;
  /** Waits this long (ms) before every retry instead of the definition's back-off (tests compress time). */
  retryIntervalMs?: number;
  /**
   * Task invocations running at once (default 8), as a Lambda concurrency limit would allow: the others
   * queue, and a task's time starts when it runs. One process serves every handler, so a burst of files
   * run all at once would otherwise share one core until each outlived its timeout.
   */
  maxConcurrentTasks?: number;
}

/** At most `limit` holders at once; the others wait in arrival order. */
export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.running++;
    try {
      return await f();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The task a piece of handler code runs for (an invocation, or what it left running after a time-out). */
export interface TaskScope {
  executionName: string;
  state: string;
  /**
   * Set when the invocation timed out. Lambda ends the sandbox then: a call already sent may still land,
   * but the code does not go on. The promise here cannot be cancelled, so code that wraps calls (tests'
   * fault injection) refuses new ones once this is set.
   */
  timedOut?: boolean;
  /**
   * Times the invocation out now, as if it had hung until its deadline (tests' frozen storage): the
   * state sees Sandbox.Timedout at once, whatever the machine's load, instead of after a race with a
   * short wall-clock cap.
   */
  expire?: () => void;
}

const taskScope = new AsyncLocalStorage<TaskScope>();

/** The task the calling code runs for, when it runs inside one (tests aim faults at a state with it). */
export function currentTask(): TaskScope | undefined {
  return taskScope.getStore();
}

export class LocalStepFunctions {
  readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, PendingToken>();
  private server?: Server;
  private readonly handlers = new Map<string, Promise<Handler>>();

  private readonly slots: Slots;

  constructor(private readonly opts: LocalStepFunctionsOptions) {
    this.slots = new Slots(opts.maxConcurrentTasks ?? 8);
  }

  /** Serves the Step Functions API stand-in; returns its endpoint (set AWS_ENDPOINT_URL_SFN to it). */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(payload));
        };
        try {
          const out = this.api(target, body ? JSON.parse(body) : {});
          reply(200, out);
        } catch (e) {
          const err = e as Error;
          reply(400, { __type: err.name, message: err.message });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const e of this.executions.values()) if (e.status === 'RUNNING') e.abort();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private api(target: string, req: Record<string, unknown>): unknown {
    switch (target) {
      case 'StartExecution':
        return this.startExecution(String(req.name ?? randomUUID()), JSON.parse(String(req.input ?? '{}')));
      case 'DescribeExecution':
        return this.describe(String(req.executionArn));
      case 'ListExecutions':
        return { executions: [...this.executions.values()].map((e) => this.summary(e)) };
      case 'StopExecution':
        return this.stopExecution(String(req.executionArn), String(req.error ?? ''), String(req.cause ?? ''));
      case 'SendTaskSuccess':
        return this.settleToken(String(req.taskToken), (p) =>
          p.resolve(JSON.parse(String(req.output ?? '{}'))),
        );
      case 'SendTaskFailure':
        return this.settleToken(String(req.taskToken), (p) =>
          p.reject(new NamedError(String(req.error ?? 'TaskFailed'), String(req.cause ?? ''))),
        );
      case 'SendTaskHeartbeat':
        return this.settleToken(String(req.taskToken), () => undefined, false);
      default:
        throw new NamedError('UnknownOperationException', `local Step Functions does not serve ${target}`);
    }
  }

  startExecution(name: string, input: unknown): { executionArn: string; startDate: number } {
    const arn = `${this.opts.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (this.executions.has(arn)) {
      throw new NamedError('ExecutionAlreadyExists', `Execution already exists: '${arn}'`);
    }
    const machine = new StateMachine(this.opts.definition as never);
    const exec: Execution = {
      arn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      busy: 0,
      waiting: 0,
      lingering: 0,
      abort: () => undefined,
      states: [],
    };
    this.executions.set(arn, exec);
    const retryIntervalMs = this.opts.retryIntervalMs;
    const run = machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskOverrides(exec) as never,
        ...(retryIntervalMs === undefined
          ? {}
          : { retryIntervalOverrides: this.retryOverrides(retryIntervalMs) }),
      },
      context: {
        Execution: { Id: arn, Name: name },
        StateMachine: { Id: this.opts.stateMachineArn },
        Task: { Token: TOKEN_PLACEHOLDER },
      } as never,
    });
    exec.abort = run.abort;
    // Whatever one execution does, it must not take the process (and every other execution) down:
    // its failures end it FAILED, nothing of it is left as an unhandled rejection.
    void (async () => {
      for await (const ev of run.eventLogs) {
        if (ev.type === 'StateEntered') {
          exec.states.push(ev.state.name);
          this.opts.onState?.(name, ev.state.name);
        }
      }
    })().catch(() => undefined);
    run.result.then(
      (output) => {
        exec.status = 'SUCCEEDED';
        exec.output = output;
        exec.stopDate = new Date();
      },
      (err: Error & { cause?: { name?: string; message?: string } }) => {
        if (exec.status === 'ABORTED') return;
        exec.status = err.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        exec.error = err.cause?.name ?? err.name;
        exec.cause = err.cause?.message ?? err.message;
        exec.stopDate = new Date();
      },
    );
    return { executionArn: arn, startDate: exec.startDate.getTime() / 1000 };
  }

  stopExecution(arn: string, error: string, cause: string) {
    const exec = this.executions.get(arn);
    if (!exec) throw new NamedError('ExecutionDoesNotExist', `Execution does not exist: '${arn}'`);
    if (exec.status === 'RUNNING') {
      exec.status = 'ABORTED';
      exec.error = error;
      exec.cause = cause;
      exec.stopDate = new Date();
      exec.abort();
    }
    return { stopDate: (exec.stopDate ?? new Date()).getTime() / 1000 };
  }

  describe(arn: string) {
    const exec = this.executions.get(arn);
    if (!exec) throw new NamedError('ExecutionDoesNotExist', `Execution does not exist: '${arn}'`);
    return {
      ...this.summary(exec),
      input: JSON.stringify(exec.input),
      ...(exec.output !== undefined ? { output: JSON.stringify(exec.output) } : {}),
      ...(exec.error ? { error: exec.error, cause: exec.cause } : {}),
    };
  }

  private summary(e: Execution) {
    return {
      executionArn: e.arn,
      stateMachineArn: this.opts.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate.getTime() / 1000,
      ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
    };
  }

  private settleToken(token: string, act: (p: PendingToken) => void, consume = true) {
    const pending = this.tokens.get(token);
    if (!pending) throw new NamedError('InvalidToken', 'Invalid token');
    if (pending.expired) throw new NamedError('TaskTimedOut', 'Task Timed Out');
    const exec = this.executions.get(pending.executionArn);
    if (exec?.status !== 'RUNNING') throw new NamedError('TaskDoesNotExist', 'Task does not exist anymore');
    if (consume) {
      this.tokens.delete(token);
      exec.waiting--;
    }
    act(pending);
    return {};
  }

  /** Resolves when every running execution is waiting for people (or all have ended). */
  async settled(timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      // Two quiet polls in a row: a handler may be about to start the next state.
      if (this.quiet()) {
        await new Promise((r) => setTimeout(r, 15));
        if (this.quiet()) return;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error('local Step Functions: executions did not settle');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private quiet() {
    return [...this.executions.values()].every(
      (e) => e.lingering === 0 && (e.status !== 'RUNNING' || (e.busy === 0 && e.waiting > 0)),
    );
  }

  private retryOverrides(ms: number): Record<string, number> {
    const states = (this.opts.definition.States ?? {}) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(
      Object.entries(states)
        .filter(([, st]) => Array.isArray(st.Retry))
        .map(([stateName]) => [stateName, ms]),
    );
  }

  /**
   * One invocation as Lambda runs it: the function's deployed timeout (capped by maxTaskSeconds), a
   * context whose remaining time counts down to it, and a Sandbox.Timedout failure when it is reached.
   * The handler's promise is not cancellable: what it still does afterwards counts as lingering, and
   * its late failure is swallowed (the invocation already failed).
   */
  private invoke(exec: Execution, stateName: string, fn: LocalFunction, handler: Handler, payload: unknown) {
    return this.slots.run(() => this.invokeNow(exec, stateName, fn, handler, payload));
  }

  private invokeNow(
    exec: Execution,
    stateName: string,
    fn: LocalFunction,
    handler: Handler,
    payload: unknown,
  ) {
    const seconds = Math.min(fn.timeoutSeconds, this.opts.maxTaskSeconds ?? Number.POSITIVE_INFINITY);
    const deadline = Date.now() + seconds * 1000;
    const context = lambdaContext(fn, () => Math.max(0, deadline - Date.now()));
    const scope: TaskScope = { executionName: exec.name, state: stateName };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expire = () => {};
    const timedOut = new Promise<never>((_, reject) => {
      expire = () => {
        if (scope.timedOut) return;
        scope.timedOut = true;
        clearTimeout(timer);
        exec.lingering++;
        void work.catch(() => undefined).finally(() => exec.lingering--);
        reject(new NamedError('Sandbox.Timedout', `Task timed out after ${seconds.toFixed(2)} seconds`));
      };
      timer = setTimeout(expire, seconds * 1000);
    });
    scope.expire = expire;
    const work = taskScope.run(scope, () => Promise.resolve().then(() => handler(payload, context)));
    return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
  }

  private handler(fn: LocalFunction): Promise<Handler> {
    let h = this.handlers.get(fn.arn);
    if (!h) {
      h = this.opts.loadHandler(fn);
      this.handlers.set(fn.arn, h);
    }
    return h;
  }

  private taskOverrides(exec: Execution) {
    const states = (this.opts.definition.States ?? {}) as Record<string, Record<string, unknown>>;
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      const resource = String(state.Resource);
      const callback = resource.endsWith('.waitForTaskToken');
      overrides[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: Record<string, unknown> };
        const fn = this.opts.functions.find((f) => f.arn === FunctionName);
        if (!fn)
          throw new NamedError('Lambda.ResourceNotFoundException', `no local function ${FunctionName}`);
        const handler = await this.handler(fn);
        if (!callback) {
          exec.busy++;
          try {
            return { Payload: await this.invoke(exec, stateName, fn, handler, Payload), StatusCode: 200 };
          } catch (e) {
            throw asTaskError(e);
          } finally {
            exec.busy--;
          }
        }
        const token = `${exec.name}/${stateName}/${randomUUID()}`;
        const payload = JSON.parse(JSON.stringify(Payload).split(TOKEN_PLACEHOLDER).join(token));
        const outcome = new Promise((resolve, reject) => {
          this.tokens.set(token, {
            executionArn: exec.arn,
            state: stateName,
            resolve,
            reject,
            expired: false,
          });
        });
        // The callback may come (SendTaskFailure of a superseded wait) while the handler still runs or
        // after it failed: that outcome is read below or not at all, never left unhandled.
        outcome.catch(() => undefined);
        exec.waiting++;
        // The runner times the task out by itself; mark the token so a late callback gets TaskTimedOut.
        const seconds = Number(
          (Payload as { timeoutSeconds?: number }).timeoutSeconds ?? state.TimeoutSeconds ?? 60,
        );
        const expiry = setTimeout(() => {
          const p = this.tokens.get(token);
          if (p) {
            p.expired = true;
            exec.waiting--;
          }
        }, seconds * 1000);
        exec.busy++;
        try {
          await this.invoke(exec, stateName, fn, handler, payload);
        } catch (e) {
          this.tokens.delete(token);
          exec.waiting--;
          clearTimeout(expiry);
          throw asTaskError(e);
        } finally {
          exec.busy--;
        }
        try {
          return await outcome;
        } finally {
          clearTimeout(expiry);
        }
      };
    }
    return overrides;
  }
}

function asTaskError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  return new NamedError(err.name || 'Error', err.message);
}

function lambdaContext(fn: LocalFunction, remaining: () => number) {
  return {
    awsRequestId: randomUUID(),
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: remaining,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
