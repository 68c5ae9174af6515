// The use cases' refusals become problem+json in one place (the API's handler factory): each kind keeps
// the status, type and title people saw before, the use case's Japanese message as detail and its
// extension members; the cycle's handler factory names the same errors for the state machine.
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps.js';
import { apiHandler } from '../../../functions/api/handler-factory.js';
import { stateErrorName } from '../../../functions/shared/handler.js';
import {
  ActionRefused,
  type AppError,
  Conflict,
  Forbidden,
  InvalidInput,
  NotApprovedError,
  NotFound,
  NotWaiting,
  SupersededError,
  Unavailable,
  Unprocessable,
} from '../../../functions/shared/use-cases/errors.js';
import { apiEvent } from '../../integration/api/http.js';

const PRIME_BOSS = { sub: 'u-boss', contractorNo: '1000000001', role: '事業者責任者' as const };

async function answerTo(error: AppError) {
  const { handle } = apiHandler({
    listSites: async () => {
      throw error;
    },
  });
  const r = await handle(apiEvent('GET', '/v1/sites', PRIME_BOSS), { now: () => new Date() } as ApiDeps);
  return { status: r.statusCode, type: r.headers['content-type'], body: JSON.parse(r.body) };
}

describe('the use cases’ refusals as problem+json', () => {
  it.each([
    [new InvalidInput('cursor が正しくありません'), 400, 'invalid-input', '入力内容に誤りがあります'],
    [new Forbidden('自社の系列のみ'), 403, 'forbidden', '権限がありません'],
    [new NotFound('共済契約者が見つかりません'), 404, 'not-found', '見つかりません'],
    [new Conflict('掛金充当済みの月は変更できません'), 409, 'conflict', '現在の状態では実行できません'],
    [new NotWaiting('申請は記録しました'), 409, 'not-waiting', '待機中ではありません'],
    [new Unprocessable('この月の施工体制にありません'), 422, 'unprocessable', '処理できない内容です'],
    [new Unavailable('アップロード先が設定されていません'), 503, 'storage-unavailable', expect.any(String)],
  ])('%s → %i %s', async (error, status, kind, title) => {
    const r = await answerTo(error);
    expect(r).toEqual({
      status,
      type: 'application/problem+json',
      body: {
        type: `urn:kentaikyo:problem:${kind}`,
        title,
        status,
        detail: error.detail,
        instance: '/v1/sites',
      },
    });
  });

  it('carries the extension members (code, ids) and leaves detail out when there is none', async () => {
    expect(
      (await answerTo(new Conflict('報告済みです', { firstTierCompanyId: '20000000000001' }))).body,
    ).toMatchObject({ detail: '報告済みです', firstTierCompanyId: '20000000000001' });
    expect((await answerTo(new NotFound())).body).not.toHaveProperty('detail');
  });

  it('R-FIRST-TIER: naming a company that is not a 一次 is unprocessable; the month’s state, a conflict', async () => {
    expect(
      await answerTo(new ActionRefused('not-first-tier', 'x はこの現場の一次事業者ではありません')),
    ).toMatchObject({
      status: 422,
      body: { code: 'not-first-tier' },
    });
    expect(await answerTo(new ActionRefused('not-ready', '要修正の就業履歴は報告できません'))).toMatchObject({
      status: 409,
      body: { code: 'not-ready', detail: '要修正の就業履歴は報告できません' },
    });
  });
});

describe('the use cases’ refusals as the state machine’s error names', () => {
  it('ends a replaced run as Superseded (the ASL catches that name) and names the others', () => {
    expect(stateErrorName(new SupersededError('9000000001', '2026-10', 'i1'))).toBe('Superseded');
    expect(stateErrorName(new NotApprovedError('no approved application'))).toBe('NotApproved');
    expect(stateErrorName(new InvalidInput('invalid input: siteId'))).toBe('InvalidInput');
    expect(stateErrorName(new ActionRefused('no-import', 'x'))).toBe('ActionRefused');
  });
});
