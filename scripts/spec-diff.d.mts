// Types of scripts/spec-diff.mjs, for the tests that import it.
export interface SpecChange {
  severity: 'breaking' | 'non-breaking' | 'annotation';
  operation: string;
  where: string;
  message: string;
  path: string[];
}
export function classifyChanges(before: unknown, after: unknown): SpecChange[];
export function report(changes: SpecChange[]): string;
export function loadSpec(source: string, root: string): unknown;
