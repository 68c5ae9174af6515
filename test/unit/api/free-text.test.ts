// Free text typed by people (理由, 現場名) refuses control and bidirectional characters with a 400 that
// names the field, on every route that takes such text, before anything is stored.
import { describe, expect, it } from 'vitest';
import type { IdempotencyClaim } from '../../../domain/ports/storage.js';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { freeText, siteBody } from '../../../functions/api/schemas.js';
import { apiClient } from '../../integration/api/http.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const PRIME = { sub: 'owner', contractorNo: '1000000001', role: '事業者責任者' as const };
const MONTH = '/v1/sites/9000000001/months/2026-10';

/** Validation runs before any use case: only the Idempotency-Key claim is needed. */
const deps = {
  now: () => new Date('2026-11-13T00:00:00Z'),
  idempotency: {
    claim: async (): Promise<IdempotencyClaim> => ({ status: 'claimed' }),
    complete: async () => undefined,
    release: async () => undefined,
  },
} as unknown as ApiDeps;

const site = {
  name: '○○ビル新築工事',
  linkMethod: 'auto',
  outputMethod: '元請一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};

/** Each route with free text: method, path, a valid body, and the field. */
const FIELDS = [
  ['PUT', '/v1/sites/9000000001', site, 'name'],
  [
    'POST',
    `${MONTH}/lines/adjust`,
    { workerId: '42000000000001', employerCompanyId: '10000000000001', days: 3, reason: '日数の誤り' },
    'reason',
  ],
  [
    'POST',
    `${MONTH}/corrections/double-employer`,
    { workerId: '42000000000001', reason: '確認済み' },
    'reason',
  ],
  ['POST', `${MONTH}/reject`, { reason: '日数を確認してください' }, 'reason'],
] as const;

const FORBIDDEN = {
  NUL: '\u0000',
  TAB: '\t',
  LF: '\n',
  CR: '\r',
  ESC: '\u001b',
  DEL: '\u007f',
  C1: '\u0085',
  RLO: '\u202e',
  LRE: '\u202a',
  RLI: '\u2067',
  PDI: '\u2069',
  LRM: '\u200e',
  RLM: '\u200f',
  ALM: '\u061c',
};

describe('free text refuses control and bidi characters (400 naming the field)', () => {
  it.each(
    FIELDS.flatMap(([method, path, body, field]) =>
      Object.entries(FORBIDDEN).map(
        ([name, ch]) => [`${method} ${path} ${field} with ${name}`, method, path, body, field, ch] as const,
      ),
    ),
  )('%s', async (_, method, path, body, field, ch) => {
    const value = `${(body as Record<string, string>)[field]}${ch}evil`;
    const r = await apiClient(PRIME, deps).send(method, path, { ...body, [field]: value });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json.detail).toContain(field);
    expect(r.json.errors).toEqual([
      expect.objectContaining({ in: 'body', path: field, message: expect.stringContaining('制御文字') }),
    ]);
    // The value is never echoed back.
    expect(r.raw.body).not.toContain('evil');
  });

  it('accepts ordinary Japanese text with spaces, and trims it', () => {
    const parsed = siteBody.parse({ ...site, name: '  ○○ビル 新築工事（第２期）  ' });
    expect(parsed.name).toBe('○○ビル 新築工事（第２期）');
    expect(freeText('理由', 10).safeParse('全角　スペース').success).toBe(true);
    expect(freeText('理由', 10).safeParse('').success).toBe(false);
  });
});
