import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../functions/shared/use-cases/errors.js';
import { monthAudit, monthAuditCsv } from '../../../functions/shared/use-cases/month-audit.js';
import { M, type PeopleDeps, peopleDeps } from './people.js';
import { SITE } from './support.js';

const SATO = '2000000001';
const OTHER_SITE = '9000000002';

/**
 * A trail around the month (times in UTC; 2026-11-11T15:30Z is already 2026-11-12 in Japan): the month's
 * own records, one of the site naming no month, one of another month and one of another site.
 */
async function trail(deps: PeopleDeps) {
  await deps.registry.putUser({ userId: 'u-sato', contractorNo: SATO, role: '事業者責任者' });
  const add = (at: string, actor: string, action: string, where: { siteId?: string; workMonth?: string }) =>
    deps.audit.append({ at, actor, action, ...where, subject: { tag: action } });
  await add('2026-11-11T01:00:00.000Z', 'ccus-import', 'import', M);
  await add('2026-11-11T02:00:00.000Z', 'u-prime', 'map-company', { siteId: SITE });
  await add('2026-11-11T03:00:00.000Z', 'u-sato', 'report-first-tier', M);
  await add('2026-11-11T04:00:00.000Z', 'u-prime', 'adjust-line', { siteId: SITE, workMonth: '2026-09' });
  await add('2026-11-11T05:00:00.000Z', 'u-prime', 'put-site', {
    siteId: OTHER_SITE,
    workMonth: M.workMonth,
  });
  await add('2026-11-11T15:30:00.000Z', 'u-prime', 'approve', M);
}

const actions = (items: { action: string }[]) => items.map((r) => r.action);

describe('monthAudit (この月の監査記録)', () => {
  it('the month’s records and the site’s records naming no month, oldest first — not other months or sites', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const p = await monthAudit(deps, M, { limit: 100 });

    expect(p.scope).toBe('all');
    expect(actions(p.items)).toEqual(['import', 'map-company', 'report-first-tier', 'approve']);
    expect(p).not.toHaveProperty('nextCursor');
  });

  it('a 一次’s managers read their own contractor’s actions only (own-actions), the caller among them', async () => {
    const deps = await peopleDeps();
    await trail(deps);
    // A user the directory does not list yet reads its own actions too.
    await deps.audit.append({ actor: 'u-sato-new', action: 'adjust-line', ...M, subject: {} });

    const p = await monthAudit(
      deps,
      { ...M, ownActionsOf: { contractorNo: SATO, userId: 'u-sato-new' } },
      { limit: 100 },
    );

    expect(p.scope).toBe('own-actions');
    expect(p.items.map((r) => r.actor)).toEqual(['u-sato', 'u-sato-new']);
  });

  it('pages with the cursor it returns, every record once; a cursor it never returned is refused', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const first = await monthAudit(deps, M, { limit: 3 });
    const second = await monthAudit(deps, M, { limit: 3, cursor: first.nextCursor });

    expect(actions(first.items)).toEqual(['import', 'map-company', 'report-first-tier']);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(actions(second.items)).toEqual(['approve']);
    expect(second).not.toHaveProperty('nextCursor');
    await expect(monthAudit(deps, M, { limit: 3, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(
      new InvalidInput('cursor はこの API が返した nextCursor を指定してください'),
    );
  });

  it('a range is of Japan days: from and to include their whole day in Japan', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const on11th = await monthAudit(deps, M, { limit: 100, from: '2026-11-11', to: '2026-11-11' });
    const from12th = await monthAudit(deps, M, { limit: 100, from: '2026-11-12' });

    expect(actions(on11th.items)).toEqual(['import', 'map-company', 'report-first-tier']);
    expect(actions(from12th.items)).toEqual(['approve']);
  });

  it('the CSV: UTF-8 with a BOM, a header, one line per record in Japan time, formulas made inert', async () => {
    const deps = await peopleDeps();
    await trail(deps);
    await deps.audit.append({
      at: '2026-11-12T00:00:00.000Z',
      actor: 'u-prime',
      action: 'reject',
      ...M,
      subject: { importId: 'imp-1' },
      reason: '=HYPERLINK("http://x")',
    });

    const bytes = await monthAuditCsv(deps, M, { from: '2026-11-12' });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.split('\r\n').filter((l) => l !== '');

    expect(text.startsWith('\ufeff')).toBe(true);
    expect(lines[0]).toBe('\ufeff日時（日本時間）,操作者,操作,現場ID,対象年月,対象,理由,記録ID');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^2026-11-12 00:30:00,u-prime,approve,9000000001,2026-10,tag=approve,,audit-\d+$/,
    );
    expect(lines[2]).toContain(`2026-11-12 09:00:00,u-prime,reject,${SITE},2026-10,importId=imp-1,`);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);

    const whole = new TextDecoder().decode(await monthAuditCsv(deps, M, {}));
    expect(whole.split('\r\n').filter((l) => l !== '')).toHaveLength(1 + 5);
    expect(whole).not.toContain('put-site');
    expect(whole).not.toContain('2026-09');
  });
});
