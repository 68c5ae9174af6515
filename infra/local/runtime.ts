// The embedded local stack: moto_server for DynamoDB and S3, the table and inbox bucket from the
// synthesized template, the state machine run in-process with every Task bound to its real handler,
// and a Step Functions API stand-in so callbacks reach it through the unchanged SDK.
import { resolve } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { UPLOAD_URL_SECONDS } from '../../functions/shared/aws/uploads.js';
import { useLocalSettings } from '../../functions/shared/runtime.js';
import { createLocalResources } from './aws-resources.js';
import { LocalNotices } from './mailbox.js';
import { type Moto, startMoto } from './moto.js';
import { type Handler, LocalStepFunctions, Slots } from './step-functions.js';
import { type LocalStack, loadLocalStack } from './template.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LocalRuntimeOptions {
  /** Caps every wait for people (seconds), so reminders and overdue notices happen in a test's time. */
  maxWaitSeconds?: number;
  /** Fixes the functions' clock (ISO timestamp). */
  clock?: string;
  onState?: (executionName: string, state: string) => void;
  /** Quiet handler logs (the CLI keeps stdout for its JSON). */
  quiet?: boolean;
  /** Milliseconds between dispatcher runs besides those after each state (default 1000; 0: on demand only). */
  noticeIntervalMs?: number;
  /** Caps each task's time (seconds) below its deployed timeout (tests that provoke time-outs). */
  maxTaskSeconds?: number;
  /** Pause before every retry of a task (ms), instead of the definition's back-off (tests). */
  retryIntervalMs?: number;
  /** Task invocations running at once (the local runner's concurrency limit; default 8). */
  maxConcurrentTasks?: number;
}

export interface LocalRuntime {
  stack: LocalStack;
  moto: Moto;
  sfn: LocalStepFunctions;
  /** The notice dispatcher and its mailbox (the local stand-in for SES). */
  notices: LocalNotices;
  /**
   * Puts a file into the inbox and delivers the S3 "Object Created" event as EventBridge would: to the
   * registry import under registry/, else to start-cycle.
   */
  dropFile(
    key: string,
    body: Uint8Array | string,
  ): Promise<{ versionId: string; event: unknown; result: unknown }>;
  /**
   * Watches for an object a presigned PUT will write straight into moto (手動連携), and delivers its
   * "Object Created" event once it lands, as S3 → EventBridge would; gives up when the URL expires.
   */
  watchUpload(key: string): void;
  /** Moves the functions' fixed clock (ISO timestamp), or gives them real time again (undefined). */
  setClock(clock: string | undefined): void;
  /** Re-delivers an S3 event (EventBridge delivers at least once). */
  deliver(event: unknown): Promise<unknown>;
  /** The handler of a function by its entry (functions/<name>/handler.ts), imported once. */
  handler(entry: string): Promise<Handler>;
  close(): Promise<void>;
}

