// Path and query parameters: the checks that refuse, in plain words, values that would build a
// wrong URL (run by the request middleware, which knows the operation), and the serialisers handed
// to openapi-fetch, which encode good values as openapi-fetch does and never throw (a refused value
// never reaches the network: the middleware stops the call first).
import { createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { ValidationIssue } from '../errors/index.js';

const TEXT_RULE = 'text without a lone surrogate (it cannot be sent as UTF-8)';
/**
 * Whether a query name or value can be percent-encoded: encodeURIComponent throws URIError only
 * on a lone surrogate (half of a UTF-16 pair), which no UTF-8 can carry.
 */
function encodable(value: unknown): boolean {
  try {
    encodeURIComponent(value as string);
    return true;
  } catch {
    return false;
  }
}

/**
 * The problems of path parameters: a value that is not a non-empty string, or is `.` or `..`
 * (URL normalisation would turn `/v1/nodes/../extend` into `/v1/extend`: another endpoint), or
 * holds a lone surrogate.
 */
export function pathParamIssues(pathParams: Record<string, unknown> | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name in pathParams) {
    const value = pathParams[name];
    if (typeof value !== 'string' || value.length === 0) {
      issues.push({ path: `/${name}`, rule: 'a non-empty string', value });
    } else if (value === '.' || value === '..') {
      issues.push({ path: `/${name}`, rule: 'an id or name other than "." and ".."', value });
    } else if (!encodable(value)) {
      issues.push({ path: `/${name}`, rule: TEXT_RULE, value });
    }
  }
  return issues;
}

/** What a query value may be: sent as text by openapi-fetch. */
const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isAbsent = (value: unknown) => value === undefined || value === null;

/** A query value's items as sent: nulls and undefineds inside a list left out, as a null value is. */
function sentItems(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]).filter((item) => !isAbsent(item)) : [value];
}

/**
 * The problems of query parameters: a value that is not a string, number or boolean (or a list
 * of them), which openapi-fetch would drop (a Date) or spell as a nested object; a name or a
 * value holding a lone surrogate.
 */
export function queryParamIssues(query: Record<string, unknown> | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name in query) {
    const value = query[name];
    const path = `/query/${name}`;
    if (isAbsent(value)) continue; // left out of the URL, name and all
    const items = sentItems(value);
    if (!encodable(name)) issues.push({ path, rule: TEXT_RULE, value: name });
    else if (!items.every(isScalar)) issues.push({ path, rule: 'a string, number or boolean, or a list of them', value });
    else if (!items.every(encodable)) issues.push({ path, rule: TEXT_RULE, value });
  }
  return issues;
}

/** openapi-fetch's default path serialiser, except that refused values leave the template as it is. */
export function lenientPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  return pathParamIssues(pathParams).length > 0 ? pathname : defaultPathSerializer(pathname, pathParams);
}

/** openapi-fetch's default: form style, arrays repeated (`id=a&id=b`), undefined and null left out. */
const formQuery = createQuerySerializer();

/**
 * Sets `name` as an own field of `record`, even `__proto__` (which plain assignment would take as
 * the record's prototype, dropping the parameter).
 */
function setOwn(record: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `query` with every name percent-encoded, and the field names of object values (`name[field]`,
 * which only `sfc.raw` sends). openapi-fetch 0.17 encodes values only: a name holding `=` or `&`
 * would add parameters (getting round the one-filter rule of nodes.list), one holding `#` would
 * cut off the ones after it.
 */
function encodeNames(query: Record<string, unknown>): Record<string, unknown> {
  const encoded: Record<string, unknown> = {};
  for (const name in query) {
    const value = query[name];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const fields: Record<string, unknown> = {};
      for (const field in value) setOwn(fields, encodeURIComponent(field), (value as Record<string, unknown>)[field]);
      setOwn(encoded, encodeURIComponent(name), fields);
    } else {
      setOwn(encoded, encodeURIComponent(name), value);
    }
  }
  return encoded;
}

/** openapi-fetch's default query serialiser with every name percent-encoded: `sfc.raw`'s. */
export function encodedQuerySerializer(query: Record<string, unknown>): string {
  return formQuery(encodeNames(query));
}

/**
 * openapi-fetch's default query serialiser, names percent-encoded, nulls inside a list left out
 * and refused values skipped: the resource methods'.
 */
export function lenientQuerySerializer(query: Record<string, unknown>): string {
  const sent: Record<string, unknown> = {};
  for (const name in query) {
    const value = query[name];
    if (isAbsent(value)) continue;
    const items = sentItems(value);
    if (encodable(name) && items.every((item) => isScalar(item) && encodable(item))) {
      setOwn(sent, encodeURIComponent(name), Array.isArray(value) ? items : value);
    }
  }
  return formQuery(sent);
}
