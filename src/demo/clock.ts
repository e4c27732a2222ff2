const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The demo's clock: the story of the last weeks is told in order, and every
 * step is stamped with the moment it happened in the story (src/clock.ts).
 * It only moves forward, so a step written out of order fails loudly instead
 * of leaving a record that contradicts itself (an approval after its send, a
 * situation opened after its first update).
 */
export class StoryClock {
  private t: number;

  /** `today`: the real time the story ends at; nothing in it happens later. */
  constructor(
    private readonly today: Date,
    start: Date,
  ) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  /** Moves to `when` (never back, never past today) and returns it. */
  at(when: Date): Date {
    if (when.getTime() < this.t) throw new Error(`the demo story went back in time: ${when.toISOString()} is before ${this.now().toISOString()}`);
    if (when.getTime() > this.today.getTime()) throw new Error(`the demo story went past today: ${when.toISOString()}`);
    this.t = when.getTime();
    return this.now();
  }

  /** Moves on by `ms` and returns the new time. */
  advance(ms: number): Date {
    return this.at(new Date(this.t + ms));
  }

  /** `days` calendar days before today at `hhmm` UTC (e.g. daysAgo(10, '08:15')). */
  daysAgo(days: number, hhmm: string): Date {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const d = new Date(this.today.getTime() - days * DAY);
    d.setUTCHours(h, m, 0, 0);
    return d;
  }

  /** `hours` (and `minutes`) before today, to the minute. */
  hoursAgo(hours: number, minutes = 0): Date {
    return new Date(Math.floor((this.today.getTime() - hours * HOUR - minutes * MINUTE) / MINUTE) * MINUTE);
  }

  /** `hours` after today, on the hour: a promise's date. */
  hoursAhead(hours: number): Date {
    return new Date(Math.floor((this.today.getTime() + hours * HOUR) / HOUR) * HOUR);
  }
}

export const MINUTES = MINUTE;
export const HOURS = HOUR;
export const DAYS = DAY;
