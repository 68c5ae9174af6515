// POST /v1/sites/{siteId}/months/{workMonth}/upload: a presigned PUT for 手動連携.
import type { z } from 'zod';
import { presignUpload } from '../../shared/use-cases/presign-upload.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { ccusUploadBody, monthParams } from '../schemas.js';
import { authorizedMonth, by } from './context.js';

export async function upload(
  ctx: RouteContext<z.infer<typeof monthParams>, unknown, z.infer<typeof ccusUploadBody>>,
) {
  await authorizedMonth(ctx);
  return jsonResponse(200, await presignUpload(ctx.deps, { ...ctx.params, ...ctx.body, by: by(ctx) }));
}
