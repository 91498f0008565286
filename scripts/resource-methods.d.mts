// Types of scripts/resource-methods.mjs, for the tests that import it.
export interface MethodArg {
  name: string;
  source: 'path' | 'body' | 'query';
  /** The path parameter, or the body or query field the argument is (absent for a whole body or query). */
  field?: string;
  required: boolean;
  doc?: string;
  /** The value the spec's examples give it (undefined when they give none). */
  example?: unknown;
}
export interface ResourceMethod {
  /** Where the resource sits on the client: `['nodes']`, `['preview', 'instances']`. */
  resource: string[];
  name: string;
  operationId: string;
  httpMethod: string;
  path: string;
  args: MethodArg[];
  /** Whether repeating it is harmless (`x-idempotent`). */
  idempotent: boolean;
  /** The body the method always sends (`x-sfc-fixed-body`), if any. */
  fixedBody?: unknown;
  response: 'json' | 'none';
  docs: { summary?: string; description?: string; spendsMoney: boolean; deprecated: boolean; tag?: string };
}
export const RESOURCES_FILE: string;
export function buildResourceMethods(spec: unknown): ResourceMethod[];
export function renderResourcesModule(methods: ResourceMethod[]): string;
export function renderMethodsTable(methods: ResourceMethod[]): string;
export function exampleCall(method: ResourceMethod): string[];
export function className(resource: string[]): string;
