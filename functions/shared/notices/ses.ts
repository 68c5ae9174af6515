// The mail transport in AWS: Amazon SES v2 SendEmail from the verified sender identity, through the
// configuration set (its event destination records what was sent, bounced or complained about).
// The SDK module is loaded at the first mail: the dispatcher runs every minute and most runs find
// nothing due, and loading a client's modules is a large part of a cold start (bench -- coldstart).
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../../domain/ports/notices.js';
import { MailNotSent } from '../../../domain/ports/notices.js';

/** SES tag values allow [A-Za-z0-9_.-]: the message id, made safe and bounded. */
export const tagValue = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 256);

export interface SesMailerOptions {
  from: string;
  configurationSet?: string;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly opts: SesMailerOptions,
    private client?: SESv2Client,
  ) {}

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    // The SDK must not retry on its own: a retried SendEmail after a timeout may send twice. The
    // dispatcher retries what is certainly refused, and parks what is unsure.
    this.client ??= new SESv2Client({ maxAttempts: 1 });
    try {
      const r = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.opts.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
              // The idempotency key travels with the mail: a receiver (or an operator reading the SES
              // event log) can tell two copies of one delivery apart from two deliveries.
              Headers: [{ Name: 'X-Kentaikyo-Delivery-Id', Value: mail.deliveryId }],
            },
          },
          EmailTags: [
            { Name: 'notice', Value: tagValue(mail.kind) },
            { Name: 'outbox-message', Value: tagValue(mail.messageId) },
          ],
          ...(this.opts.configurationSet ? { ConfigurationSetName: this.opts.configurationSet } : {}),
        }),
      );
      return { providerMessageId: r.MessageId ?? '' };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      // A 4xx is SES refusing the request (throttled, not verified, paused, rejected): nothing was sent.
      if (status >= 400 && status < 500)
        throw new MailNotSent(`SES refused the mail: ${(err as Error).name}`);
      throw err;
    }
  }
}
