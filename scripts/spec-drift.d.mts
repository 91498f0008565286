// Types of scripts/spec-drift.mjs, for the tests that import it.
export type DriftKind =
  | 'missing-operation'
  | 'extra-operation'
  | 'other-path'
  | 'missing-field'
  | 'extra-field'
  | 'type'
  | 'enum'
  | 'nullable'
  | 'required'
  | 'constraint'
  | 'constraint-only-ours';
export interface DriftFinding {
  kind: DriftKind;
  operation: string;
  operationId?: string;
  group?: string;
  where: string;
  path: string;
  message: string;
  ours?: unknown;
  upstream?: unknown;
  onlyUpstream?: unknown[];
  onlyOurs?: unknown[];
}
export interface DriftSide {
  title: string;
  version: string;
  openapi: string;
  operations: number;
}
export interface DriftReport {
  ours: DriftSide;
  upstream: DriftSide;
  shared: number;
  counts: Record<DriftKind, number>;
  findings: DriftFinding[];
  notes: string[];
}
export const KINDS: Record<DriftKind, string>;
export function compareSpecs(ours: unknown, upstream: unknown): DriftReport;
export function pathGroup(path: string): string;
export function renderDrift(report: DriftReport, names?: { ours: string; upstream: string }): string;
export class DriftInputError extends Error {}
export function readSpec(file: string): unknown;
export function main(args: string[], root: string, out?: (text: string) => void, err?: (text: string) => void): number;
