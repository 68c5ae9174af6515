// AddUnregisteredWorkers (CCUS未登録技能者 Excel の取込, manual 000 手順3 参考)
// In: the month as authorization resolved it, the filled sheet (base64), who. Out: the lines added.
// Course: uploaded rows become lines of the month's current import — workerId `EXCEL-<被共済者番号>` (they
// have no CCUS 技能者ID), no dates (the sheet gives a count), one adjustment 0 → days with reason 'excel' —
// so 申請, the debit and the contribution records count them like any line. A re-upload replaces the
// line of the same member and employer; a line is removed by adjusting it to 0 days. Revalidation
// rewrites only the file's lines, so these survive it. Only before 申請 (again after 差戻し).
import type { ChainCompany, WorkLine } from '../../../domain/import/types.js';
import { importUnregisteredSheet } from '../ccus/excel.js';
import { InvalidInput, Unprocessable } from './errors.js';
import type { MonthAccess, MonthRef } from './month/access.js';
import type { AppDeps } from './month/deps.js';
import { assertNotApplied, openImport } from './month/guards.js';
import { pricedDays } from './month/lines.js';

export const EXCEL_REASON = 'excel';
const EXCEL_WORKER_PREFIX = 'EXCEL-';

function firstTierOf(co: ChainCompany): string | null {
  if (co.tier === 0) return null;
  return co.tier === 1 ? co.companyId : co.attachedFirstTierCompanyId;
}

export async function addUnregisteredWorkers(
  deps: AppDeps,
  access: MonthAccess,
  input: MonthRef & { by: string; base64: string },
) {
  const { siteId, workMonth, base64 } = input;
  const imp = openImport(access);
  await assertNotApplied(deps, input);
  const outcome = await importUnregisteredSheet(Buffer.from(base64, 'base64'), { siteId, workMonth });
  if (outcome.status === 'refused')
    throw new InvalidInput(`Excel ファイルに ${outcome.errorCount} 件の誤りがあります`, {
      // Where and why only: cell values may be 被共済者番号 or names.
      errors: outcome.errors.map((e) => ({
        row: e.line,
        column: e.column,
        code: e.code,
        message: e.message,
      })),
    });
  const existing = await deps.imports.lines(siteId, workMonth, imp.importId);
  const ccusMembers = new Set(
    existing.filter((l) => !l.workerId.startsWith(EXCEL_WORKER_PREFIX)).map((l) => l.memberNo),
  );
  const errors: { row: number; column: string; message: string }[] = [];
  const lines: WorkLine[] = [];
  for (const row of outcome.lines) {
    // The employer must be in this month's 施工体制 (CCUSの施工体制に登録されている事業者).
    const employer = imp.companies.find((co) => co.contractorNo === row.contractorNo);
    if (!employer) {
      errors.push({
        row: row.row,
        column: '雇用会社共済契約者番号',
        message: 'この月の施工体制にない共済契約者です',
      });
      continue;
    }
    if (!(await deps.registry.getMember(row.memberNo))) {
      errors.push({
        row: row.row,
        column: '被共済者番号',
        message: '建退共に登録されていない被共済者番号です',
      });
      continue;
    }
    if (ccusMembers.has(row.memberNo)) {
      errors.push({ row: row.row, column: '被共済者番号', message: 'CCUS の就業履歴に含まれる被共済者です' });
      continue;
    }
    lines.push({
      workerId: `${EXCEL_WORKER_PREFIX}${row.memberNo}`,
      employerCompanyId: employer.companyId,
      memberNo: row.memberNo,
      firstTierCompanyId: firstTierOf(employer),
      tier: employer.tier,
      ...pricedDays(workMonth, row.days),
    });
  }
  if (errors.length > 0) throw new Unprocessable(`取り込めない行が ${errors.length} 件あります`, { errors });
  await deps.imports.addLines(siteId, workMonth, imp.importId, lines, {
    by: input.by,
    reason: EXCEL_REASON,
  });
  return {
    importId: imp.importId,
    added: lines.length,
    lines: lines.map((l) => ({
      workerId: l.workerId,
      employerCompanyId: l.employerCompanyId,
      days: l.days,
      points: l.points,
    })),
  };
}
