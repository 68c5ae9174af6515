// 自分に送られた通知メール (GET /v1/me/notices): the mails the dispatcher delivered to a user, read from the
// notice store in memory, newest first, page by page.
import { describe, expect, it } from 'vitest';
import type { NoticeKind } from '../../../domain/notice-templates.js';
import { InvalidInput } from '../../../functions/shared/use-cases/errors.js';
import { myNotices } from '../../../functions/shared/use-cases/my-notices.js';
import { MemoryNoticeStore, MemoryOutbox } from '../../support/memory/index.js';
import { MONTH, SITE } from './support.js';

interface Mail {
  id: string;
  to: string;
  kind: NoticeKind;
  createdAt: string;
  site?: boolean;
  /** false: the delivery began but the mail never went out. */
  sent?: boolean;
}

/** The store with each mail's delivery begun and (unless `sent: false`) marked sent a minute later. */
async function delivered(mails: Mail[]) {
  const store = new MemoryNoticeStore(new MemoryOutbox());
  for (const m of mails) {
    await store.begin({
      messageId: m.id,
      recipient: m.to,
      address: `${m.to}@example.jp`,
      kind: m.kind,
      subject: `件名 ${m.id}`,
      text: `本文 ${m.id}`,
      ...(m.site ? { siteId: SITE, workMonth: MONTH } : {}),
      createdAt: m.createdAt,
      startedAt: m.createdAt,
    });
    const sentAt = new Date(Date.parse(m.createdAt) + 60_000).toISOString();
    if (m.sent !== false) await store.sent(m.id, m.to, sentAt, `provider-${m.id}`);
  }
  return { notices: store };
}

const MAILS: Mail[] = [
  { id: 'm1', to: 'u-prime', kind: 'file-received', createdAt: '2026-11-02T00:00:00.000Z', site: true },
  { id: 'm2', to: 'u-prime', kind: 'balance-short', createdAt: '2026-11-04T00:00:00.000Z' },
  { id: 'm3', to: 'u-sato', kind: 'report-request', createdAt: '2026-11-05T00:00:00.000Z', site: true },
  { id: 'm4', to: 'u-prime', kind: 'charged', createdAt: '2026-11-06T00:00:00.000Z', site: true },
  { id: 'm5', to: 'u-prime', kind: 'reminder', createdAt: '2026-11-07T00:00:00.000Z', sent: false },
];

describe('myNotices (自分に送られた通知メール)', () => {
  it('answers the mails sent to the user only, newest first, with the month they are about', async () => {
    const deps = await delivered(MAILS);

    const page = await myNotices(deps, 'u-prime', { limit: 10 });

    expect(page.items.map((n) => n.id)).toEqual(['m4', 'm2', 'm1']);
    expect(page).not.toHaveProperty('nextCursor');
    expect(page.items[0]).toEqual({
      id: 'm4',
      kind: 'charged',
      subject: '件名 m4',
      text: '本文 m4',
      siteId: SITE,
      workMonth: MONTH,
      createdAt: '2026-11-06T00:00:00.000Z',
      sentAt: '2026-11-06T00:01:00.000Z',
    });
    // A mail about no site says so rather than leaving the fields out.
    expect(page.items[1]).toMatchObject({ id: 'm2', siteId: null, workMonth: null });
  });

  it('pages through with the cursor it answers, the last page without one', async () => {
    const deps = await delivered(MAILS);

    const first = await myNotices(deps, 'u-prime', { limit: 2 });
    const second = await myNotices(deps, 'u-prime', { limit: 2, cursor: first.nextCursor });

    expect(first.items.map((n) => n.id)).toEqual(['m4', 'm2']);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(second.items.map((n) => n.id)).toEqual(['m1']);
    expect(second).not.toHaveProperty('nextCursor');
  });

  it('a user without mails gets an empty page', async () => {
    const deps = await delivered(MAILS);
    expect(await myNotices(deps, 'u-suzuki', { limit: 10 })).toEqual({ items: [] });
  });

  it('refuses a cursor it did not answer as invalid input, telling where the cursor comes from', async () => {
    const deps = await delivered(MAILS);

    const e = await myNotices(deps, 'u-prime', { limit: 2, cursor: 'not-a-cursor' }).catch((x) => x);

    expect(e).toBeInstanceOf(InvalidInput);
    expect(e.detail).toBe('cursor が正しくありません。前のページの nextCursor を指定してください');
  });

  it('without a notice store it fails loudly rather than answering no mails', async () => {
    await expect(myNotices({}, 'u-prime', { limit: 10 })).rejects.toThrow('notices store is not configured');
  });
});
