// The client's log lines, each at a level: debug (every attempt, response and redirect), info
// (each retry), warn (a failure not retried because the server may have processed it), error (a
// call that failed). Message and fields pass through the key mask, a failing logger never fails a
// call, and pino's argument order (fields first) is respected, so no field is lost there.
import type { LogLevel, Logger } from '../options.js';
import type { Credentials } from './auth.js';

/** The order of levels: a line is written when its level is at or below the chosen one. */
export const LOG_LEVELS: Readonly<Record<LogLevel, number>> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The level of a line. */
export type LineLevel = Exclude<LogLevel, 'off'>;

/**
 * pino takes `(fields, message)` and would treat fields given second as format arguments; console,
 * winston and most others take `(message, fields)`. pino loggers are told apart by `bindings()`.
 */
function isPino(logger: Logger): boolean {
  return typeof (logger as { bindings?: unknown }).bindings === 'function';
}

export class Log {
  /** Whether any line is written: callers build messages only then, since this runs on every call. */
  declare readonly on: boolean;
  readonly #logger: Logger | undefined;
  readonly #level: number;
  readonly #pino: boolean;
  readonly #credentials: Credentials;

  constructor(logger: Logger | undefined, credentials: Credentials, level: LogLevel = logger ? 'debug' : 'off') {
    this.#logger = logger;
    this.#credentials = credentials;
    this.#level = logger ? LOG_LEVELS[level] : 0;
    this.#pino = logger !== undefined && isPino(logger);
    this.on = this.#level > 0;
  }

  /**
   * A line about attempt `at.attempt` of a call: `<operation>: <text>`, its fields led by
   * `operation` and `attempt`.
   */
  aboutAttempt(level: LineLevel, at: { operation: string; attempt: number }, text: string, fields: Record<string, unknown>): void {
    this.write(level, `${at.operation}: ${text}`, { operation: at.operation, attempt: at.attempt, ...fields });
  }

  /**
   * A response that does not match the spec, with `validateResponses: 'warn'`: asked for
   * explicitly, so it is written whatever the level, to `console.warn` when the logger has no `warn`.
   */
  mismatch(message: string, fields: Record<string, unknown>): void {
    const logger = this.#logger;
    if (logger?.warn) this.#call(logger.warn.bind(logger), this.#pino, message, fields);
    else this.#call(console.warn, false, message, fields);
  }

  /**
   * A line at `level`: debug (each attempt, response and redirect), info (each retry), warn (a
   * failure not retried because the server may have processed it), error (a call that failed).
   */
  write(level: LineLevel, message: string, fields: Record<string, unknown>): void {
    const logger = this.#logger;
    if (!logger || LOG_LEVELS[level] > this.#level) return;
    // A logger without this level's method (only `debug` is required) gets the line as debug.
    const write = (logger[level] ?? logger.debug).bind(logger);
    this.#call(write, this.#pino, message, fields);
  }

  /** Masks, orders the arguments for pino or the others, and swallows a failing logger's error. */
  #call(write: (first: never, second: never) => void, pino: boolean, message: string, fields: Record<string, unknown>): void {
    const text = `sfcompute: ${this.#credentials.mask(message)}`;
    const masked = this.#credentials.maskValue(fields);
    const call = write as (first: unknown, second: unknown) => void;
    try {
      if (pino) call(masked, text);
      else call(text, masked);
    } catch {
      // A failing logger must not fail the call.
    }
  }
}
