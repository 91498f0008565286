// Reads a request the way the spec means it: which operation it is (method and path, from the
// generated operation table), its path parameters, its query read back into lists and numbers,
// and its JSON body. Only the API's own paths are answered, exactly, under the fake's base URL
// when it has one: a doubled `/v1` or a stray prefix in a caller's base URL must show up as a 404,
// not pass unnoticed.
import { type OperationId, operations } from '../../generated/operations.js';
import { queryKinds } from '../../generated/request-shapes.js';

/** A request matched to an operation, not yet checked. */
export interface Routed {
  operation: OperationId;
  path: Record<string, string>;
  query: Record<string, unknown>;
}

/** Where the fake answers: one origin (any when undefined) and the path its API paths follow ('' for the root). */
export interface Base {
  origin: string | undefined;
  prefix: string;
}

interface Route {
  operation: OperationId;
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
}

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

// Paths without parameters first, so `/v0/vms/script` can never be read as a parameter's value.
const routes: Route[] = (Object.entries(operations) as [OperationId, (typeof operations)[OperationId]][])
  .map(([operation, { method, path }]) => {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const pattern = new RegExp(`^${escape(path).replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    return { operation, method, path, pattern, names };
  })
  .sort((a, b) => a.names.length - b.names.length);

/**
 * The base a fake answers under, from its `baseUrl` option: any origin at the root when there is none.
 * @example baseOf('https://proxy.test/sfc/') // { origin: 'https://proxy.test', prefix: '/sfc' }
 */
export function baseOf(baseUrl: string | undefined): Base {
  if (baseUrl === undefined) return { origin: undefined, prefix: '' };
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`createFakeSFCompute: baseUrl must be an absolute http(s) URL such as https://api.sfcompute.com (got ${baseUrl})`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new TypeError(`createFakeSFCompute: baseUrl must be an http(s) URL without a query or fragment (got ${baseUrl})`);
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

/** The API path of a URL under `base`, or undefined when the URL is not under it. */
function apiPath(url: URL, base: Base): string | undefined {
  if (base.origin !== undefined && url.origin !== base.origin) return undefined;
  if (base.prefix === '') return url.pathname;
  return url.pathname.startsWith(`${base.prefix}/`) ? url.pathname.slice(base.prefix.length) : undefined;
}

/** The operation a method and URL call under `base`, or undefined when none does. */
export function route(method: string, url: URL, base: Base): Routed | undefined {
  const path = apiPath(url, base);
  if (path === undefined) return undefined;
  for (const r of routes) {
    if (r.method !== method) continue;
    const match = r.pattern.exec(path);
    if (!match) continue;
    const values = match.slice(1).map(decoded);
    // A value that is no percent-encoding names nothing the API has: answered as an unknown path.
    if (values.some((value) => value === undefined)) return undefined;
    const params = Object.fromEntries(r.names.map((name, i) => [name, values[i]!]));
    return { operation: r.operation, path: params, query: readQuery(r.operation, url.searchParams) };
  }
  return undefined;
}

/** A path segment percent-decoded, or undefined when it holds a malformed escape (`%E0`, `%zz`). */
function decoded(segment: string | undefined): string | undefined {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Why a URL reaches no operation, in words: the path the fake answers under, and the operation
 * whose path the URL ends with, if any (a base URL with one segment too many looks like that).
 */
export function unrouted(method: string, url: URL, base: Base): string {
  const where = `${base.origin ?? ''}${base.prefix}` || 'the root of any origin';
  const segment = url.pathname.split('/').find((part) => decoded(part) === undefined);
  if (segment !== undefined) {
    return `No operation is ${method} ${url.pathname}: its segment ${segment} is not a valid percent-encoding.`;
  }
  const near = routes.find((r) => r.method === method && new RegExp(r.pattern.source.slice(1)).test(url.pathname));
  const hint = near ? ` It ends with the path of ${near.operation} (${near.path}): check the base URL's path.` : '';
  return `No operation is ${method} ${url.pathname}: the fake answers the API's paths under ${where}.${hint}`;
}

/** Query values in the kinds the spec gives them; a value that does not read as its kind stays text, for the validators to refuse. */
export function readQuery(operation: string, params: URLSearchParams): Record<string, unknown> {
  const kinds = queryKinds[operation] ?? {};
  const query: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    const kind = kinds[name];
    const value = params.get(name)!;
    if (kind === 'array') query[name] = params.getAll(name);
    else if (kind === 'number') query[name] = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    else if (kind === 'boolean') query[name] = value === 'true' ? true : value === 'false' ? false : value;
    else query[name] = value;
  }
  return query;
}
