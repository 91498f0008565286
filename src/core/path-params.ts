// Path parameters (ids and names) are checked before they become part of a URL, then encoded by
// openapi-fetch's own serialiser. This is the serialiser handed to openapi-fetch for resource calls.
import { defaultPathSerializer } from 'openapi-fetch';
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
