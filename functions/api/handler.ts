// The approval API's function: every route of the table except the Excel ones (api-excel/handler.ts).
import { apiHandler } from './handler-factory.js';
import { API_HANDLERS } from './handlers.js';

export { allowedMethods, matchRoute, STORAGE_RETRY_AFTER_SECONDS } from './handler-factory.js';
export const { handle, handler } = apiHandler(API_HANDLERS);