export async function startLocalRuntime(opts: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const stack = loadLocalStack();
  const moto = await startMoto();
  // One module instance per handler, shared by the state machine and the HTTP API (as one container).
  const handlers = new Map<string, Promise<Handler>>();
  const handler = (entry: string): Promise<Handler> => {
    let h = handlers.get(entry);
    if (!h) {
      h = import(resolve(ROOT, entry)).then((m) => m.handler as Handler);
      handlers.set(entry, h);
    }
    return h;
  };
  const notices = new LocalNotices({ intervalMs: opts.noticeIntervalMs ?? 1000 });
  try {
    await createLocalResources(stack, moto.endpoint);
    const sfn = new LocalStepFunctions({
      definition: stack.definition,
      stateMachineArn: stack.stateMachineArn,
      functions: stack.functions,
      loadHandler: (fn) => handler(fn.entry),
      // Each state may have queued a notice: deliver it now, as the schedule would within a minute.
      onState: (name, state) => {
        notices.kick();
        opts.onState?.(name, state);
      },
      ...(opts.maxTaskSeconds === undefined ? {} : { maxTaskSeconds: opts.maxTaskSeconds }),
      ...(opts.retryIntervalMs === undefined ? {} : { retryIntervalMs: opts.retryIntervalMs }),
      ...(opts.maxConcurrentTasks === undefined ? {} : { maxConcurrentTasks: opts.maxConcurrentTasks }),
    });
    process.env.AWS_ENDPOINT_URL_SFN = await sfn.listen();
    // Every function's environment, as the template gives it (they share names and values).
    for (const fn of stack.functions) Object.assign(process.env, fn.environment);
    process.env.STATE_MACHINE_ARN = stack.stateMachineArn;
    process.env.INBOX_BUCKET = stack.inbox.name;
    // The functions run in this process: their clock and their cap on waits are given to the deps they
    // build, not set as environment variables the deployed code would have to know about.
    let clock = opts.clock;
    useLocalSettings({
      now: () => (clock ? new Date(clock) : new Date()),
      ...(opts.maxWaitSeconds ? { maxWaitSeconds: opts.maxWaitSeconds } : {}),
    });
    const setClock = (c: string | undefined) => {
      clock = c;
    };
    if (opts.quiet) process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    notices.start();

    const startFn = stack.functions.find((f) => f.entry === 'functions/start-cycle/handler.ts');
    if (!startFn) throw new Error('local stack: no start-cycle function in the template');
    const startHandler = await handler(startFn.entry);
    const s3 = new S3Client({ forcePathStyle: true });

    // As the stack's two rules: registry/ goes to the registry import, everything else to start-cycle.
    const registryFn = stack.functions.find((f) => f.entry === 'functions/import-registry/handler.ts');
    const route = async (event: unknown) => {
      const key = (event as { detail?: { object?: { key?: unknown } } })?.detail?.object?.key;
      if (registryFn && typeof key === 'string' && key.startsWith('registry/')) {
        const h = await handler(registryFn.entry);
        return h(event, { awsRequestId: 'local', functionName: registryFn.logicalId });
      }
      return startHandler(event, { awsRequestId: 'local', functionName: startFn.logicalId });
    };
    // Files dropped at once are taken in as EventBridge → Lambda would: a few at a time (its concurrency),
    // not every one at once against the single-threaded moto.
    const intake = new Slots(opts.maxConcurrentTasks ?? 8);
    const deliver = (event: unknown) => intake.run(() => route(event));
    const objectCreated = (key: string, versionId: string, size: number) => ({
      version: '0',
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: stack.inbox.name }, object: { key, 'version-id': versionId, size } },
    });
    const watches = new Set<NodeJS.Timeout>();
    const watchUpload = (key: string) => {
      const until = Date.now() + UPLOAD_URL_SECONDS * 1000;
      const poll = () => {
        const timer = setTimeout(async () => {
          watches.delete(timer);
          try {
            const head = await s3.send(new HeadObjectCommand({ Bucket: stack.inbox.name, Key: key }));
            await deliver(objectCreated(key, head.VersionId ?? 'null', Number(head.ContentLength ?? 0)));
            return;
          } catch (e) {
            const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
            if (status !== 404) process.stderr.write(`local upload ${key}: ${(e as Error).message}\n`);
          }
          if (Date.now() < until) poll();
        }, 250);
        timer.unref();
        watches.add(timer);
      };
      poll();
    };
    return {
      stack,
      moto,
      sfn,
      notices,
      deliver,
      setClock,
      handler,
      watchUpload,
      dropFile: (key, body) =>
        intake.run(async () => {
          const put = await s3.send(
            new PutObjectCommand({
              Bucket: stack.inbox.name,
              Key: key,
              Body: typeof body === 'string' ? Buffer.from(body) : body,
            }),
          );
          const versionId = put.VersionId ?? 'null';
          const event = objectCreated(key, versionId, body.length);
          return { versionId, event, result: await route(event) };
        }),
      async close() {
        for (const t of watches) clearTimeout(t);
        watches.clear();
        await notices.close();
        await sfn.close();
        s3.destroy();
        useLocalSettings({});
        await moto.stop();
      },
    };
  } catch (e) {
    await notices.close();
    await moto.stop();
    throw e;
  }
}
