// The Excel function: the approval API's routes that read or write Excel sheets (CCUS未登録技能者), with the
// same routing, authorization, idempotency and problem answers as the API's own function.
import { apiHandler } from '../api/handler-factory.js';
import { EXCEL_HANDLERS } from './handlers.js';

export const { handle, handler } = apiHandler(EXCEL_HANDLERS);
