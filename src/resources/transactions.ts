// Ledger transactions (`sfc.transactions`): the generated method (generated/resources.ts), plus
// `listAll`, whose pager lives in list-all.ts.
import { TransactionsResource } from '../../generated/resources.js';
import type { RequestOptions } from '../options.js';
import type { ListTransactionsParams, Transaction } from '../types.js';
import { listAllPages } from './list-all.js';
import type { Input } from './resource.js';

/**
 * The account's ledger: payments, credit grants, refunds, order settlements
 * (`/v1/transactions`). Reach it as `sfc.transactions`.
 * @example
 * const { data } = await sfc.transactions.list({ limit: 20, transaction_type: 'buy_order' });
 */
export class Transactions extends TransactionsResource {
  /**
   * Every transaction matching `query`, fetched page by page only as the loop asks for more: the
   * last item's `cursor` of each page is sent as `starting_after_cursor` for the next, until
   * `has_more` is false. Stops (throwing `RequestAbortedError`) when `options.signal` fires.
   * `query.limit` sets the page size.
   * @param query filters and page size; default none
   * @example
   * for await (const t of sfc.transactions.listAll({ transaction_type: 'buy_order' })) console.log(t.amount_cents);
   */
  listAll(
    query: Input<Omit<ListTransactionsParams, 'starting_after_cursor' | 'ending_before_cursor'>> = {},
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
