// LedgerPage (退職金ポイントの履歴)
// In: the contractor, the kind of points, a page size, the previous page's cursor. Out: entries, cursor.
// Course: read only; the cursor is the seq of the last entry returned (entries are numbered 1, 2, 3…).
import type { CycleDeps } from '../../../domain/ports/cycle.js';

export async function ledgerPage(
  deps: Pick<CycleDeps, 'ledger'>,
  contractorNo: string,
  q: { pointKind: 'regular' | 'special'; limit: number; cursor?: string | undefined },
) {
  const before = q.cursor === undefined ? Number.POSITIVE_INFINITY : Number(q.cursor);
  const all = (await deps.ledger.entries(contractorNo, q.pointKind))
    .filter((e) => e.seq < before)
    .sort((a, b) => b.seq - a.seq);
  const page = all.slice(0, q.limit);
  return {
    contractorNo,
    pointKind: q.pointKind,
    entries: page.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      refId: e.refId,
      amount: e.amount,
      balanceBefore: e.balanceBefore,
      balanceAfter: e.balanceAfter,
      at: e.at,
    })),
    nextCursor: all.length > page.length ? String(page.at(-1)!.seq) : null,
  };
}
