// Reads how long a response asks the caller to wait before trying again.

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * delta-seconds or as an HTTP date (a date in the past means 0). Undefined when absent or unreadable.
 */
export function retryAfterOf(headers: Headers, now: number = Date.now()): number | undefined {
  // Headers.get strips the whitespace around a value. An absent header reads as '', which neither
  // rule below accepts (nor would any other text: hence the Stryker directives, for mutants that
  // cannot change the outcome).
  // Stryker disable next-line StringLiteral: equivalent, see above
  const ms = headers.get('retry-after-ms') ?? '';
  if (/^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  // Stryker disable next-line StringLiteral: equivalent, see above
  const value = headers.get('retry-after') ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP dates start with the day name ("Sun, 06 Nov 1994 08:49:37 GMT"); anything else, such as
  // "-5", is not a date even if Date.parse would accept it.
  const date = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
