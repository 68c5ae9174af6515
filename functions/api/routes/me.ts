// GET /v1/me/tasks and GET /v1/me/notices: the signed-in user's task list and mails (schemas here: a web
// page is built against this exact contract).
import * as z from 'zod/mini';
import { myNotices } from '../../shared/use-cases/my-notices.js';
import { myTasks } from '../../shared/use-cases/my-tasks.js';
import { decide } from '../authz.js';
import { jsonResponse } from '../http.js';
import type { RouteContext } from '../route.js';
import { authorizedContractorNo, by } from './context.js';

export const tasksResponse = z.object({
  tasks: z.array(
    z.object({
      siteId: z.string().check(z.describe('現場ID')),
      siteName: z.string().check(z.describe('現場名')),
      workMonth: z.string().check(z.describe('対象年月 (YYYY-MM)')),
      action: z.enum(['correct', 'report', 'apply', 'approve', 'buy-points']),
      label: z.enum(['要修正の修正', '報告する', '申請する', '承認する', '退職金ポイントの購入']),
      firstTierCompanyId: z
        .optional(z.string())
        .check(z.describe('報告する 一次の CCUS 事業者ID（report のみ）')),
      importStatus: z.string().check(z.describe('取込状態（要修正 / 予約可能）')),
      applicationStatus: z.optional(z.string()).check(z.describe('申請状況（申請がある場合）')),
      dueOn: z.string().check(z.describe('期限 (YYYY-MM-DD)')),
      overdueDays: z.number().check(z.int(), z.minimum(0), z.describe('期限を過ぎた日数（0 = 期限内）')),
    }),
  ),
});

export const noticesQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z
    .optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,2048}$/)))
    .check(z.describe('前のページの nextCursor')),
});

export const noticesResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string().check(z.describe('通知の種類 (file-received, needs-correction, report-request …)')),
      subject: z.string(),
      text: z.string(),
      siteId: z.nullable(z.string()),
      workMonth: z.nullable(z.string()),
      createdAt: z.string(),
      sentAt: z.nullable(z.string()),
    }),
  ),
  nextCursor: z.optional(z.string()),
});

/** A task is listed only when the user's role may take its action on that site-month (authz.ts). */
export async function tasks(ctx: RouteContext<unknown, unknown, unknown>) {
  const contractorNo = authorizedContractorNo(ctx);
  const user = {
    contractorNo,
    may: (action: Parameters<typeof decide>[0], relation: Parameters<typeof decide>[1]) =>
      decide(action, relation, ctx.principal) === 'allow',
  };
  return jsonResponse(200, await myTasks(ctx.deps, user));
}

export async function notices(ctx: RouteContext<unknown, z.infer<typeof noticesQuery>, unknown>) {
  authorizedContractorNo(ctx);
  return jsonResponse(200, await myNotices(ctx.deps, by(ctx), ctx.query));
}
