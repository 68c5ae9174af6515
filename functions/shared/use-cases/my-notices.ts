// MyNotices (自分に送られた通知メール)
// In: the user, a page size and the previous page's cursor. Out: the mails, newest first, the next cursor.
// Course: read only.
import { InvalidCursor } from '../storage/outbox.js';
import { InvalidInput } from './errors.js';
import type { AppDeps } from './month/deps.js';

export async function myNotices(
  deps: Pick<AppDeps, 'notices'>,
  userId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const store = deps.notices;
  if (!store) throw new Error('notices store is not configured');
  let page: Awaited<ReturnType<typeof store.noticesOf>>;
  try {
    page = await store.noticesOf(userId, q.limit, q.cursor);
  } catch (e) {
    if (e instanceof InvalidCursor)
      throw new InvalidInput('cursor が正しくありません。前のページの nextCursor を指定してください');
    throw e;
  }
  return {
    items: page.items.map((n) => ({
      id: n.messageId,
      kind: n.kind,
      subject: n.subject,
      text: n.text,
      siteId: n.siteId ?? null,
      workMonth: n.workMonth ?? null,
      createdAt: n.createdAt,
      sentAt: n.sentAt ?? null,
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
