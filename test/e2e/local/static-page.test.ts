// `npm start` serves the built web page on the API's port: GET outside /v1 and /local reads web/dist,
// paths without an extension get index.html (the page routes by hash), nothing outside the folder leaks,
// and the API keeps its own answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHttpApi, startHttpApi } from '../../../infra/local/http-api.js';

let dir: string;
let api: LocalHttpApi;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'static-page-'));
  dir = join(root, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'not for the browser');
  api = await startHttpApi({
    routes: [],
    handlerOf: async () => async () => ({ statusCode: 200, body: '{}' }),
    userOf: async () => undefined,
    port: 0,
    env: {},
    staticDir: dir,
  });
});
afterAll(async () => {
  await api?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('the local server serves the built page', () => {
  it('answers / and hash-routed paths with index.html, assets with their type and a long cache', async () => {
    for (const path of ['/', '/sites']) {
      const r = await fetch(`${api.url}${path}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(await r.text()).toContain('<title>page</title>');
    }
    const js = await fetch(`${api.url}/assets/index-abc.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('never serves a file outside the folder, and leaves /v1 and missing files to the API (404)', async () => {
    // Raw paths: fetch would normalize the dots away before sending.
    for (const path of [
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/missing.js',
    ])
      expect(await rawStatus(path), path).toBe(404);
    const v1 = await fetch(`${api.url}/v1/nothing`);
    expect(v1.status).toBe(404);
    expect(v1.headers.get('content-type')).toContain('json');
  });
});

function rawStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: api.port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}
