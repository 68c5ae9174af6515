// GET …/unregistered-workers.xlsx (template) and POST …/unregistered-workers (filled sheet, base64 in JSON):
// the Excel routes, served by their own function so that exceljs stays out of the API's bundle.
import type { z } from 'zod';
import { fileResponse, jsonResponse } from '../api/http.js';
import type { RouteContext } from '../api/route.js';
import { authorizedMonth, by } from '../api/routes/context.js';
import type { monthParams, uploadBody } from '../api/schemas.js';
import { addUnregisteredWorkers } from '../shared/use-cases/add-unregistered-workers.js';
import { unregisteredTemplate, XLSX_CONTENT_TYPE } from '../shared/use-cases/unregistered-template.js';

type Ctx<B> = RouteContext<z.infer<typeof monthParams>, unknown, B>;

export async function template(ctx: Ctx<unknown>) {
  const t = await unregisteredTemplate(await authorizedMonth(ctx), ctx.params);
  return fileResponse(XLSX_CONTENT_TYPE, t.fileName, t.bytes);
}

export async function upload(ctx: Ctx<z.infer<typeof uploadBody>>) {
  const access = await authorizedMonth(ctx);
  const input = { ...ctx.params, by: by(ctx), base64: ctx.body.file };
  return jsonResponse(200, await addUnregisteredWorkers(ctx.deps, access, input));
}
