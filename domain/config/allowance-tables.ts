// R-ALLOWANCE: the published 退職金額早見表 as data (months → yen). Estimates only, at the listed points;
// the real amount follows 法第43条 and the 令 (約款 第20条) and depends on each day's rate.
export type AllowanceTableId = 'legacy-310' | 'current-320';

export interface AllowancePoint {
  months: number;
  yen: number;
}

export interface AllowanceTable {
  id: AllowanceTableId;
  /** The daily rate the table assumes from the first day. */
  dailyRate: number;
  label: string;
  source: string;
  points: readonly AllowancePoint[];
}

export const ALLOWANCE_TABLES: Readonly<Record<AllowanceTableId, AllowanceTable>> = {
  'legacy-310': {
    id: 'legacy-310',
    dailyRate: 310,
    label: '旧早見表 (最初から日額310円, 証紙252日分を1年)',
    source: 'seed 001 退職金額早見表; seed 003 <退職金額早見表> (注)(1)',
    points: [
      { months: 12, yen: 23_436 },
      { months: 18, yen: 48_174 },
      { months: 23, yen: 76_167 },
      { months: 24, yen: 156_240 },
      { months: 36, yen: 234_360 },
      { months: 48, yen: 316_386 },
      { months: 60, yen: 410_781 },
      { months: 72, yen: 512_337 },
      { months: 84, yen: 613_893 },
      { months: 96, yen: 721_308 },
      { months: 108, yen: 830_676 },
      { months: 120, yen: 945_903 },
      { months: 180, yen: 1_572_816 },
      { months: 240, yen: 2_256_366 },
      { months: 300, yen: 3_029_754 },
      { months: 360, yen: 3_902_745 },
      { months: 420, yen: 4_898_775 },
      { months: 480, yen: 6_036_723 },
    ],
  },
  'current-320': {
    id: 'current-320',
    dailyRate: 320,
    label: '現行早見表 (最初から日額320円, 2021-10以降)',
    source: 'spec R-ALLOWANCE (機構 public table for 320 yen; not in the seeds)',
    points: [
      { months: 12, yen: 24_192 },
      { months: 24, yen: 161_280 },
      { months: 36, yen: 241_920 },
      { months: 60, yen: 414_087 },
      { months: 120, yen: 893_559 },
      { months: 240, yen: 1_933_479 },
      { months: 480, yen: 4_268_007 },
    ],
  },
};
