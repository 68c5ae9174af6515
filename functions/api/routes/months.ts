// GET /v1/sites/{siteId}/months/{workMonth}, …/history, …/lines, POST …/lines/adjust.
import type { z } from 'zod';
import { adjustLine } from '../../shared/use-cases/adjust-line.js';
import { monthHistory } from '../../shared/use-cases/month-history.js';
import { monthLines } from '../../shared/use-cases/month-lines.js';
import { monthView } from '../../shared/use-cases/month-view.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import type { adjustBody, monthParams } from '../schemas.js';
import { authorizedMonth, by } from './context.js';

type Month = z.infer<typeof monthParams>;

export async function view(ctx: RouteContext<Month, unknown, unknown>) {
  const access = await authorizedMonth(ctx);
  return jsonResponse(200, await monthView(ctx.deps, access, ctx.params));
}

export async function history(ctx: RouteContext<Month, unknown, unknown>) {
  await authorizedMonth(ctx);
  return jsonResponse(200, await monthHistory(ctx.deps, ctx.params));
}

export async function lines(ctx: RouteContext<Month, unknown, unknown>) {
  const access = await authorizedMonth(ctx);
  return jsonResponse(200, await monthLines(ctx.deps, access, ctx.params));
}

export async function adjust(ctx: RouteContext<Month, unknown, z.infer<typeof adjustBody>>) {
  const access = await authorizedMonth(ctx);
  return jsonResponse(
    200,
    await adjustLine(ctx.deps, access, { ...ctx.params, by: by(ctx), line: ctx.body }),
  );
}
