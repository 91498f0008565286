// Types of scripts/request-shapes.mjs, for the tests that import it.
export type QueryKind = 'array' | 'number' | 'boolean';
export interface RequestShapes {
  queryKinds: Record<string, Record<string, QueryKind>>;
  optionalBodies: string[];
  errorStatuses: Record<string, number[]>;
}
export function buildRequestShapes(spec: unknown): RequestShapes;
export function renderRequestShapesModule(shapes: RequestShapes): string;
