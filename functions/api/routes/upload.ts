// POST /v1/sites/{siteId}/months/{workMonth}/upload: a presigned PUT for 手動連携.
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { ccusUploadBody, monthParams } from '../schemas.js';
import { presignUpload } from '../use-cases/upload.js';
import { callerOf } from './context.js';

export async function upload(
  ctx: RouteContext<z.infer<typeof monthParams>, unknown, z.infer<typeof ccusUploadBody>>,
) {
  return jsonResponse(
    200,
    await presignUpload(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth, ctx.body),
  );
}
