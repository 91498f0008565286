// Types of scripts/operation-table.mjs, for the tests that import it.
export interface OperationRow {
  operationId: string;
  method: string;
  path: string;
  idempotent: boolean;
  /** Whether the first 2xx response has a JSON body. */
  response: 'json' | 'none';
}
export function buildOperationTable(spec: unknown): OperationRow[];
export function responseKind(operation: unknown, spec: unknown): 'json' | 'none';
export function renderOperationsModule(rows: OperationRow[]): string;
export function renderRetryTable(rows: OperationRow[]): string;
export function replaceBetweenMarkers(text: string, name: string, body: string): string;
