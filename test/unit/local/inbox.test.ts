// The local inbox: which key a file dropped into ./inbox gets, and the folder watch of `npm start`.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inboxKeyOf, peekSiteMonth, watchInbox } from '../../../infra/local/inbox.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/cases');

describe('inbox keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-'));
  const cp932 = readFileSync(resolve(FIXTURES, 'basic-cp932/ccus.csv'));

  it('keeps the ccus/<現場ID>/<YYYYMM>/<name>.csv layout, else reads the first data row (CP932 or UTF-8)', async () => {
    mkdirSync(join(dir, 'ccus/123/202611'), { recursive: true });
    writeFileSync(join(dir, 'ccus/123/202611/a.csv'), cp932);
    expect(await inboxKeyOf(join(dir, 'ccus/123/202611/a.csv'), dir)).toBe('ccus/123/202611/a.csv');
    writeFileSync(join(dir, 'october.csv'), cp932);
    expect(await inboxKeyOf(join(dir, 'october.csv'), dir)).toBe('ccus/9000000001/202610/october.csv');
    writeFileSync(join(dir, 'utf8.csv'), readFileSync(resolve(FIXTURES, 'basic-utf8/ccus.csv')));
    expect(await peekSiteMonth(join(dir, 'utf8.csv'))).toEqual({ siteId: '9000000001', yyyymm: '202610' });
  });

  it('keeps a registry file under registry/ (and registry/full/) as its key', async () => {
    mkdirSync(join(dir, 'registry/full'), { recursive: true });
    writeFileSync(join(dir, 'registry/2026-11.csv'), '種別,共済契約者番号,状態\n');
    writeFileSync(join(dir, 'registry/full/all.csv'), '種別,共済契約者番号,状態\n');
    expect(await inboxKeyOf(join(dir, 'registry/2026-11.csv'), dir)).toBe('registry/2026-11.csv');
    expect(await inboxKeyOf(join(dir, 'registry/full/all.csv'), dir)).toBe('registry/full/all.csv');
  });

  it('gives no key to a file that names no site and month', async () => {
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    expect(await inboxKeyOf(join(dir, 'other.csv'), dir)).toBeNull();
    writeFileSync(join(dir, 'empty.csv'), '');
    expect(await inboxKeyOf(join(dir, 'empty.csv'))).toBeNull();
  });

  it('hands over each new or changed .csv once it holds still', async () => {
    const watched = mkdtempSync(join(tmpdir(), 'inbox-watch-'));
    const seen: string[] = [];
    const w = watchInbox(
      watched,
      async (path, body) => {
        seen.push(`${path.slice(watched.length + 1)}:${body.length}`);
      },
      (e) => {
        throw e;
      },
      10,
    );
    try {
      writeFileSync(join(watched, 'a.csv'), 'x');
      writeFileSync(join(watched, 'notes.txt'), 'x');
      await new Promise((r) => setTimeout(r, 100));
      writeFileSync(join(watched, 'a.csv'), 'xyz');
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      w.close();
    }
    expect(seen).toEqual(['a.csv:1', 'a.csv:3']);
  });
});
