// The web page in a real browser (Debian's Chromium driven by playwright-core) against the local stack, as
// the prime's and the 一次's office staff use it: sign in, fix the four flags of the corrections fixture,
// 確認・予約登録, each 一次 reports, the prime applies and approves, the balance. axe-core on every page.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterData } from '../../domain/ports/storage.js';
import { type LocalServer, readMaster, seedMaster, startLocalServer } from '../../infra/local/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/cases/corrections');
const SHOTS = resolve(ROOT, 'docs/screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MONTH = '#/sites/9000000001/months/2026-10';

let server: LocalServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLocalServer({ quiet: true, port: 0 });
  const master = readMaster(resolve(FIXTURE, 'master.json')) as MasterData;
  for (const s of master.sites) s.outputMethod = '一次一括';
  master.users = [
    ...master.contractors.map((c) => ({
      userId: `owner-${c.contractorNo}`,
      contractorNo: c.contractorNo,
      role: '事業者責任者' as const,
    })),
    { userId: 'staff-1000000001', contractorNo: '1000000001', role: '担当者' },
  ];
  await seedMaster(master);
  // October as CCUS delivers it, converted to 一次一括 as the README's curl walk does.
  const text = new TextDecoder('shift_jis').decode(readFileSync(resolve(FIXTURE, 'ccus.csv')));
  await server.runtime.dropFile(
    'ccus/9000000001/202610/october.csv',
    Buffer.from(text.split('元請一括').join('一次一括')),
  );
  await server.runtime.sfn.settled();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling Google on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(userId: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await axe(page, 'サインイン');
  await page.getByLabel('ユーザーID').fill(userId);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('heading', { name: 'やること' }).waitFor();
  return page;
}

/** axe-core in the page: no serious or critical violation. */
async function axe(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // In the page: axe-core injected as a global script.
    type Violation = { id: string; impact: string; nodes: { target: string[] }[] };
    const g = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> };
      document: unknown;
    };
    const r = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe on ${where}`).toEqual([]);
}

async function goto(page: Page, hash: string, heading: RegExp | string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.locator('.busy').first().waitFor({ state: 'detached' });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });

describe('the approval page in Chromium', () => {
  it('the prime lands on やること with the month to correct, is told which Excel row is wrong, fixes the four flags and 確認・予約登録 → 予約可能', async () => {
    const page = await signIn('owner-1000000001');
    const task = page.getByRole('link', { name: '要修正の修正' });
    await task.waitFor();
    await axe(page, 'やること');
    await shot(page, 'tasks');
    await task.click();
    await page.getByRole('heading', { name: /月の取込結果/, level: 1 }).waitFor();
    await page
      .getByRole('heading', { name: /事業者取込方法選択|F-COMPANY|30000000000001/ })
      .first()
      .waitFor();
    await expect.poll(() => page.locator('li.flag').count()).toBe(4);
    await axe(page, '月の取込結果（要修正）');
    await shot(page, 'month-corrections');

    // The 未登録技能者 Excel: the template downloaded, a row filled with a bad 就労日数, refused with its row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'テンプレートをダウンロード' }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    book.worksheets[0]!.getRow(2).values = ['1000000001', '5000000001', 'ヤマダ', 'イチロウ', '三日'];
    const filled = join(mkdtempSync(join(tmpdir(), 'web-excel-')), 'filled.xlsx');
    await book.xlsx.writeFile(filled);
    await page.getByLabel('記入した Excel ファイル').setInputFiles(filled);
    await page.getByRole('button', { name: 'アップロード' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Excel ファイルに' })
      .getByText(/2 行目/)
      .waitFor();

    // F-COMPANY: company 30000000000001 → 共済契約者 3000000001
    const flag = (heading: RegExp) =>
      page.locator('li.flag').filter({ has: page.getByRole('heading', { name: heading }) });
    const company = flag(/事業者取込方法選択/);
    await company.getByLabel('30000000000001 の共済契約者番号').fill('3000000001');
    await company.getByRole('button', { name: '保存する' }).click();
    await company.getByRole('status').waitFor();
    // F-MULTI-PRIME: attach it to 一次 20000000000001
    const tier = flag(/同現場複数一次/);
    await tier.getByLabel('30000000000001 を取り込む一次の事業者ID').fill('20000000000001');
    await tier.getByRole('button', { name: '保存する' }).click();
    await tier.getByRole('status').waitFor();
    // F-WORKER-MISSING: worker 42000000000002 → 被共済者番号 5000000003
    const worker = flag(/技能者 42000000000002/);
    await worker.getByLabel('42000000000002 の被共済者番号').fill('5000000003');
    await worker.getByRole('button', { name: '保存する' }).click();
    await worker.getByRole('status').waitFor();
    // F-WORKER-NAME: 強制取込 only after the identity check
    const name = flag(/技能者 42000000000001/);
    const force = name.getByRole('button', { name: '強制取込' });
    expect(await force.isDisabled()).toBe(true);
    await name.getByRole('checkbox').check();
    await force.click();
    await name.getByRole('status').waitFor();

    await page.getByRole('button', { name: '確認・予約登録' }).click();
    await page.getByText('予約可能', { exact: true }).first().waitFor();
    await expect.poll(() => page.locator('li.flag').count()).toBe(0);
    const month = await monthJson('2026-10');
    expect(month.import?.status).toBe('予約可能');
    expect(month.wait?.kind).toBe('FirstTierReports');
    await page.context().close();
  });

  it('a 一次 sees only its own chain, and no correction or approval controls', async () => {
    const page = await signIn('owner-2000000002');
    await page.getByLabel('現場ID').fill('9000000001');
    await page.getByLabel('対象年月').fill('2026-10');
    await page.getByRole('button', { name: '開く' }).click();
    await page.getByRole('heading', { name: /就労実績/ }).waitFor();
    const tiers = await page.locator('table').last().locator('tbody tr td:nth-child(4)').allTextContents();
    expect(tiers.length).toBeGreaterThan(0);
    expect(new Set(tiers)).toEqual(new Set(['20000000000002']));
    expect(await page.getByRole('button', { name: '確認・予約登録' }).count()).toBe(0);
    await axe(page, '月の取込結果（一次）');
    await page.context().close();
  });

  it('each 一次 signs in and reports (報告する); then the month waits for 申請', async () => {
    for (const userId of ['owner-2000000001', 'owner-2000000002']) {
      const page = await signIn(userId);
      await goto(page, MONTH, /月の取込結果/);
      await page.getByRole('button', { name: '報告する' }).click();
      await page.getByText('この月の報告は済んでいます。').waitFor();
      await page.context().close();
    }
    await server.runtime.sfn.settled();
    const month = await monthJson('2026-10');
    expect(month.wait?.kind).toBe('Application');
  });

  it('the prime applies (申請する, confirmed); a 担当者 then sees no 承認する button', async () => {
    const page = await signIn('owner-1000000001');
    await page.getByRole('link', { name: '申請する' }).click();
    await page.getByRole('heading', { name: /申請 \/ 承認/, level: 1 }).waitFor();
    await page.getByText('1,000,000').first().waitFor();
    await axe(page, '申請 / 承認');
    await shot(page, 'application');
    await page.getByRole('button', { name: '申請する', exact: true }).click();
    await page.getByRole('button', { name: 'はい、申請する' }).click();
    await page.getByText('申請中', { exact: true }).first().waitFor();
    await page.context().close();

    const staff = await signIn('staff-1000000001');
    await goto(staff, `${MONTH}/application`, /申請 \/ 承認/);
    await staff.getByText('申請中', { exact: true }).first().waitFor();
    expect(await staff.getByRole('button', { name: '承認する' }).count()).toBe(0);
    expect(await staff.getByRole('button', { name: '差戻す' }).count()).toBe(0);
    await staff.context().close();
  });

  it('the prime approves once (a double click, a stale second tab: one debit); the balance shows 993,600', async () => {
    // A second tab opened on the same approval, left behind while the first one approves.
    const stale = await signIn('owner-1000000001');
    await goto(stale, `${MONTH}/application`, /申請 \/ 承認/);
    await stale.getByRole('button', { name: '承認する', exact: true }).waitFor();

    const page = await signIn('owner-1000000001');
    await page.getByRole('link', { name: '承認する' }).click();
    await page.getByRole('heading', { name: /申請 \/ 承認/, level: 1 }).waitFor();
    await page.getByRole('button', { name: '承認する', exact: true }).click();
    const yes = page.getByRole('button', { name: 'はい、承認する' });
    await yes.dblclick();
    await page.getByText('充当済', { exact: true }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('balance-after').textContent()).toBe('993,600');
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await axe(page, '申請 / 承認（充当済）');

    // The stale tab's approval is a new intent on a month that moved on: 409, the month reloaded, told so.
    await stale.getByRole('button', { name: '承認する', exact: true }).click();
    await stale.getByRole('button', { name: 'はい、承認する' }).click();
    await stale
      .getByText('この月は先に進んでいます。最新の状態を読み込みました。', { exact: false })
      .first()
      .waitFor();
    await stale.getByText('充当済', { exact: true }).first().waitFor();
    expect(await stale.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await stale.context().close();

    await goto(page, '#/points', '退職金ポイント');
    await expect.poll(() => page.getByTestId('balance-regular').textContent()).toBe('993,600');
    const debits = await page.locator('tbody tr', { hasText: '充当' }).count();
    expect(debits).toBe(1);
    await axe(page, '退職金ポイント');
    await shot(page, 'points');

    await goto(page, '#/sites', '現場一覧 / 連携設定');
    await page.getByRole('heading', { name: /○○ビル新築工事/ }).waitFor();
    await axe(page, '現場一覧 / 連携設定');
    await page.context().close();
  });

  it('a refused file shows its line and column', async () => {
    // The bad-date case moved to September: line 4 has a date outside the month.
    const bad = readFileSync(resolve(ROOT, 'test/fixtures/cases/bad-date/ccus.csv'), 'utf8')
      .split('202610')
      .join('202609')
      .split('2026-10-')
      .join('2026-09-')
      .split('2026-11-01')
      .join('2026-10-01');
    await server.runtime.dropFile('ccus/9000000001/202609/september.csv', Buffer.from(bad));
    await server.runtime.sfn.settled();
    const month = await monthJson('2026-09');
    const error = month.refusals[0]!.errors[0]!;
    expect(error.line).toBe(4);

    const page = await signIn('owner-1000000001');
    await goto(page, '#/sites/9000000001/months/2026-09', /月の取込結果/);
    const row = page.locator('tr', { hasText: '4 行目' });
    await row.waitFor();
    expect(await row.textContent()).toContain(error.column);
    await axe(page, '月の取込結果（取り込めなかったファイル）');
    await shot(page, 'month-refused');
    await page.context().close();
  });
});

interface MonthJson {
  import: { status: string } | null;
  wait: { kind: string } | null;
  refusals: { errors: { line: number; column: string; message: string }[] }[];
}

/** The month as the API answers the prime, to check the page against. */
async function monthJson(workMonth: string): Promise<MonthJson> {
  const token = await server.api.signIn('owner-1000000001');
  const r = await fetch(`${server.url}/v1/sites/9000000001/months/${workMonth}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await r.json()) as MonthJson;
}
