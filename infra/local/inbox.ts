// Where a local CCUS file goes in the inbox bucket, and the local inbox folder `npm start` watches.
// A file placed as inbox/ccus/<現場ID>/<YYYYMM>/<name>.csv keeps that key; any other .csv gets
// ccus/<現場ID>/<YYYYMM>/<name>.csv from its own first data row (現場ID, 対象年月), as CCUS would name it.
// A file under inbox/registry/ is a registry file (docs/registry-file.md): it keeps that key.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { CsvRecords } from '../../functions/shared/ccus/csv.js';
import { StreamDecoder } from '../../functions/shared/ccus/decode.js';
import { resolveHeader } from '../../functions/shared/ccus/header.js';
import { parseInboxKey } from '../../functions/shared/use-cases/month/ids.js';

const ENOUGH = Symbol('enough');

/** 現場ID and 対象年月 (YYYYMM) of a CCUS file's first data row, reading only its beginning. */
export async function peekSiteMonth(path: string): Promise<{ siteId: string; yyyymm: string } | null> {
  const decoder = new StreamDecoder();
  let index: { siteId: number; workMonth: number } | null = null;
  let found: { siteId: string; yyyymm: string } | null = null;
  const records = new CsvRecords(
    (cells) => {
      if (index === null) {
        const h = resolveHeader(cells);
        if (!h.ok) throw ENOUGH;
        index = { siteId: h.index.siteId, workMonth: h.index.workMonth };
        return;
      }
      const siteId = (cells[index.siteId] ?? '').trim();
      const month = (cells[index.workMonth] ?? '').trim().replace(/[-/]/, '');
      if (/^[0-9]{1,20}$/.test(siteId) && /^[0-9]{4}(0[1-9]|1[0-2])$/.test(month))
        found = { siteId, yyyymm: month };
      throw ENOUGH;
    },
    () => undefined,
  );
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) records.push(decoder.push(chunk as Buffer));
    records.push(decoder.end());
    records.end();
  } catch (e) {
    // ENOUGH ends the read early; a decoding problem leaves the file without a key (import refuses it).
    if (e !== ENOUGH && (e as NodeJS.ErrnoException).syscall !== undefined) throw e;
  } finally {
    stream.destroy();
  }
  return found;
}

/** The inbox key of a local file: its own layout under the inbox folder, else from its content. */
export async function inboxKeyOf(path: string, inboxDir?: string): Promise<string | null> {
  if (inboxDir) {
    const rel = relative(inboxDir, path).split(sep).join('/');
    // A registry file (docs/registry-file.md) keeps its place under registry/ (and registry/full/).
    if (parseInboxKey(rel) || /^registry\/[^/].*\.csv$/i.test(rel)) return rel;
  }
  const peek = await peekSiteMonth(path);
  return peek ? `ccus/${peek.siteId}/${peek.yyyymm}/${basename(path)}` : null;
}

async function csvFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await csvFiles(p)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.csv') && !e.name.startsWith('.')) out.push(p);
  }
  return out;
}

export interface InboxWatcher {
  close(): void;
}

/**
 * Polls the folder (portable, and a file being copied is taken only once its size and mtime hold
 * still for one interval): every new or changed .csv is handed over once.
 */
export function watchInbox(
  dir: string,
  onFile: (path: string, body: Buffer) => Promise<void>,
  onError: (e: unknown) => void,
  intervalMs = 500,
): InboxWatcher {
  const handled = new Map<string, string>();
  const seen = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const scan = async () => {
    for (const path of await csvFiles(dir)) {
      let sig: string;
      try {
        const s = await stat(path);
        sig = `${s.size}:${s.mtimeMs}`;
      } catch {
        continue;
      }
      if (handled.get(path) === sig) continue;
      if (seen.get(path) !== sig) {
        seen.set(path, sig);
        continue;
      }
      handled.set(path, sig);
      await onFile(path, await readFile(path));
    }
  };
  const loop = async () => {
    if (stopped) return;
    try {
      await scan();
    } catch (e) {
      onError(e);
    } finally {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    }
  };
  void loop();
  return {
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
