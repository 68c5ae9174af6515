// GET …/unregistered-workers.xlsx (template) and POST …/unregistered-workers (filled sheet, base64 in JSON).
import type { z } from 'zod';
import { fileResponse, jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { monthParams, uploadBody } from '../schemas.js';
import {
  template as templateUseCase,
  upload as uploadUseCase,
  XLSX_CONTENT_TYPE,
} from '../use-cases/unregistered.js';
import { callerOf } from './context.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

export async function template(ctx: Ctx<unknown>) {
  const t = await templateUseCase(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth);
  return fileResponse(XLSX_CONTENT_TYPE, t.fileName, t.bytes);
}

export async function upload(ctx: Ctx<z.infer<typeof uploadBody>>) {
  return jsonResponse(
    200,
    await uploadUseCase(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth, ctx.body.file),
  );
}
