// `registry` command: import a 建退共 registry file (docs/registry-file.md) with the same use case as the
// inbox's registry/ Lambda. With --url it drops the file under registry/ of a running `npm start`; without,
// it imports into the table named by TABLE_NAME (AWS credentials and region from the environment).
// stdout carries one JSON document (the import's counts); problems go to stderr.
// Exit: 0 done (a refused file included: its errors are the result), 2 usage or unreadable input, 1 failure.
import './quiet-logs.js';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FULL_EXPORT_PREFIX,
  importRegistryFile,
  REGISTRY_PREFIX,
} from '../functions/shared/registry/import.js';
import { cycleDeps } from '../functions/shared/runtime.js';
import { storeFromEnv } from '../functions/shared/storage/index.js';
import { ApiError, LocalApiClient } from '../infra/local/api-client.js';

const USAGE = `usage:
  npm run --silent registry -- import <registry.csv> [--full] [--url http://127.0.0.1:3000]
  npm run --silent registry -- help
  (or \`npx registry …\`: the same command without npm's banner)

  import   import the 建退共 registry file (共済契約者・被共済者・事業者; format in docs/registry-file.md):
           added, changed and ended records, 手帳更新 refunds (R-EXEMPT), months at 要修正 revalidated

options:
  --full       the file is a complete export: registry records missing from it are ended (not deleted)
  --url <url>  a running \`npm start\`: the file goes under registry/ of its inbox bucket; without
               --url the import writes to the table TABLE_NAME names (and resumes waits of STATE_MACHINE_ARN)
  -h, --help   this help

exit codes: 0 done (a refused file included), 2 usage error or unreadable input, 1 internal failure.`;

class UsageError extends Error {}
class InputError extends Error {}

async function importFile(file: string, full: boolean, url: string | undefined): Promise<void> {
  try {
    if (!(await stat(file)).isFile()) throw new InputError(`${file}: not a file`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = `${full ? FULL_EXPORT_PREFIX : REGISTRY_PREFIX}${basename(file)}`;
  let result: unknown;
  if (url !== undefined) {
    try {
      const r = await new LocalApiClient(url).drop(key, await readFile(file));
      result = r.start;
    } catch (e) {
      if (e instanceof TypeError)
        throw new InputError(`no local stack answers on ${url} (start it with \`npm start\`)`);
      if (e instanceof ApiError) throw new InputError(`${url}: ${e.message}`);
      throw e;
    }
  } else {
    if (!process.env.TABLE_NAME)
      throw new InputError(
        'TABLE_NAME is not set: name the table to import into, or pass --url for `npm start`',
      );
    const deps = cycleDeps();
    result = await importRegistryFile(
      { store: storeFromEnv(), cycle: deps },
      { body: createReadStream(file, { highWaterMark: 256 * 1024 }), key, full, by: 'cli' },
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse(args: string[]) {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        full: { type: 'boolean', default: false },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  }
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) throw new UsageError('no subcommand (import)');
  if (command !== 'import') throw new UsageError(`unknown subcommand: ${command}`);
  if (extra.length !== 1) throw new UsageError('import takes one file: registry import <registry.csv>');
  await importFile(extra[0]!, values.full, values.url);
  return 0;
}

function end(code: number): void {
  process.exitCode = code;
  // Flush stdout (a pipe), then end: the SDK's sockets must not keep the process alive.
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => end(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`registry: ${e.message} (see \`registry help\`)\n`);
      end(2);
    } else if (e instanceof InputError) {
      process.stderr.write(`registry: ${e.message}\n`);
      end(2);
    } else {
      process.stderr.write(
        `registry: internal failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      end(1);
    }
  },
);
