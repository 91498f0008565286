// The fake API's clock: time moves only when the test says so (`advance`), so node lifecycles and
// log growth are deterministic and cost no real waiting.

/** A clock the test drives, in milliseconds since the Unix epoch. */
export class FakeClock {
  #now: number;

  /** @param startMs the time the clock shows first, in milliseconds since the epoch. */
  constructor(startMs: number) {
    this.#now = startMs;
  }

  /** The current fake time, in milliseconds since the epoch. */
  now(): number {
    return this.#now;
  }

  /** The current fake time in whole Unix seconds, as the API's timestamps are. */
  seconds(): number {
    return Math.floor(this.#now / 1000);
  }

  /** Moves the clock forward by `ms` (a whole number, 0 or more). */
  advance(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a whole number, 0 or more (got ${String(ms)})`);
    this.#now += ms;
  }
}
