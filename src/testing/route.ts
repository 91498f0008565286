// Reads a request the way the spec means it: which operation it is (method and path, from the
// generated operation table), its path parameters, its query read back into lists and numbers,
// and its JSON body.
import { type OperationId, operations } from '../../generated/operations.js';
import { queryKinds } from '../../generated/request-shapes.js';

/** A request matched to an operation, not yet checked. */
export interface Routed {
  operation: OperationId;
  path: Record<string, string>;
  query: Record<string, unknown>;
}

interface Route {
  operation: OperationId;
  method: string;
  pattern: RegExp;
  names: string[];
}

// Paths without parameters first, so `/v0/vms/script` can never be read as a parameter's value.
const routes: Route[] = (Object.entries(operations) as [OperationId, (typeof operations)[OperationId]][])
  .map(([operation, { method, path }]) => {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    // Anything may come before the versioned path: a base URL can carry a prefix (a proxy's).
    const pattern = new RegExp(`^(?:/.*)?${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}/*$`);
    return { operation, method, pattern, names };
  })
  .sort((a, b) => a.names.length - b.names.length);

/** The operation a method and URL call, or undefined when none does. */
export function route(method: string, url: URL): Routed | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const match = r.pattern.exec(url.pathname);
    if (!match) continue;
    const path = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { operation: r.operation, path, query: readQuery(r.operation, url.searchParams) };
  }
  return undefined;
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
