// Cursor pages, shared by the fake's paged lists (procurements, transactions).
import type { FakeReply } from '../handler.js';
import { refusal } from '../refusals.js';

/**
 * One page of `candidates` (the items on the cursor's side, in list order): the first `limit`
 * going forward, the last `limit` going backward, and whether more lie beyond the page.
 */
export function pageOf<T>(candidates: readonly T[], backward: boolean, limit: number): { page: T[]; hasMore: boolean } {
  const page = backward ? candidates.slice(-limit) : candidates.slice(0, limit);
  return { page, hasMore: candidates.length > page.length };
}

/** The refusal of a cursor the list never gave. */
export function unknownCursor(operation: string, status: number, field: string, cursor: string): FakeReply {
  return refusal(operation, status, `${cursor} is not a cursor this list gave.`, { field, code: 'invalid_cursor' });
}
