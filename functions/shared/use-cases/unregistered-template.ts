// UnregisteredTemplate (CCUS未登録技能者 Excel テンプレート, manual 000 手順3 参考)
// In: the month as authorization resolved it. Out: the file name and the xlsx bytes.
// Course: read only; one sheet named after the site and month (an import for another is refused).
import { unregisteredTemplate as template } from '../ccus/excel.js';
import type { MonthAccess, MonthRef } from './month/access.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function unregisteredTemplate(access: MonthAccess, { siteId, workMonth }: MonthRef) {
  const bytes = await template({ siteId, workMonth, ...(access.site ? { siteName: access.site.name } : {}) });
  return { fileName: `unregistered-workers-${siteId}-${workMonth.replace('-', '')}.xlsx`, bytes };
}
