// The user directory of notices: each user's address, name and notification preferences, kept beside the
// user (`USER#{id}` / `CONTACT`), read with the user's contractor and role from its profile.
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact, UserDirectory } from '../../../domain/ports/notices.js';
import type { RegistryRepository, User } from '../../../domain/ports/storage.js';
import { chunk } from './common.js';
import type { Store } from './entities.js';
import { keys } from './keys.js';
import { DynamoRegistryRepository } from './registry.js';

type Item = Record<string, unknown>;

function toContact(u: User, c: Item | undefined): Contact {
  const contact: Contact = {
    userId: u.userId,
    contractorNo: u.contractorNo,
    role: u.role,
    reminders: c?.reminders !== false,
  };
  if (typeof c?.email === 'string' && c.email !== '') contact.email = c.email;
  if (typeof c?.name === 'string' && c.name !== '') contact.name = c.name;
  return contact;
}

export class DynamoUserDirectory implements UserDirectory {
  private readonly db: Store['documentClient'];
  private readonly table: string;
  private readonly registry: RegistryRepository;

  constructor(store: Store) {
    this.db = store.documentClient;
    this.table = store.tableName;
    this.registry = new DynamoRegistryRepository(store);
  }

  /** AP-8 + the contact item. */
  async contact(userId: string): Promise<Contact | undefined> {
    const u = await this.registry.getUser(userId);
    if (!u) return undefined;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.contact(userId) }));
    return toContact(u, Item);
  }

  /** AP-9 + one BatchGet of their contact items. */
  async contactsOf(contractorNo: string): Promise<Contact[]> {
    const users = await this.registry.usersOfContractor(contractorNo);
    const found = new Map<string, Item>();
    for (const part of chunk(users, 100)) {
      let request: Record<string, { Keys: Item[] }> | undefined = {
        [this.table]: { Keys: part.map((u): Item => ({ ...keys.contact(u.userId) })) },
      };
      // UnprocessedKeys come back under load: ask again for those.
      for (let round = 0; request && round < 10; round++) {
        const r: BatchGetCommandOutput = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        for (const i of r.Responses?.[this.table] ?? []) found.set(String(i.PK), i);
        const left: Item[] | undefined = r.UnprocessedKeys?.[this.table]?.Keys;
        request = left?.length ? { [this.table]: { Keys: left } } : undefined;
      }
    }
    return users
      .map((u) => toContact(u, found.get(keys.contact(u.userId).PK)))
      .sort((a, b) => a.userId.localeCompare(b.userId));
  }

  async putContact(userId: string, c: { email?: string; name?: string; reminders?: boolean }): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.contact(userId),
          userId,
          ...(c.email ? { email: c.email } : {}),
          ...(c.name ? { name: c.name } : {}),
          reminders: c.reminders !== false,
        },
      }),
    );
  }
}
