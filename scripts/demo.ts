// `npm run demo`: one month told end to end on the embedded local stack, in Japanese and English.
// A variant of the corrections fixture (the same CCUS file with 出力方法 一次一括, so the 一次 report)
// arrives, the 要修正 flags are shown and fixed through the HTTP API, the 一次 report, the prime applies
// and approves, and the prime's points are debited. Everything goes through the same routes, state
// machine and handlers as on AWS; only the sign-in is a local dev token.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MasterData } from '../domain/ports/storage.js';
import { encodeCp932 } from '../functions/shared/ccus/cp932.js';
import { type ApiSession, LocalApiClient, monthPath } from '../infra/local/api-client.js';
import { readMaster, seedMaster, startLocalServer } from '../infra/local/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = resolve(ROOT, 'test/fixtures/cases/corrections');
const SITE = '9000000001';
const MONTH = '2026-10';
const PRIME = '1000000001';

const out = (line = '') => process.stdout.write(`${line}\n`);
const num = (n: number) => n.toLocaleString('en-US');
/** 被共済者番号 is personal: shown masked, as the CLI does. */
const mask = (no: string | null) =>
  no === null ? '(未登録)' : `${'*'.repeat(Math.max(0, no.length - 4))}${no.slice(-4)}`;

function step(n: number, ja: string, en: string) {
  out();
  out(`── ${n}. ${ja}`);
  out(`      ${en}`);
}

function table(rows: string[][]): void {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/u.test(ch) ? 2 : 1), 0);
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(c));
    });
  for (const r of rows)
    out(`   ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ')}`.trimEnd());
}

interface MonthView {
  import: {
    status: string;
    flags: { code: string; companyId?: string; workerId?: string; message: string }[];
  } | null;
  wait: { kind: string; label: string; deadline: string } | null;
  reports: { firstTierCompanyId: string }[];
}

