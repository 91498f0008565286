// Types of scripts/operation-table.mjs, for the tests that import it.
export interface OperationRow {
  operationId: string;
  method: string;
  path: string;
  idempotent: boolean;
}
export function buildOperationTable(spec: unknown): OperationRow[];
export function renderOperationsModule(rows: OperationRow[]): string;
export function renderRetryTable(rows: OperationRow[]): string;
export function replaceBetweenMarkers(text: string, name: string, body: string): string;
