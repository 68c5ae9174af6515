// Days the business calendar treats as closed besides weekends and national holidays.
// Configuration data: the 機構 and the banks close for 年末年始 (12/29–1/3); add rows for other closures.
// A recurring closure uses `MM-DD` bounds and may wrap the new year; a one-off closure uses ISO dates.
export interface Closure {
  /** Inclusive start: `MM-DD` (every year) or `YYYY-MM-DD` (once). */
  from: string;
  /** Inclusive end, same form as `from`. A recurring range with `to < from` wraps the new year. */
  to: string;
  name: string;
}

export const DEFAULT_CLOSURES: readonly Closure[] = [{ from: '12-29', to: '01-03', name: '年末年始' }];
