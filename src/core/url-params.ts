// Path and query parameters are checked before they become part of a URL, then encoded by
// openapi-fetch's own serialisers. These are the serialisers handed to openapi-fetch for resource
// calls: its defaults, with a refusal in plain words where the default would build a wrong URL.
import { createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import { ValidationError } from '../errors/index.js';

/**
 * Refuses a path parameter that is not a non-empty string, or is `.` or `..` (URL normalisation
 * would turn `/v1/nodes/../extend` into `/v1/extend`: another endpoint), naming the parameter;
 * then lets openapi-fetch percent-encode the rest.
 */
export function checkedPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const name in pathParams) {
    const value = pathParams[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new ValidationError([{ path: `/${name}`, rule: 'a non-empty string', value }]);
    }
    if (value === '.' || value === '..') {
      throw new ValidationError([{ path: `/${name}`, rule: 'an id or name other than "." and ".."', value }]);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}

/** openapi-fetch's default: form style, arrays repeated (`id=a&id=b`), undefined and null left out. */
const formQuery = createQuerySerializer();

/** What a query value may be: sent as text by openapi-fetch. */
const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * openapi-fetch's default query serialiser, after two things it would get wrong: a null inside a
 * list is left out (as an undefined or null value is), and a value that is not a string, number or
 * boolean (or a list of them) is refused with a ValidationError naming the parameter, where
 * openapi-fetch would drop it (a Date) or spell it as a nested object.
 */
export function checkedQuerySerializer(query: Record<string, unknown>): string {
  const sent: Record<string, unknown> = {};
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? (value as unknown[]).filter((item) => item !== undefined && item !== null) : [value];
    if (!items.every(isScalar)) {
      throw new ValidationError([{ path: `/query/${name}`, rule: 'a string, number or boolean, or a list of them', value }]);
    }
    sent[name] = Array.isArray(value) ? items : value;
  }
  return formQuery(sent);
}
