// The user directory and the mail transport in memory: contacts kept beside the registry's users (no
// user, no contact); the mailer records what it sent and can be told to refuse (MailNotSent) or to fail
// unsure (any other error) for the next sends.
import {
  type Contact,
  type Mailer,
  MailNotSent,
  type OutgoingMail,
  type UserDirectory,
} from '../../../domain/ports/notices.js';
import type { RegistryRepository, User } from '../../../domain/ports/storage.js';
import { copy } from './clock.js';

export class MemoryUserDirectory implements UserDirectory {
  private readonly contacts = new Map<string, { email?: string; name?: string; reminders: boolean }>();

  constructor(private readonly registry: RegistryRepository) {}

  private toContact(u: User): Contact {
    const c = this.contacts.get(u.userId);
    return {
      userId: u.userId,
      contractorNo: u.contractorNo,
      role: u.role,
      reminders: c?.reminders !== false,
      ...(c?.email ? { email: c.email } : {}),
      ...(c?.name ? { name: c.name } : {}),
    };
  }

  async contact(userId: string): Promise<Contact | undefined> {
    const u = await this.registry.getUser(userId);
    return u && this.toContact(u);
  }

  async contactsOf(contractorNo: string): Promise<Contact[]> {
    return (await this.registry.usersOfContractor(contractorNo))
      .map((u) => this.toContact(u))
      .sort((a, b) => a.userId.localeCompare(b.userId));
  }

  async putContact(userId: string, c: { email?: string; name?: string; reminders?: boolean }): Promise<void> {
    this.contacts.set(userId, {
      ...(c.email ? { email: c.email } : {}),
      ...(c.name ? { name: c.name } : {}),
      reminders: c.reminders !== false,
    });
  }
}

export class MemoryMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  /** What the next sends do, in order: 'refuse' (MailNotSent), 'unsure' (an error), else send. */
  readonly next: ('refuse' | 'unsure')[] = [];

  async send(mail: OutgoingMail): Promise<{ providerMessageId: string }> {
    const outcome = this.next.shift();
    if (outcome === 'refuse') throw new MailNotSent(`refused: ${mail.deliveryId}`);
    if (outcome === 'unsure') throw new Error(`connection lost: ${mail.deliveryId}`);
    this.sent.push(copy(mail));
    return { providerMessageId: `mail-${this.sent.length}` };
  }
}
