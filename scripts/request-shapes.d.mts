// Types of scripts/request-shapes.mjs, for the tests that import it.
export type QueryKind = 'array' | 'number' | 'boolean';
export type ErrorBody = 'none' | 'envelope' | { token: string };
export interface RequestShapes {
  queryKinds: Record<string, Record<string, QueryKind>>;
  optionalBodies: string[];
  errorBodies: Record<string, Record<string, ErrorBody>>;
}
export function buildRequestShapes(spec: unknown): RequestShapes;
export function renderRequestShapesModule(shapes: RequestShapes): string;
