// The SES transport: what it sends (sender, configuration set, idempotency header and tags), and how it
// tells "certainly not sent" (4xx: the dispatcher retries) from "unsure" (5xx, network: it parks).
import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { MailNotSent, type OutgoingMail } from '../../../domain/ports/notices.js';
import { SesMailer, tagValue } from '../../../functions/shared/notices/ses.js';

const ses = mockClient(SESv2Client);
const mail: OutgoingMail = {
  deliveryId: 'file-missing:9000000001:2026-10/owner-1',
  messageId: 'file-missing:9000000001:2026-10',
  to: 'owner-1@example.invalid',
  subject: '【建退共】ファイル未着：…',
  text: '本文',
  kind: 'file-missing',
  siteId: '9000000001',
  workMonth: '2026-10',
};
const mailer = () =>
  new SesMailer(
    { from: 'notices@example.com', configurationSet: 'kentaikyo-notices' },
    new SESv2Client({ region: 'ap-northeast-1', maxAttempts: 1 }),
  );
const failure = (name: string, status: number) =>
  new SESv2ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

beforeEach(() => ses.reset());

describe('SES mailer', () => {
  it('sends from the sender through the configuration set, with the delivery id as header and tag', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await mailer().send(mail)).toEqual({ providerMessageId: 'ses-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'notices@example.com',
      Destination: { ToAddresses: ['owner-1@example.invalid'] },
      ConfigurationSetName: 'kentaikyo-notices',
      EmailTags: [
        { Name: 'notice', Value: 'file-missing' },
        { Name: 'outbox-message', Value: 'file-missing_9000000001_2026-10' },
      ],
    });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Headers).toEqual([
      { Name: 'X-Kentaikyo-Delivery-Id', Value: mail.deliveryId },
    ]);
    expect(input.Content?.Simple?.Subject).toEqual({ Data: mail.subject, Charset: 'UTF-8' });
  });

  it('a 4xx (throttled, not verified, rejected) is MailNotSent: safe to retry', async () => {
    ses.on(SendEmailCommand).rejects(failure('TooManyRequestsException', 429));
    await expect(mailer().send(mail)).rejects.toBeInstanceOf(MailNotSent);
    ses.on(SendEmailCommand).rejects(failure('MessageRejected', 400));
    await expect(mailer().send(mail)).rejects.toThrow('SES refused the mail: MessageRejected');
  });

  it('a 5xx or a network error proves nothing: passed on as is (the dispatcher parks, never resends)', async () => {
    ses.on(SendEmailCommand).rejects(failure('InternalFailure', 500));
    await expect(mailer().send(mail)).rejects.not.toBeInstanceOf(MailNotSent);
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    await expect(mailer().send(mail)).rejects.toThrow('socket hang up');
  });

  it('builds its own client at the first mail, one that never retries a SendEmail on its own', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    const own = new SesMailer({ from: 'notices@example.com' });
    expect(await own.send(mail)).toEqual({ providerMessageId: 'ses-2' });
    expect(await own.send(mail)).toEqual({ providerMessageId: 'ses-2' });
    const clients = ses.commandCalls(SendEmailCommand).map((c) => c.thisValue as SESv2Client);
    expect(clients).toHaveLength(2);
    expect(clients[1]).toBe(clients[0]);
    expect(await clients[0]!.config.maxAttempts()).toBe(1);
  });

  it('makes tag values SES accepts', () => {
    expect(tagValue('await:Ab/+=#x.y-z')).toBe('await_Ab____x.y-z');
    expect(tagValue('x'.repeat(300))).toHaveLength(256);
  });
});
