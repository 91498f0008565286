// Reads openapi.yaml so tests can compare what the client returns with what the spec documents.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const spec: Json = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));

/** `node` with its `$ref` followed (recursively); keywords beside the `$ref` win over the target's. */
export function deref(node: Json): Json {
  if (node && typeof node.$ref === 'string') {
    const target = (node.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((at: Json, key: string) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    const { $ref: _ref, ...siblings } = node;
    return { ...deref(target), ...siblings };
  }
  return node;
}

/** The operation object at `path` and `method`. */
export function operation(path: string, method: string): Json {
  const op = spec.paths?.[path]?.[method];
  if (!op) throw new Error(`no operation ${method.toUpperCase()} ${path} in openapi.yaml`);
  return op;
}

/** The first JSON example the spec gives for one response of one operation. */
export function responseExample(path: string, method: string, status: number): unknown {
  const response = deref(operation(path, method).responses?.[String(status)]);
  const media = response?.content?.['application/json'];
  const first = media?.examples ? Object.values(media.examples)[0] : undefined;
  if (!first) throw new Error(`no example for ${status} of ${method.toUpperCase()} ${path}`);
  return deref(first as Json).value;
}

/** The value of a named request-body example of one operation. */
export function requestExample(path: string, method: string, name: string): unknown {
  const example = operation(path, method).requestBody?.content?.['application/json']?.examples?.[name];
  if (!example) throw new Error(`no request example ${name} for ${method.toUpperCase()} ${path}`);
  return deref(example).value;
}

/** Every `method path` pair of the spec, e.g. `get /v1/nodes`. */
export function allOperations(): string[] {
  const methods = ['get', 'put', 'post', 'delete', 'patch'];
  return Object.entries(spec.paths as Json).flatMap(([path, item]) => methods.filter((m) => item[m]).map((m) => `${m} ${path}`));
}
