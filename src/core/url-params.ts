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

/**
 * openapi-fetch's default query serialiser, with the error it throws for a value nested too deep
 * (an object inside an array) turned into a ValidationError naming the parameter.
 */
export function checkedQuerySerializer(query: Record<string, unknown>): string {
  try {
    return formQuery(query);
  } catch {
    const nested = Object.keys(query).find(
      (name) => Array.isArray(query[name]) && (query[name] as unknown[]).some((v) => typeof v === 'object' && v !== null),
    );
    throw new ValidationError([
      {
        path: `/query/${nested ?? ''}`,
        rule: 'a string, number or boolean, or a list of them',
        value: nested === undefined ? query : query[nested],
      },
    ]);
  }
}
