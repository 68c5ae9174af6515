// The local stack's mail: the same dispatcher use case as the deployed Lambda (functions/shared/notices),
// run after each state of the machine and on a short interval, delivering into an in-process mailbox
// instead of Amazon SES. `GET /local/mail` lists what it holds.
import type { Mailer, OutgoingMail } from '../../domain/ports/notices.js';
import {
  DEFAULT_DISPATCH,
  type DispatchConfig,
  type DispatchDeps,
  type DispatchResult,
  dispatchNotices,
  type ParkedAlarm,
} from '../../functions/shared/notices/dispatch.js';
import { dispatchDeps } from '../../functions/shared/notices/runtime.js';

export const LOCAL_OPERATORS_EMAIL = 'operators@example.invalid';

export interface LocalMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  siteId: string | null;
  workMonth: string | null;
  sentAt: string;
  /** The outbox message it delivers (one mail per message × recipient). */
  messageId: string;
}

export class LocalMailbox implements Mailer {
  readonly mails: LocalMail[] = [];
  private seq = 0;

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    this.mails.push({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      kind: mail.kind,
      siteId: mail.siteId ?? null,
      workMonth: mail.workMonth ?? null,
      sentAt: new Date().toISOString(),
      messageId: mail.messageId,
    });
    return { providerMessageId: `local-${++this.seq}` };
  }
}

export interface LocalNoticesOptions {
  /** Milliseconds between runs besides the ones after each state (0: only on demand). */
  intervalMs?: number;
  config?: Partial<DispatchConfig>;
}

/** Runs the dispatcher on demand (kick / flush) and on an interval; one run at a time. */
export class LocalNotices {
  readonly mailbox = new LocalMailbox();
  readonly alarms: ParkedAlarm[] = [];
  readonly config: DispatchConfig;
  private deps: DispatchDeps | undefined;
  private running: Promise<DispatchResult> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private lastError: Error | undefined;

  constructor(opts: LocalNoticesOptions = {}) {
    this.config = {
      ...DEFAULT_DISPATCH,
      baseUrl: 'http://127.0.0.1/',
      operatorsEmail: LOCAL_OPERATORS_EMAIL,
      ...opts.config,
    };
    this.intervalMs = opts.intervalMs ?? 0;
  }

  private readonly intervalMs: number;

  /** Starts the interval runs (once the runtime has set the table's environment). */
  start(): void {
    if (this.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.kick(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** The dispatcher's dependencies over the local table (built once the runtime set TABLE_NAME). */
  dispatchDeps(): DispatchDeps {
    this.deps ??= dispatchDeps(this.mailbox, this.config, (p) => {
      this.alarms.push(p);
    });
    return this.deps;
  }

  /** No runs in the background (tests drive the dispatcher themselves). */
  paused = false;

  /** One run now, or one more after the current one. */
  kick(): void {
    if (this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = Promise.resolve()
      .then(() => dispatchNotices(this.dispatchDeps()))
      .catch((e: Error) => {
        // A failed run leaves its claims to expire; the next run takes them over.
        this.lastError = e;
        return { delivered: 0, mails: 0, retried: 0, parked: 0, skipped: 0 };
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Runs until nothing due is left to deliver (what is backing off stays for later). */
  async flush(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      while (this.running) await this.running;
      const r = await dispatchNotices(this.dispatchDeps());
      if (r.delivered + r.retried + r.parked + r.skipped === 0) return;
    }
  }

  /** The error of the last failed background run, if any (tests assert there was none). */
  error(): Error | undefined {
    return this.lastError;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.running) await this.running;
  }
}
