// The in-memory adapters keep the promises of the DynamoDB adapters the use cases rely on; if one of
// these fails, a use-case test over it proves nothing.
import { describe, expect, it } from 'vitest';
import type { NewImport } from '../../../domain/ports/storage.js';
import { MemoryIdempotencyStore, MemoryNoticeStore, memoryCycleDeps } from '../../support/memory/index.js';

const S = '9000000001';
const M = '2026-10';

function newImport(importId: string, extra: Partial<NewImport> = {}): NewImport {
  return {
    siteId: S,
    workMonth: M,
    importId,
    fileKey: `ccus/${S}/202610/${importId}.csv`,
    versionId: 'v1',
    status: '予約可能',
    flags: [],
    totals: { rows: 0, workers: 0, days: 0, points: 0 },
    siteName: '',
    outputMethod: '元請一括',
    primeCompanyId: '',
    companies: [],
    receivedAt: '2026-11-12T01:00:00.000Z',
    ...extra,
  };
}

describe('memory adapters keep the storage contracts', () => {
  it('ledger: a debit once per application, never below zero; a payment id credits one balance', async () => {
    const { ledger } = memoryCycleDeps();
    await ledger.credit({
      contractorNo: 'c',
      pointKind: 'regular',
      kind: 'purchase',
      refId: 'p1',
      amount: 100,
    });
    const debit = { contractorNo: 'c', pointKind: 'regular' as const, applicationId: 'a1', amount: 60 };

    expect(await ledger.debit(debit)).toEqual({ status: 'debited', balanceBefore: 100, balanceAfter: 40 });
    expect(await ledger.debit(debit)).toEqual({
      status: 'already-debited',
      balanceBefore: 100,
      balanceAfter: 40,
    });
    expect(await ledger.debit({ ...debit, applicationId: 'a2' })).toEqual({
      status: 'insufficient',
      balance: 40,
    });
    await expect(
      ledger.credit({
        contractorNo: 'other',
        pointKind: 'regular',
        kind: 'purchase',
        refId: 'p1',
        amount: 100,
      }),
    ).rejects.toThrow();
    expect((await ledger.reconcile('c', 'regular')).ok).toBe(true);
  });

  it('imports: one current import, checked against the one the caller saw; a charged month is pinned', async () => {
    const { imports } = memoryCycleDeps();
    expect(await imports.saveImport(newImport('i1'), [])).toEqual({ status: 'saved' });
    expect(await imports.saveImport(newImport('i1'), [])).toEqual({ status: 'exists' });
    expect(await imports.saveImport(newImport('i2'), [], 'other')).toEqual({
      status: 'conflict',
      currentImportId: 'i1',
    });
    expect(await imports.saveImport(newImport('i2'), [], 'i1')).toEqual({
      status: 'saved',
      replacedImportId: 'i1',
    });
    expect((await imports.getImport(S, M, 'i1'))?.supersededBy).toBe('i2');
    await expect(imports.markCharged(S, M, 'i1', 'now')).rejects.toThrow();
    await imports.markCharged(S, M, 'i2', 'now');
    expect(await imports.saveImport(newImport('i3'), [], 'i2')).toEqual({
      status: 'charged',
      chargedImportId: 'i2',
    });
    await expect(imports.updateValidation(S, M, 'i2', '要修正', [])).rejects.toThrow(/not open/);
    expect(await imports.markNoWork(S, M, 'i2', 'now')).toBe(false);
  });

  it('waits: stored (with their notices) only while the import is current; clear(onlyToken) spares a newer wait', async () => {
    const { imports, waits, outbox } = memoryCycleDeps();
    await imports.saveImport(newImport('i1'), []);
    const wait = {
      siteId: S,
      workMonth: M,
      waitKind: 'Application' as const,
      deadline: '2026-11-30',
      createdAt: 'now',
    };
    const notice = { messageId: 'm1', notice: 'x', to: 'c', payload: {}, createdAt: 'now' };

    expect(await waits.put({ ...wait, importId: 'i0' }, 't0', [notice])).toBe('not-current');
    expect(outbox.messages()).toEqual([]);
    expect(await waits.put({ ...wait, importId: 'i1' }, 't1', [notice])).toBe('stored');
    await waits.clear(S, M, 'Application', 'stale-token');
    expect(await waits.token(S, M, 'Application')).toBe('t1');
    await waits.clear(S, M, 'Application', 't1');
    expect(await waits.get(S, M, 'Application')).toBeUndefined();
  });

  it('workflow: each step only from the state it was decided on; 充当済 is final and idempotent', async () => {
    const { workflow } = memoryCycleDeps();
    const app = {
      siteId: S,
      workMonth: M,
      importId: 'i1',
      primeContractorNo: 'c',
      pointKind: 'regular' as const,
      points: 1,
      workers: 1,
      days: 1,
      appliedBy: 'u',
    };
    expect((await workflow.approve(S, M, { by: 'u' }, 'now')).status).toBe('refused');
    expect((await workflow.apply(app, 'now')).status).toBe('ok');
    expect((await workflow.apply(app, 'now')).status).toBe('refused');
    expect((await workflow.markApplicationCharged(S, M, 'now')).status).toBe('refused');
    expect((await workflow.approve(S, M, { by: 'u' }, 'now')).status).toBe('ok');
    expect((await workflow.reject(S, M, { by: 'u', reason: 'r' }, 'now')).status).toBe('refused');
    expect((await workflow.markApplicationCharged(S, M, 'now')).status).toBe('ok');
    expect((await workflow.markApplicationCharged(S, M, 'later')).status).toBe('ok');
    expect((await workflow.withdraw(S, M, 'i1', { by: 's', reason: 'r' }, 'now')).status).toBe('refused');
  });

  it('outbox and notice store: a message queued once, claimed by one dispatcher, one mail per recipient', async () => {
    const { outbox } = memoryCycleDeps();
    const notices = new MemoryNoticeStore(outbox);
    const m = { messageId: 'm1', notice: 'x', to: 'c', payload: {}, createdAt: '2026-11-12T00:00:00.000Z' };
    await outbox.enqueue(m);
    await outbox.enqueue({ ...m, to: 'changed' });
    const now = new Date('2026-11-12T01:00:00Z');

    expect(await notices.due(now, 10)).toEqual([m]);
    expect(await notices.claim('m1', 'k1', now, 60_000)).toMatchObject({ attempts: 1 });
    expect(await notices.claim('m1', 'k2', now, 60_000)).toBeUndefined();
    const d = {
      messageId: 'm1',
      recipient: 'u',
      address: 'a@example.jp',
      kind: 'charged' as const,
      subject: 's',
      text: 't',
      createdAt: m.createdAt,
      startedAt: 'now',
    };
    expect(await notices.begin(d)).toEqual({ status: 'begun' });
    expect(await notices.begin(d)).toEqual({ status: 'unfinished', startedAt: 'now' });
    await notices.sent('m1', 'u', 'now', 'p1');
    expect(await notices.begin(d)).toEqual({ status: 'sent' });
    await notices.complete('m1', 'k1', 'now');
    expect(await notices.status('m1')).toEqual({ state: 'sent', attempts: 1 });
    expect(await notices.due(now, 10)).toEqual([]);
  });

  it('idempotency: a key claimed once; the first response replayed; an abandoned claim taken over', async () => {
    const store = new MemoryIdempotencyStore<string>();
    const t0 = new Date('2026-11-12T01:00:00Z');
    expect(await store.claim('u', 'k', 'f', t0)).toEqual({ status: 'claimed' });
    expect(await store.claim('u', 'k', 'f', t0)).toMatchObject({ status: 'in-progress' });
    expect(await store.claim('u', 'k', 'f', new Date(t0.getTime() + 61_000))).toEqual({ status: 'claimed' });
    await store.complete('u', 'k', 'f', 'first', t0);
    expect(await store.claim('u', 'k', 'g', t0)).toEqual({
      status: 'completed',
      fingerprint: 'f',
      response: 'first',
    });
  });

  it('registry: corrections reach the loader, scoped to the prime that made them (R-MAPPING-SCOPE)', async () => {
    const { registry } = memoryCycleDeps();
    await registry.putContractor({ contractorNo: '3000000001', name: 'x', kind: 'regular', active: true });
    await registry.mapCompany('c1', '3000000001', { by: 'u', primeContractorNo: 'p1' });
    const needs = {
      siteId: S,
      workMonth: M,
      contractorNos: [],
      memberNos: [],
      companyIds: ['c1'],
      workerIds: [],
    };

    expect((await registry.load({ ...needs, primeContractorNo: 'p1' })).companyCorrection('c1')).toBe(
      '3000000001',
    );
    expect(
      (await registry.load({ ...needs, primeContractorNo: 'p2' })).companyCorrection('c1'),
    ).toBeUndefined();
  });
});
