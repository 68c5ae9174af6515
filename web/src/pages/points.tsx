// 退職金ポイント: the balances of the signed-in contractor and its ledger, a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';
import type { Session } from '../auth';
import { Busy, ErrorBox, fmt } from '../ui';

type Ledger =
  paths['/v1/contractors/{contractorNo}/ledger']['get']['responses'][200]['content']['application/json'];
type Balances =
  paths['/v1/contractors/{contractorNo}/balances']['get']['responses'][200]['content']['application/json'];

const KIND: Record<Ledger['entries'][number]['kind'], string> = {
  purchase: '購入',
  debit: '充当',
  'exemption-refund': '免除による返還',
  'mispaid-return': '誤払いの戻し',
  rebate: '戻し',
};

const PAGE = 20;

export function PointsPage({ session }: { session: Session }) {
  const contractorNo = session.contractorNo;
  const [balances, setBalances] = useState<Balances | undefined>();
  const [pointKind, setPointKind] = useState<'regular' | 'special'>('regular');
  // The cursors of the pages seen so far: back is the previous one, forward the answer's nextCursor.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [ledger, setLedger] = useState<Ledger | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    call(api.GET('/v1/contractors/{contractorNo}/balances', { params: { path: { contractorNo } } })).then(
      setBalances,
      setError,
    );
  }, [contractorNo]);
  useEffect(() => {
    setLoading(true);
    call(
      api.GET('/v1/contractors/{contractorNo}/ledger', {
        params: { path: { contractorNo }, query: { pointKind, limit: PAGE, ...(cursor ? { cursor } : {}) } },
      }),
    )
      .then(setLedger, setError)
      .finally(() => setLoading(false));
  }, [contractorNo, pointKind, cursor]);

  return (
    <section>
      <h1>退職金ポイント</h1>
      <ErrorBox error={error} />
      {!balances && !error && <Busy label="残高を読み込み中…" />}
      {balances && (
        <dl class="counts" aria-label="残高">
          <dt>共済契約者番号</dt>
          <dd>{balances.contractorNo}</dd>
          <dt>退職金ポイント</dt>
          <dd data-testid="balance-regular">{fmt(balances.regular)}</dd>
          <dt>特別ポイント</dt>
          <dd>{fmt(balances.special)}</dd>
        </dl>
      )}
      <h2>ポイントの履歴</h2>
      <label class="field">
        <span>種類</span>
        <select
          value={pointKind}
          onChange={(e) => {
            setPointKind(e.currentTarget.value as 'regular' | 'special');
            setCursors([undefined]);
          }}
        >
          <option value="regular">退職金ポイント</option>
          <option value="special">特別ポイント</option>
        </select>
      </label>
      {loading && <Busy label="履歴を読み込み中…" />}
      {ledger && ledger.entries.length === 0 && <p>履歴はありません。</p>}
      {ledger && ledger.entries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">内容</th>
              <th scope="col">参照</th>
              <th scope="col">増減</th>
              <th scope="col">残高</th>
            </tr>
          </thead>
          <tbody>
            {ledger.entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
                <td>{KIND[e.kind] ?? e.kind}</td>
                <td>{e.refId}</td>
                <td>
                  {/* The change as the balance saw it: a debit shows as a minus. */}
                  {e.balanceAfter < e.balanceBefore ? '−' : '+'}
                  {fmt(Math.abs(e.balanceAfter - e.balanceBefore))}
                </td>
                <td>{fmt(e.balanceAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="履歴のページ" class="pager">
        <button
          type="button"
          disabled={cursors.length < 2 || loading}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          前のページ
        </button>
        <button
          type="button"
          disabled={!ledger?.nextCursor || loading}
          onClick={() => ledger?.nextCursor && setCursors([...cursors, ledger.nextCursor])}
        >
          次のページ
        </button>
      </nav>
      <p>証明書（充当の明細）はこの画面ではまだ出せません。</p>
    </section>
  );
}
