// Ledger transactions (`/v1/transactions`): each method is one call of the typed openapi-fetch
// client; the pager behind `listAll` lives in list-all.ts.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { ListTransactionsParams, Transaction, TransactionList } from '../types.js';
import { listAllPages } from './list-all.js';
import { APIResource } from './resource.js';

/**
 * The account's ledger: payments, credit grants, refunds, order settlements
 * (`/v1/transactions`). Reach it as `sfc.transactions`.
 * @example
 * const { data } = await sfc.transactions.list({ limit: 20, transaction_type: 'buy_order' });
 */
export class Transactions extends APIResource {
  /**
   * Lists one page (up to `limit`, 1-100; the server's default is 10), newest first unless `sort`
   * says otherwise. Each item has its own `cursor`: pass the last one as `starting_after_cursor`
   * for the next page while `has_more` is true (or let `listAll` do it).
   * @example
   * const page = await sfc.transactions.list({ limit: 50, after_time: 1764547200 });
   */
  list(query?: ListTransactionsParams, options?: RequestOptions): APIPromise<TransactionList> {
    return this.send(options, (init) => this.api.GET('/v1/transactions', { params: { query }, ...init }));
  }

  /**
   * Every transaction matching `query`, fetched page by page only as the loop asks for more: the
   * last item's `cursor` of each page is sent as `starting_after_cursor` for the next, until
   * `has_more` is false. Stops (throwing `RequestAbortedError`) when `options.signal` fires.
   * `query.limit` sets the page size.
   * @example
   * for await (const t of sfc.transactions.listAll({ transaction_type: 'buy_order' })) console.log(t.transaction_time, t.amount_cents);
   */
  listAll(
    query: Omit<ListTransactionsParams, 'starting_after_cursor' | 'ending_before_cursor'> = {},
    options?: RequestOptions,
  ): AsyncGenerator<Transaction, void, undefined> {
    return listAllPages((page) => this.list(page, options), query as ListTransactionsParams, {
      operation: 'listTransactions',
      // No source says which item's cursor continues a page; the last one's does when paging forward (inferred).
      cursorOf: (page) => page.data.at(-1)?.cursor,
      after: (q, cursor) => ({ ...q, starting_after_cursor: cursor }),
    });
  }
}
