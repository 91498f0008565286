// `listAll` of the paged lists: follows the cursor from page to page, fetching each page only when
// the loop asks for more.
import { type OperationId, operations } from '../../generated/operations.js';
import { finishError } from '../core/finish-error.js';
import { MalformedResponseError } from '../errors/index.js';

/**
 * What a bad cursor looks like to the caller: the pages came back with status 200. Built when
 * needed: touching `Headers` at import time would make Node load its fetch implementation early.
 */
const pageInfo = () => ({ status: 200, headers: new Headers(), requestId: undefined });

/** How one list pages: where a page's cursor is, and how the next query carries it. */
export interface Paging<Q, P> {
  /** The list operation, named in the error messages (`listProcurements`). */
  operation: OperationId;
  /** The cursor to continue after `page`, if it has one. */
  cursorOf: (page: P) => string | null | undefined;
  /** `query` asking for the page after `cursor`. */
  after: (query: Q, cursor: string) => Q;
}

/**
 * Every item of the pages `list` returns: each page's cursor is sent for the next, until
 * `has_more` is false. A page that says `has_more` without a cursor, or a cursor seen before
 * (which would loop forever), ends it with MalformedResponseError.
 */
export async function* listAllPages<Q, T, P extends { data: T[]; has_more: boolean }>(
  list: (query: Q) => Promise<P>,
  query: Q,
  paging: Paging<Q, P>,
): AsyncGenerator<T, void, undefined> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await list(after === undefined ? query : paging.after(query, after));
    yield* page.data;
    if (!page.has_more) return;
    const cursor = paging.cursorOf(page);
    if (!cursor) throw pageError('no-cursor', paging.operation);
    // The cursor is the server's text, not shown: a hostile or broken server could echo anything in it.
    if (seen.has(cursor)) throw pageError('repeated', paging.operation);
    seen.add(cursor);
    after = cursor;
  }
}

/** Why a page cannot be continued from. */
const PAGE_PROBLEMS = {
  'no-cursor': 'the page said has_more but gave no cursor to continue from',
  repeated: 'a cursor came back twice; stopping the iteration',
};

/** A page that cannot be continued from, named as its list call would be (also used by events.follow). */
export function pageError(problem: keyof typeof PAGE_PROBLEMS, operation: OperationId): unknown {
  const { method, path } = operations[operation];
  const error = new MalformedResponseError(PAGE_PROBLEMS[problem], pageInfo());
  return finishError(error, { options: undefined, operation, method, path, attempts: 1 });
}
