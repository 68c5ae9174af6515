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
  'exemption-refund': '免除還付（50日分）',
  'mispaid-return': '誤納返還',
  rebate: '戻し',
  stamps: '証紙振替',
};

/** The report routes answer a CSV (UTF-8 with BOM) or a printable page; both need the bearer token. */
type ReportPath =
  | '/v1/contractors/{contractorNo}/reports/ledger-book'
  | '/v1/contractors/{contractorNo}/reports/subcontractors';

async function openReport(
  path: ReportPath | '/v1/contractors/{contractorNo}/purchases/{paymentId}/receipt',
  pathParams: { contractorNo: string; paymentId?: string },
  query: Record<string, string | number>,
  format: 'csv' | 'html',
  fileName: string,
) {
  // biome-ignore lint/suspicious/noExplicitAny: one helper for three typed routes of the same shape
  const r = await (api.GET as any)(path, {
    params: { path: pathParams, query: { ...query, format } },
    parseAs: 'blob',
  });
  if (!r.response.ok) await call(Promise.resolve(r));
  const url = URL.createObjectURL(r.data as Blob);
  if (format === 'html') {
    // The printable page opens in its own tab; the browser's print prints it.
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return;
  }
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

/** 受払簿 (決算期ごと) and the per-subcontractor basis of the 受領書, as CSV or a printable page. */
function Reports({
  contractorNo,
  pointKind,
  onError,
}: {
  contractorNo: string;
  pointKind: 'regular' | 'special';
  onError: (e: unknown) => void;
}) {
  // The 決算期 is named by the year it starts in; the start month is the contractor's setting (April by default).
  const [year, setYear] = useState(() => {
    const now = new Date();
    return now.getMonth() + 1 >= 4 ? now.getFullYear() : now.getFullYear() - 1;
  });
  const run = (
    path: ReportPath,
    query: Record<string, string | number>,
    format: 'csv' | 'html',
    name: string,
  ) =>
    openReport(
      path,
      { contractorNo },
      { fiscalYear: year, ...query },
      format,
      `${name}-${contractorNo}-${year}`,
    ).catch(onError);
  return (
    <>
      <h2>報告書（加入・履行証明、経審、発注者への提出用）</h2>
      <label class="field">
        <span>決算期（開始年）</span>
        <input
          type="number"
          min={2000}
          max={2100}
          value={year}
          onInput={(e) => setYear(Number(e.currentTarget.value))}
        />
      </label>
      <p>
        <button
          type="button"
          onClick={() =>
            run('/v1/contractors/{contractorNo}/reports/ledger-book', { pointKind }, 'csv', 'ukeharaibo')
          }
        >
          受払簿 CSV
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            run('/v1/contractors/{contractorNo}/reports/ledger-book', { pointKind }, 'html', 'ukeharaibo')
          }
        >
          受払簿 印刷用
        </button>{' '}
        <button
          type="button"
          onClick={() => run('/v1/contractors/{contractorNo}/reports/subcontractors', {}, 'csv', 'shitauke')}
        >
          下請別 CSV
        </button>{' '}
        <button
          type="button"
          onClick={() => run('/v1/contractors/{contractorNo}/reports/subcontractors', {}, 'html', 'shitauke')}
        >
          下請別 印刷用
        </button>
      </p>
    </>
  );
}

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
                <td>
                  {e.refId}
                  {(e.kind === 'purchase' || e.kind === 'stamps') && (
                    <>
                      {' '}
                      <button
                        type="button"
                        onClick={() =>
                          openReport(
                            '/v1/contractors/{contractorNo}/purchases/{paymentId}/receipt',
                            { contractorNo, paymentId: e.refId },
                            {},
                            'html',
                            `shunousho-${e.refId}`,
                          ).catch(setError)
                        }
                      >
                        収納書
                      </button>
                    </>
                  )}
                </td>
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
      <Reports contractorNo={contractorNo} pointKind={pointKind} onError={setError} />
    </section>
  );
}
