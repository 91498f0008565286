// The fake API's time, and what it makes happen. Time moves only when the test says so, and as it
// moves the clock runs what falls due on the way (a node starting, an hour renewed, a reservation
// ending) in time order, each at its own time, so one big step ends where many small ones would.

/**
 * What falls due as time passes: `next(after)` is the first Unix second after `after` at which
 * something is due (undefined when nothing is), `run(at)` does what is due at Unix second `at`.
 */
export interface Agenda {
  next(after: number): number | undefined;
  run(at: number): void;
}

const NOTHING: Agenda = { next: () => undefined, run: () => undefined };

/** A clock the test drives, in milliseconds since the Unix epoch, that runs its agenda as it moves. */
export class FakeClock {
  #now: number;
  #agenda: Agenda;

  /**
   * @param startMs the time the clock shows first, in milliseconds since the epoch.
   * @param agenda what falls due as it moves (default nothing).
   */
  constructor(startMs: number, agenda: Agenda = NOTHING) {
    this.#now = startMs;
    this.#agenda = agenda;
  }

  /** The current fake time, in milliseconds since the epoch. */
  now(): number {
    return this.#now;
  }

  /** The current fake time in whole Unix seconds, as the API's timestamps are. */
  seconds(): number {
    return Math.floor(this.#now / 1000);
  }

  /**
   * Moves the clock forward by `ms` (a whole number, 0 or more). Each event due on the way runs
   * with the clock showing its own time, so what it records (a renewal's transaction) is dated then.
   */
  advance(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a whole number, 0 or more (got ${String(ms)})`);
    const target = this.#now + ms;
    const to = Math.floor(target / 1000);
    for (let at = this.seconds(); ;) {
      const due = this.#agenda.next(at);
      if (due === undefined || due <= at || due > to) break;
      this.#now = due * 1000;
      this.#agenda.run(due);
      at = due;
    }
    this.#now = target;
    this.#agenda.run(to);
  }

  /** Runs what is due now (after a change that may let something happen at once, such as a purchase). */
  settle(): void {
    this.#agenda.run(this.seconds());
  }
}
