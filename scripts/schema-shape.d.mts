// Types of scripts/schema-shape.mjs, for the tests that import it.
export const RULE_KEYWORDS: string[];
export interface Variants {
  by: string | null;
  list: { key: string; index: number; schema: unknown }[];
}
export interface Shape {
  types: string[];
  nullable: boolean;
  enum: unknown[] | undefined;
  properties: Record<string, unknown> | undefined;
  required: string[];
  items: unknown;
  variants: Variants | undefined;
  rules: Record<string, unknown>;
  ref: string | undefined;
  unresolved: string[];
  onlyNull: boolean;
}
export function deref(node: unknown, doc: unknown): { schema: Record<string, unknown>; refs: string[]; unresolved?: string };
export function shapeOf(node: unknown, doc: unknown, depth?: number): Shape;
