// Secrets the API hands back, by operation: a created token's value. The client masks each one
// like the API key from the moment its response arrives (before the response is checked), so it
// never reaches a log line, an error or a validation message; the caller still gets it in the data.
import type { OperationId } from '../../generated/operations.js';

/** The top-level fields of a successful response that hold a secret, by operation. */
export const SECRET_RESPONSE_FIELDS: Partial<Record<OperationId, readonly string[]>> = {
  createToken: ['token'],
};

/** The secret strings in `data`, a successful response body of `operation` (none for most operations). */
export function secretsIn(operation: OperationId | undefined, data: unknown): string[] {
  if (!holdsSecret(operation) || typeof data !== 'object' || data === null) return [];
  return SECRET_RESPONSE_FIELDS[operation!]!.map((field) => (data as Record<string, unknown>)[field]).filter(
    (value): value is string => typeof value === 'string',
  );
}

/** Whether a successful response of `operation` carries a secret. */
export function holdsSecret(operation: OperationId | undefined): boolean {
  return operation !== undefined && SECRET_RESPONSE_FIELDS[operation] !== undefined;
}
