// Reads openapi.yaml so tests can compare what the client returns with what the spec documents.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** An object (or array) of the parsed YAML: what each value is, the code reading it checks. */
export type Json = Record<string, unknown>;

/** Whether `value` is an object or array of the parsed YAML (not a scalar, not null). */
export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

/** The object at `keys` below `node`, or undefined where a step is missing or not an object. */
export function optionalChild(node: unknown, ...keys: string[]): Json | undefined {
  let at = node;
  for (const key of keys) at = isJson(at) ? at[key] : undefined;
  return isJson(at) ? at : undefined;
}

/** The object at `keys` below `node`; throws, naming the keys, where there is none. */
export function child(node: unknown, ...keys: string[]): Json {
  const found = optionalChild(node, ...keys);
  if (!found) throw new Error(`no object at ${keys.join('.')} in openapi.yaml`);
  return found;
}

const parsed: unknown = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
if (!isJson(parsed)) throw new Error('openapi.yaml is not a YAML mapping');
export const spec: Json = parsed;

/**
 * `node` with its `$ref` followed (recursively); keywords beside the `$ref` win over the target's.
 * Undefined when `node` is not an object.
 */
export function deref(node: Json): Json;
export function deref(node: unknown): Json | undefined;
export function deref(node: unknown): Json | undefined {
  if (!isJson(node)) return undefined;
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => {
        if (!isJson(at)) throw new Error(`$ref ${String(node.$ref)} does not resolve in openapi.yaml`);
        return at[key.replace(/~1/g, '/').replace(/~0/g, '~')];
      }, spec);
    const { $ref: _ref, ...siblings } = node;
    return { ...deref(target), ...siblings };
  }
  return node;
}

/** The operation object at `path` and `method`. */
export function operation(path: string, method: string): Json {
  const op = optionalChild(spec, 'paths', path, method);
  if (!op) throw new Error(`no operation ${method.toUpperCase()} ${path} in openapi.yaml`);
  return op;
}

/** The first JSON example the spec gives for one response of one operation. */
export function responseExample(path: string, method: string, status: number): unknown {
  const response = deref(optionalChild(operation(path, method), 'responses')?.[String(status)]);
  const examples = optionalChild(response, 'content', 'application/json', 'examples');
  const first = examples ? Object.values(examples)[0] : undefined;
  if (!first) throw new Error(`no example for ${status} of ${method.toUpperCase()} ${path}`);
  return deref(first)?.value;
}

/** The value of a named request-body example of one operation. */
export function requestExample(path: string, method: string, name: string): unknown {
  const example = optionalChild(operation(path, method), 'requestBody', 'content', 'application/json', 'examples', name);
  if (!example) throw new Error(`no request example ${name} for ${method.toUpperCase()} ${path}`);
  return deref(example).value;
}

/** Every `method path` pair of the spec, e.g. `get /v1/nodes`. */
export function allOperations(): string[] {
  const methods = ['get', 'put', 'post', 'delete', 'patch'];
  return Object.entries(child(spec, 'paths')).flatMap(([path, item]) =>
    methods.filter((m) => isJson(item) && item[m]).map((m) => `${m} ${path}`),
  );
}
