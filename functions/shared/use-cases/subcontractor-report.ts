// SubcontractorReport (下請事業者別: 技能者の就労日数と充当ポイント, the basis of the 受領書)
// In: the prime, the 決算期 (default: the current one), optionally one site. Out: per subcontractor
// (一次 and below), site and month: workers, days and points charged, as data and as a table.
// Course: read only; over the charged applications of the 決算期's work months.
import { fiscalPeriod } from '../../../domain/evidence.js';
import { NotFound } from './errors.js';
import type { AppDeps } from './month/deps.js';
import { DEFAULT_FISCAL_START, type Format, fiscalYearOf, type ReportOutput } from './month/evidence.js';
import { todayInTokyo } from './monthly-sweep.js';

export interface SubcontractorQuery {
  fiscalYear?: number | undefined;
  format: Format;
  siteId?: string | undefined;
}

/**
 * Per subcontractor (一次 and below): days and points charged for its workers in the 決算期's work
 * months, per site and month — the basis of the 受領書 a subcontractor signs.
 */
export async function subcontractorReport(
  deps: AppDeps,
  contractorNo: string,
  q: SubcontractorQuery,
): Promise<ReportOutput> {
  const contractor = await deps.registry.getContractor(contractorNo);
  if (!contractor) throw new NotFound('共済契約者が見つかりません');
  const startMonth = contractor.fiscalYearStartMonth ?? DEFAULT_FISCAL_START;
  const fiscalYear = fiscalYearOf(q.fiscalYear, startMonth, todayInTokyo(deps.now()));
  const period = fiscalPeriod(fiscalYear, startMonth);
  const [fromMonth, toMonth] = [period.from.slice(0, 7), period.to.slice(0, 7)];
  const apps = (await deps.workflow.applicationsOfContractor(contractorNo, '充当済'))
    .filter((a) => a.workMonth >= fromMonth && a.workMonth <= toMonth)
    .filter((a) => q.siteId === undefined || a.siteId === q.siteId)
    .sort((a, b) => a.siteId.localeCompare(b.siteId) || a.workMonth.localeCompare(b.workMonth));
  type Row = {
    siteId: string;
    workMonth: string;
    firstTier: string;
    companyId: string;
    company: string;
    contractorNo: string | null;
    tier: number;
    workers: number;
    days: number;
    points: number;
  };
  const rows: Row[] = [];
  for (const a of apps) {
    const imp = await deps.imports.getImport(a.siteId, a.workMonth, a.importId);
    if (!imp) continue;
    const byId = new Map(imp.companies.map((co) => [co.companyId, co]));
    const groups = new Map<string, Row>();
    for (const l of await deps.imports.lines(a.siteId, a.workMonth, a.importId)) {
      const co = byId.get(l.employerCompanyId);
      if (!co || co.tier < 1 || l.days === 0 || l.excluded) continue;
      const first = byId.get(l.firstTierCompanyId ?? co.attachedFirstTierCompanyId ?? co.companyId);
      const g = groups.get(co.companyId) ?? {
        siteId: a.siteId,
        workMonth: a.workMonth,
        firstTier: first?.name ?? '',
        companyId: co.companyId,
        company: co.name,
        contractorNo: co.contractorNo,
        tier: co.tier,
        workers: 0,
        days: 0,
        points: 0,
      };
      g.workers += 1;
      g.days += l.days;
      g.points += l.points;
      groups.set(co.companyId, g);
    }
    rows.push(
      ...[...groups.values()].sort(
        (x, y) =>
          x.firstTier.localeCompare(y.firstTier) || x.tier - y.tier || x.companyId.localeCompare(y.companyId),
      ),
    );
  }
  const data = { contractorNo, fiscalYear, from: fromMonth, to: toMonth, rows };
  return {
    fileName: `shitauke-${contractorNo}-${fiscalYear}`,
    data,
    report: () => ({
      title: '下請事業者別 掛金充当（受領書の基礎）',
      meta: [
        ['元請（共済契約者）', `${contractor.name}（${contractorNo}）`],
        ['対象年月', `${fromMonth} 〜 ${toMonth}`],
      ],
      tables: [
        {
          head: [
            '現場ID',
            '対象年月',
            '一次',
            '事業者',
            'CCUS 事業者ID',
            '共済契約者番号',
            '次数',
            '技能者数',
            '就労日数',
            '充当ポイント',
          ],
          rows: rows.map((r) => [
            r.siteId,
            r.workMonth,
            r.firstTier,
            r.company,
            r.companyId,
            r.contractorNo,
            r.tier,
            r.workers,
            r.days,
            r.points,
          ]),
        },
      ],
    }),
  };
}