async function main(): Promise<void> {
  const started = Date.now();
  out('建退共 × CCUS — 1か月の流れ / one month, end to end');
  out(
    '(ローカル実行: moto + 合成した Step Functions 定義 + 実ハンドラ + HTTP API / local: the synthesized stack)',
  );

  const states: string[] = [];
  // States are told once the machine has settled, after the action that moved it.
  let untold: string[] = [];
  const server = await startLocalServer({
    quiet: true,
    port: 0,
    onState: (_name, state) => {
      states.push(state);
      if (/^Await|^Charged$|^FileRefused$|^CycleFailed$|^DebitPoints$/.test(state)) untold.push(state);
    },
  });
  try {
    const master = readMaster(resolve(FIXTURE, 'master.json')) as MasterData;
    // The demo's site reports by 一次 (一次一括): the setting and the file say so.
    for (const s of master.sites) s.outputMethod = '一次一括';
    const users = await seedMaster(master);
    const raw = readFileSync(resolve(FIXTURE, 'ccus.csv'));
    const csv = Buffer.from(
      encodeCp932(new TextDecoder('shift_jis').decode(raw).split('元請一括').join('一次一括')),
    );

    const api = new LocalApiClient(server.url);
    const session = new Map<string, ApiSession>();
    const as = async (userId: string) => {
      let s = session.get(userId);
      if (!s) {
        s = await api.signIn(userId);
        session.set(userId, s);
      }
      return s;
    };
    const prime = await as(`owner-${PRIME}`);
    const path = monthPath(SITE, MONTH);
    let mailsTold = 0;
    const settle = async () => {
      await server.runtime.sfn.settled();
      for (const state of untold) out(`   ⟶ state: ${state}`);
      untold = [];
      // The notices of what just happened, delivered by the dispatcher to the local mailbox (SES in AWS).
      await server.runtime.notices.flush();
      const mails = server.runtime.notices.mailbox.mails;
      const byMessage = new Map<string, { subject: string; to: string[] }>();
      for (const m of mails.slice(mailsTold)) {
        const entry = byMessage.get(m.messageId) ?? { subject: m.subject, to: [] };
        entry.to.push(m.to);
        byMessage.set(m.messageId, entry);
      }
      mailsTold = mails.length;
      for (const { subject, to } of byMessage.values()) out(`   ✉ ${subject}  → ${to.join(', ')}`);
    };
    const view = () => prime.get<MonthView>(path);

    step(
      1,
      '準備: 建退共の登録情報と利用者',
      'Setup: the 建退共 registry (master.json) and the users who sign in',
    );
    out(`   現場 ${SITE}（元請 ${PRIME}、出力方法 一次一括）、対象年月 ${MONTH}`);
    out(`   利用者 / users: ${users.map((u) => `${u.userId} (${u.role})`).join(', ')}`);
    out(`   API: ${server.url}  (dev sign-in: POST /local/sign-in)`);

    step(
      2,
      'CCUS から就業履歴ファイルが届く（毎月10日）',
      "CCUS drops the month's work-record file into the inbox bucket",
    );
    const key = `ccus/${SITE}/${MONTH.replace('-', '')}/ccus.csv`;
    await api.drop(key, csv);
    out(`   s3://…/${key}  (${num(csv.length)} bytes, CP932)`);
    await settle();

    step(3, '取込結果: 要修正', 'Import result: 要修正 — four things to correct before anyone may apply');
    let v = await view();
    table([
      ['コード / code', '対象 / subject', '内容 / message'],
      ...(v.import?.flags ?? []).map((f) => [
        f.code,
        f.companyId ? `事業者ID ${f.companyId}` : `技能者ID ${f.workerId}`,
        f.message.length > 48 ? `${f.message.slice(0, 47)}…` : f.message,
      ]),
    ]);
    out(`   待機中 / waiting for: ${v.wait?.label} (期限 / due ${v.wait?.deadline})`);

    step(4, '元請が修正する（HTTP API）', "The prime's 事業者責任者 fixes them through the API");
    const fixes: [string, string, string, Record<string, unknown>][] = [
      [
        '事業者取込方法選択: 事業者ID 30000000000001 → 共済契約者 3000000001',
        'company mapping',
        'corrections/company',
        { companyId: '30000000000001', contractorNo: '3000000001' },
      ],
      [
        '同現場複数一次選択: 30000000000001 は 一次 20000000000001 の下',
        'first-tier choice',
        'corrections/first-tier',
        { companyId: '30000000000001', firstTierCompanyId: '20000000000001' },
      ],
      [
        `技能者情報編集: 技能者ID 42000000000002 に被共済者番号 ${mask('5000000003')}`,
        'worker number',
        'corrections/worker',
        { workerId: '42000000000002', memberNo: '5000000003' },
      ],
      [
        '強制取込: 技能者ID 42000000000001（本人確認済み）',
        'force import (identity confirmed)',
        'corrections/force-import',
        { workerId: '42000000000001', identityConfirmed: true },
      ],
    ];
    for (const [ja, en, route, body] of fixes) {
      await prime.post(`${path}/${route}`, body);
      out(`   ✔ ${ja}  / ${en}`);
    }
    await prime.post(`${path}/revalidate`);
    out('   ✔ 確認・予約登録（再検証） / revalidate');
    await settle();
    v = await view();
    out(`   取込状態 / import: ${v.import?.status}  要修正 ${v.import?.flags.length ?? 0} 件`);

    step(
      5,
      '一次事業者が報告する（一次一括）',
      'Each 一次 (first-tier subcontractor) reports its chain to the prime',
    );
    for (const [firstTier, contractorNo] of [
      ['20000000000001', '2000000001'],
      ['20000000000002', '2000000002'],
    ] as const) {
      const s = await as(`owner-${contractorNo}`);
      const r = await s.post<{ remaining: number }>(`${path}/report`, { firstTierCompanyId: firstTier });
      out(`   ✔ 一次 ${firstTier} が報告 / reported (as ${s.userId}); 残り / remaining ${r.remaining}`);
      await settle();
    }

    step(
      6,
      '元請が就労実績を確認し、掛金充当を申請する',
      'The prime reviews the 就労実績 and applies for the 掛金充当',
    );
    const lines = (
      await prime.get<{
        lines: {
          workerId: string;
          memberNo: string | null;
          employerCompanyId: string;
          days: number;
          points: number;
        }[];
      }>(`${path}/lines`)
    ).lines.sort((a, b) => (a.workerId < b.workerId ? -1 : 1));
    table([
      ['技能者ID', '被共済者番号', '所属事業者ID', '日数', 'ポイント'],
      ...lines.map((l) => [l.workerId, mask(l.memberNo), l.employerCompanyId, String(l.days), num(l.points)]),
    ]);
    const before = (await prime.get<{ regular: number }>(`/v1/contractors/${PRIME}/balances`)).regular;
    await prime.post(`${path}/apply`);
    out('   ✔ 申請 / applied');
    await settle();

    step(
      7,
      '事業者責任者が承認 → 退職金ポイントから充当',
      'The 事業者責任者 approves: the points are debited, once',
    );
    await prime.post(`${path}/approve`);
    out('   ✔ 承認 / approved');
    await settle();
    const after = (await prime.get<{ regular: number }>(`/v1/contractors/${PRIME}/balances`)).regular;
    const exec = [...server.runtime.sfn.executions.values()].at(-1);
    if (exec?.status !== 'SUCCEEDED' || !states.includes('Charged'))
      throw new Error(`the month did not end charged (state ${exec?.states.at(-1)})`);

    const workers = new Set(lines.map((l) => l.workerId)).size;
    const days = lines.reduce((s, l) => s + l.days, 0);
    const points = lines.reduce((s, l) => s + l.points, 0);
    step(8, 'まとめ', 'Summary');
    table([
      ['技能者 / workers', '就労日数 / days', '掛金 / points', '充当前残高 / before', '充当後残高 / after'],
      [String(workers), String(days), num(points), num(before), num(after)],
    ]);
    out();
    out(
      `   ${num(before - after)} ポイント充当済み（1日 320円）。被共済者の掛金納付日数が記録されました。 / ${num(before - after)} points debited (320 yen per worker-day); the members' days are recorded.`,
    );
    out(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`demo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
