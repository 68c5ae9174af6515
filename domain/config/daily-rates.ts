// 掛金日額 by work date (R-RATE). Configuration data: add a row when the 機構 changes the rate.
// Sources: 約款 第4条 (320 yen), the 機構's public notices (310 yen from 2016-04-01; 320 yen from
// 2021-10-01), and the stamp history in seed 001 (260 and 300 yen stamps).
// `from` is inclusive; each row runs until the day before the next row's `from`.
// `class` leaves room for a 複数掛金制度 (several rates per date by worker class); today there is one class.
export interface DailyRateRow {
  from: string;
  dailyRate: number;
  class: 'standard';
  source: string;
}

export const DAILY_RATES: readonly DailyRateRow[] = [
  {
    from: '2003-10-01',
    dailyRate: 300,
    class: 'standard',
    source: '約款 施行 (平成15年10月1日); 300円 stamps in 001',
  },
  { from: '2016-04-01', dailyRate: 310, class: 'standard', source: '機構 告知: 平成28年4月1日から310円' },
  { from: '2021-10-01', dailyRate: 320, class: 'standard', source: '約款 第4条 (令和3年10月1日改正): 320円' },
];
