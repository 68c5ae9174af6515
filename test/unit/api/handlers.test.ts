// Each route of the table is served by exactly the function its `fn` names: the API's handlers bind the
// `api` routes, the Excel function's the `excel` ones (test/infra/api-bundles.test.ts: exceljs only
// in the Excel function's bundle).
import { describe, expect, it } from 'vitest';
import { API_HANDLERS } from '../../../functions/api/handlers.js';
import { ROUTES } from '../../../functions/api/routes.js';
import { EXCEL_HANDLERS } from '../../../functions/api-excel/handlers.js';

const idsOf = (fn: string) =>
  ROUTES.filter((r) => r.fn === fn)
    .map((r) => r.operationId)
    .sort();

describe('route handlers per function', () => {
  it('binds every api route in the API function, and nothing else', () => {
    expect(Object.keys(API_HANDLERS).sort()).toEqual(idsOf('api'));
  });

  it('binds the Excel routes (CCUS未登録技能者 template and upload) in the Excel function, and nothing else', () => {
    expect(Object.keys(EXCEL_HANDLERS).sort()).toEqual(['getUnregisteredTemplate', 'uploadUnregistered']);
    expect(idsOf('excel')).toEqual(['getUnregisteredTemplate', 'uploadUnregistered']);
  });
});
