// Rules on a caller's input that the spec cannot say, checked before anything is sent.
import { ValidationError } from '../errors/index.js';

/**
 * Throws `ValidationError` when more than one of `keys` is set in `query`: for filters the API
 * documents as mutually exclusive (an empty array counts as not set, as it is not sent).
 */
export function atMostOneOf(query: Record<string, unknown> | undefined, keys: readonly string[]): void {
  if (!query) return;
  const set = keys.filter((key) => {
    const value = query[key];
    return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  });
  if (set.length > 1) {
    throw new ValidationError([
      {
        path: '/query',
        rule: `given at most one of ${keys.join(', ')}`,
        value: Object.fromEntries(set.map((key) => [key, query[key]])),
      },
    ]);
  }
}
