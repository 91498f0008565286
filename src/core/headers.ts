// Headers as users give them (a record, a Headers, or name-value pairs), merged with the rules
// openapi-fetch uses: later sources win, null removes, undefined is skipped, arrays repeat.
import type { HeadersOptions } from 'openapi-fetch';
import type { HeadersOption } from '../options.js';

/**
 * Merges `source` into `target` and returns the names the runtime refused (an invalid name or
 * value, or a list entry that is not a name-value pair), leaving those out. Anything with
 * `entries()` and `get()` counts as a `Headers` (one from another realm or a polyfill too).
 */
export function mergeHeaders(target: Headers, source: unknown): string[] {
  const refused: string[] = [];
  if (source === null || typeof source !== 'object') return refused;
  const like = source as { entries?: unknown; get?: unknown };
  let entries: [string, unknown][];
  if (Array.isArray(source)) {
    entries = [];
    source.forEach((pair: unknown, index) => {
      if (Array.isArray(pair) && pair.length === 2) entries.push([String(pair[0]), pair[1]]);
      else refused.push(`[${index}]`);
    });
  } else if (typeof like.entries === 'function' && typeof like.get === 'function') {
    entries = [...(source as Headers).entries()];
  } else {
    entries = Object.entries(source);
  }
  // A value that is not a string is sent as JavaScript prints it (numbers, booleans).
  for (const [name, value] of entries) {
    try {
      if (value === null) target.delete(name);
      else if (Array.isArray(value)) for (const item of value as unknown[]) target.append(name, `${item as string}`);
      else if (value !== undefined) target.set(name, `${value as string}`);
    } catch {
      refused.push(name);
    }
  }
  return refused;
}

/**
 * A call's headers in a form openapi-fetch merges as we document: a plain record as it is (its
 * nulls still remove client headers), anything else (pairs, a Headers from another realm) copied
 * into a Headers. Only called on headers that `checkOptions` accepted.
 */
export function callHeaders(option: HeadersOption): HeadersOptions {
  if (option instanceof Headers) return option;
  if (Array.isArray(option) || typeof (option as { entries?: unknown }).entries === 'function') {
    const headers = new Headers();
    mergeHeaders(headers, option);
    return headers;
  }
  // openapi-fetch only reads the record (its type wants mutable arrays).
  return option as HeadersOptions;
}
