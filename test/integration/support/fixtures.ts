// Small builders for storage tests: a master, work lines, an import record.
import type { WorkLine } from '../../../domain/import/types.js';
import type { MasterData, NewImport } from '../../../domain/ports/storage.js';

export function masterOf(workers: number, opts: { points?: number; siteId?: string } = {}): MasterData {
  const siteId = opts.siteId ?? 'S0001';
  return {
    contractors: [
      {
        contractorNo: 'C0001',
        name: '元請建設',
        kind: 'regular',
        active: true,
        points: opts.points ?? 10_000,
      },
      { contractorNo: 'C0002', name: '一次工業', kind: 'regular', active: true, points: 0 },
      {
        contractorNo: 'C0003',
        name: '大手建設',
        kind: 'special',
        active: true,
        points: 0,
        specialPoints: 5_000,
      },
    ],
    members: Array.from({ length: workers }, (_, i) => ({
      memberNo: `M${String(i).padStart(6, '0')}`,
      kanaFamily: 'ヤマダ',
      kanaGiven: 'タロウ',
      kind: 'regular' as const,
      days: 10,
      firstBook: true,
    })),
    companyMappings: [{ companyId: 'CO-PRIME', contractorNo: 'C0001' }],
    workerMappings: [{ workerId: 'W-LATE', memberNo: 'M000000' }],
    sites: [
      {
        siteId,
        name: '現場',
        primeContractorNo: 'C0001',
        linkMethod: 'auto',
        outputMethod: '元請一括',
        accumulationStart: '2026-01-01',
        accumulationEnd: '2026-12-31',
        linkedOn: '2025-12-15',
      },
    ],
    users: [{ userId: 'U-PRIME', contractorNo: 'C0001', role: '事業者責任者' }],
  };
}

export function linesOf(workers: number, days = 5): WorkLine[] {
  return Array.from({ length: workers }, (_, i) => {
    const dates = Array.from({ length: days }, (_, d) => `2026-04-${String(d + 1).padStart(2, '0')}`);
    return {
      workerId: `W${String(i).padStart(6, '0')}`,
      employerCompanyId: 'CO-PRIME',
      memberNo: `M${String(i).padStart(6, '0')}`,
      firstTierCompanyId: null,
      tier: 0,
      dates,
      days,
      points: 320 * days,
      rates: [{ dailyRate: 320, days }],
    };
  });
}

export function importOf(siteId: string, workMonth: string, importId: string, lines: WorkLine[]): NewImport {
  return {
    siteId,
    workMonth,
    importId,
    fileKey: `inbox/${siteId}/${workMonth}.csv`,
    versionId: `v-${importId}`,
    status: '予約可能',
    flags: [],
    totals: {
      rows: lines.reduce((s, l) => s + l.days, 0),
      workers: lines.length,
      days: lines.reduce((s, l) => s + l.days, 0),
      points: lines.reduce((s, l) => s + l.points, 0),
    },
    siteName: '現場',
    outputMethod: '元請一括',
    primeCompanyId: 'CO-PRIME',
    companies: [],
    receivedAt: new Date().toISOString(),
  };
}
