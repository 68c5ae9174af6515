// GET /v1/sites/{siteId}/months/{workMonth}, …/lines, POST …/lines/adjust.
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { adjustBody, monthParams } from '../schemas.js';
import { adjustLine, monthHistory, monthLines, monthView } from '../use-cases/month.js';
import { callerOf } from './context.js';

type Month = z.infer<typeof monthParams>;

export async function view(ctx: RouteContext<Month, unknown, unknown>) {
  return jsonResponse(200, await monthView(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth));
}

export async function history(ctx: RouteContext<Month, unknown, unknown>) {
  return jsonResponse(200, await monthHistory(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth));
}

export async function lines(ctx: RouteContext<Month, unknown, unknown>) {
  return jsonResponse(200, await monthLines(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth));
}

export async function adjust(ctx: RouteContext<Month, unknown, z.infer<typeof adjustBody>>) {
  return jsonResponse(
    200,
    await adjustLine(callerOf(ctx), ctx.params.siteId, ctx.params.workMonth, ctx.body),
  );
}
