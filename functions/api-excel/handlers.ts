// The Excel function's handlers, by the operationId of the routes (routes.ts, fn: 'excel') it serves.
import type { Handlers } from '../api/route.js';
import * as unregistered from './routes.js';

export const EXCEL_HANDLERS: Handlers = {
  getUnregisteredTemplate: unregistered.template,
  uploadUnregistered: unregistered.upload,
};
