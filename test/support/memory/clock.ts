// A clock the test moves by hand: every adapter and use case built by memoryCycleDeps reads it.

/** A Thursday in Japan (2026-11-12 10:00 JST): the month after the fixtures' work month 2026-10. */
export const DEFAULT_NOW = '2026-11-12T01:00:00.000Z';

export class MemoryClock {
  private t: number;

  constructor(iso: string = DEFAULT_NOW) {
    this.t = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.t);
  readonly iso = (): string => new Date(this.t).toISOString();

  set(iso: string): void {
    this.t = Date.parse(iso);
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

/** Copies a stored value on its way in and out, as a database would (no aliasing between callers). */
export const copy = <T>(v: T): T => structuredClone(v);

/** Joins the parts of a key; NUL cannot occur in ids, so joined keys cannot collide. */
export const key = (...parts: (string | undefined)[]): string => parts.map((p) => p ?? '').join('\u0000');
