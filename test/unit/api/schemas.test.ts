// The request schemas' messages, which the problem details list per field. zod/mini has no default
// wording of its own ("Invalid input" for everything); the schemas module installs zod's Japanese one, and
// this file imports nothing that loads classic zod (which would install English and hide its loss).
import { describe, expect, it } from 'vitest';
import {
  adjustBody,
  paymentBody,
  sitesQuery,
  stampsBody,
  uploadBody,
} from '../../../functions/api/schemas.js';

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('request schema messages', () => {
  it('names what each missing field should be', () => {
    expect(issuesOf(adjustBody.safeParse({}))).toEqual([
      { path: 'workerId', message: '無効な入力: stringが期待されましたが、undefinedが入力されました' },
      {
        path: 'employerCompanyId',
        message: '無効な入力: stringが期待されましたが、undefinedが入力されました',
      },
      { path: 'days', message: '無効な入力: 数値が期待されましたが、undefinedが入力されました' },
      { path: 'reason', message: '無効な入力: stringが期待されましたが、undefinedが入力されました' },
    ]);
  });

  it('lists the options of an enum, says a fraction is not an integer and base64 is not base64', () => {
    expect(issuesOf(sitesQuery.safeParse({ view: 'bogus' }))).toEqual([
      { path: 'view', message: '無効な選択: "mine"、"all"のいずれかである必要があります' },
    ]);
    const payment = {
      contractorNo: 'C1',
      paymentId: 'P1',
      amount: 1.5,
      pointKind: 'regular',
      method: 'pay-easy',
    };
    expect(issuesOf(paymentBody.safeParse(payment))).toEqual([
      { path: 'amount', message: '無効な入力: intが期待されましたが、数値が入力されました' },
    ]);
    expect(issuesOf(uploadBody.safeParse({ file: '!!!!' }))).toEqual([
      { path: 'file', message: '無効なbase64エンコード文字列' },
    ]);
  });

  it('keeps our Japanese message where a schema gives one, and applies defaults', () => {
    const stamps = {
      contractorNo: 'C1',
      conversionId: 'X1',
      pointKind: 'regular',
      handedInOn: '2026-10-01',
      lots: [],
      points: 1,
    };
    expect(issuesOf(stampsBody.safeParse(stamps))).toEqual([
      { path: 'lots', message: '証紙の内訳を1行以上入力してください' },
    ]);
    expect(sitesQuery.parse({})).toEqual({ view: 'all' });
  });
});
