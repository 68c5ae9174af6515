// R-ZERO-MONTH in the reader: a file with no worked day (the header alone, or rows without a 就業日)
// is a month without work, not a refusal — when the object key says which site and month it is.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../domain/types.js';
import type { IngestOutcome, IngestValidated } from '../../../functions/shared/ccus/ingest.js';
import { csv, HEADERS, row, subRow } from '../../fixtures/bad-input/make.js';
import { ingest } from './helpers.js';

const H = [...HEADERS];
const bytes = (s: string) => new TextEncoder().encode(s);
const site: Site = {
  siteId: '9000000001',
  name: '○○ビル新築工事',
  primeContractorNo: '1000000001',
  linkMethod: 'auto',
  outputMethod: '一次一括',
  accumulationStart: '2026-04-01',
  accumulationEnd: '2027-03-31',
  linkedOn: '2026-04-01',
};
const fromKey = { expectedSiteId: '9000000001', expectedWorkMonth: '202610', site };

function validated(o: IngestOutcome): IngestValidated {
  if (o.status !== 'validated') throw new Error(`refused: ${JSON.stringify(o.errors.slice(0, 3))}`);
  return o;
}

describe('R-ZERO-MONTH files without a worked day', () => {
  it('the header alone, under an inbox key: a month of 0 days taken from the key and the site', async () => {
    const o = validated(await ingest(bytes(csv([H])), fromKey));
    expect(o.result).toMatchObject({
      siteId: '9000000001',
      workMonth: '2026-10',
      siteName: '○○ビル新築工事',
      outputMethod: '一次一括',
      status: '予約可能',
      flags: [],
      lines: [],
      totals: { rows: 0, workers: 0, days: 0, points: 0 },
    });
  });

  it('the header alone without a key (cycle check) is still refused: nothing says which month', async () => {
    const o = await ingest(bytes(csv([H])));
    expect(o).toMatchObject({ status: 'refused', errors: [{ code: 'NO_DATA' }] });
  });

  it('the header alone for a month outside the provision window is refused (R-PROVISION)', async () => {
    const o = await ingest(bytes(csv([H])), { ...fromKey, expectedWorkMonth: '202701' });
    expect(o.status).toBe('validated');
    const late = await ingest(bytes(csv([H])), { ...fromKey, expectedWorkMonth: '202705' });
    expect(late).toMatchObject({ status: 'refused', errors: [{ code: 'PROVISION' }] });
  });

  it('rows whose 就業日 is empty count as rows, add no day, and make a 0-day month', async () => {
    const o = validated(
      await ingest(
        bytes(csv([H, row({ 就業日: '' }), subRow({ 就業日: '' }), subRow({ 就業日: ' ' })])),
        fromKey,
      ),
    );
    expect(o.result.totals).toEqual({ rows: 3, workers: 0, days: 0, points: 0 });
    // The header values come from the file's rows.
    expect(o.result).toMatchObject({ outputMethod: '元請一括', primeCompanyId: '10000000000001', flags: [] });
  });

  it('a row without a 就業日 is still checked: a bad 技能者ID refuses the file', async () => {
    const o = await ingest(bytes(csv([H, row({ 就業日: '', 技能者ID: 'abc' })])), fromKey);
    expect(o).toMatchObject({ status: 'refused', errors: [{ line: 2, column: '技能者ID' }] });
  });

  it('a file mixing worked and empty days counts the worked ones only', async () => {
    const o = validated(
      await ingest(bytes(csv([H, row({}, 1), row({}, 2), subRow({ 就業日: '' })])), fromKey),
    );
    expect(o.result.totals).toEqual({ rows: 3, workers: 1, days: 2, points: 640 });
  });
});
