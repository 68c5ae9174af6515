import { describe, expect, it } from 'vitest';
import { contractorAudit, contractorAuditCsv } from '../../../functions/shared/use-cases/contractor-audit.js';
import { InvalidInput } from '../../../functions/shared/use-cases/errors.js';
import { M, type PeopleDeps, peopleDeps } from './people.js';
import { PRIME, SITE } from './support.js';

const SATO = '2000000001';
const OTHER_SITE = '9000000002';

/**
 * Records around the prime (its user u-prime, its site 9000000001) and around others: 佐藤工業's user on
 * the prime's site, the prime's user on another prime's site, payments naming each contractor, and a
 * stranger's action on another site.
 */
async function trail(deps: PeopleDeps) {
  await deps.registry.putUser({ userId: 'u-sato', contractorNo: SATO, role: '事業者責任者' });
  const add = (
    at: string,
    actor: string,
    action: string,
    where: { siteId?: string; workMonth?: string },
    subject: Record<string, string> = {},
  ) => deps.audit.append({ at, actor, action, ...where, subject: { tag: action, ...subject } });
  await add('2026-11-11T01:00:00.000Z', 'ccus-import', 'import', M);
  await add('2026-11-11T02:00:00.000Z', 'u-sato', 'report-first-tier', M);
  await add('2026-11-11T03:00:00.000Z', 'u-prime', 'report-first-tier', {
    siteId: OTHER_SITE,
    workMonth: '2026-10',
  });
  await add('2026-11-11T04:00:00.000Z', 'payments-client', 'credit-payment', {}, { contractorNo: PRIME });
  await add('2026-11-11T05:00:00.000Z', 'payments-client', 'credit-payment', {}, { contractorNo: SATO });
  await add('2026-11-11T06:00:00.000Z', 'u-stranger', 'approve', {
    siteId: OTHER_SITE,
    workMonth: '2026-10',
  });
  await add('2026-11-11T15:30:00.000Z', 'u-prime', 'approve', M);
}

const tags = (items: { subject: Record<string, string>; actor: string }[]) =>
  items.map((r) => `${r.actor}:${r.subject.tag}`);

describe('contractorAudit (共済契約者の監査記録)', () => {
  it('what its users did anywhere, what happened on its sites, payments naming it — each once, oldest first', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const p = await contractorAudit(deps, { contractorNo: PRIME }, { limit: 100 });

    expect(p.scope).toBe('all');
    expect(tags(p.items)).toEqual([
      'ccus-import:import',
      'u-sato:report-first-tier',
      'u-prime:report-first-tier',
      'payments-client:credit-payment',
      'u-prime:approve',
    ]);
    expect(p.items[3]!.subject.contractorNo).toBe(PRIME);
  });

  it('another contractor’s trail has its own payment and its user’s actions, not the prime’s site', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const p = await contractorAudit(deps, { contractorNo: SATO }, { limit: 100 });

    expect(tags(p.items)).toEqual(['u-sato:report-first-tier', 'payments-client:credit-payment']);
    expect(p.items[1]!.subject.contractorNo).toBe(SATO);
  });

  it('its own reader counts among its users even before the directory lists it', async () => {
    const deps = await peopleDeps();
    await trail(deps);
    await deps.audit.append({ actor: 'u-new', action: 'put-site', siteId: OTHER_SITE, subject: {} });

    const withReader = await contractorAudit(deps, { contractorNo: SATO, reader: 'u-new' }, { limit: 100 });
    const operators = await contractorAudit(deps, { contractorNo: SATO }, { limit: 100 });

    expect(withReader.items.map((r) => r.actor)).toContain('u-new');
    expect(operators.items.map((r) => r.actor)).not.toContain('u-new');
  });

  it('pages with the cursor it returns and refuses one it never returned; ranges are Japan days', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const first = await contractorAudit(deps, { contractorNo: PRIME }, { limit: 4 });
    const rest = await contractorAudit(deps, { contractorNo: PRIME }, { limit: 4, cursor: first.nextCursor });
    const on12th = await contractorAudit(deps, { contractorNo: PRIME }, { limit: 100, from: '2026-11-12' });

    expect(first.items).toHaveLength(4);
    expect(tags(rest.items)).toEqual(['u-prime:approve']);
    expect(rest).not.toHaveProperty('nextCursor');
    expect(tags(on12th.items)).toEqual(['u-prime:approve']);
    await expect(
      contractorAudit(deps, { contractorNo: PRIME }, { limit: 4, cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it('the CSV of a range: BOM, header, one line per record of the contractor in Japan time', async () => {
    const deps = await peopleDeps();
    await trail(deps);

    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await contractorAuditCsv(deps, { contractorNo: PRIME }, { to: '2026-11-11' }),
    );
    const lines = text.split('\r\n').filter((l) => l !== '');

    expect(lines[0]).toBe('\ufeff日時（日本時間）,操作者,操作,現場ID,対象年月,対象,理由,記録ID');
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toMatch(
      new RegExp(`^2026-11-11 10:00:00,ccus-import,import,${SITE},2026-10,tag=import,,`),
    );
    expect(lines[4]).toContain(`payments-client,credit-payment,,,tag=credit-payment contractorNo=${PRIME}`);
    expect(text).not.toContain('u-stranger');
  });
});
