// The client's log lines: message and fields pass through the key mask, and a failing logger never
// fails a call.
import type { Logger } from '../options.js';
import type { Credentials } from './auth.js';

export class Log {
  /** Whether anyone listens: callers build messages only then, since this runs on every call. */
  readonly on: boolean;
  readonly #logger: Logger | undefined;
  readonly #credentials: Credentials;

  constructor(logger: Logger | undefined, credentials: Credentials) {
    this.#logger = logger;
    this.#credentials = credentials;
    this.on = logger !== undefined;
  }

  /** One `debug` line, prefixed `sfcompute: `, with the key masked. */
  debug(message: string, fields: Record<string, unknown>): void {
    if (!this.#logger) return;
    try {
      this.#logger.debug(`sfcompute: ${this.#credentials.mask(message)}`, this.#credentials.maskValue(fields) as Record<string, unknown>);
    } catch {
      // A failing logger must not fail the call.
    }
  }

  /** One `warn` line (to `console.warn` when the logger has no `warn`). */
  warn(message: string, fields: Record<string, unknown>): void {
    const logger = this.#logger;
    const warn = logger?.warn ? logger.warn.bind(logger) : console.warn;
    try {
      warn(`sfcompute: ${this.#credentials.mask(message)}`, this.#credentials.maskValue(fields) as Record<string, unknown>);
    } catch {
      // A failing logger must not fail the call.
    }
  }
}
