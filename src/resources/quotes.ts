// Price quotes (`/v0/quote`): one call of the typed openapi-fetch client. What a quote means in
// cents per node-hour, and the quote for exactly what a create or extend would buy, are in
// helpers/pricing.ts.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { QuoteParams, QuoteResponse } from '../types.js';
import { APIResource } from './resource.js';

/**
 * Price quotes from the market (`/v0/quote`). Reach it as `sfc.quotes`.
 * @example
 * const { quote } = await sfc.quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600 });
 */
export class Quotes extends APIResource {
  /**
   * Asks what a block of nodes would cost. `quote.price` is the total in cents for every node over
   * the returned span (which can be longer than asked); `quote` is null, with `no_quote_reason`,
   * when nothing is for sale. Give the duration as `duration` or as `min_duration` with
   * `max_duration`; `instance_type` is required to buy. `pricing.quoteForCreate` builds the query
   * the official CLI sends before a create.
   * @example
   * const { quote, no_quote_reason } = await sfc.quotes.get({
   *   side: 'buy', quantity: 2, instance_type: 'h100v', min_duration: 3240, max_duration: 7200,
   *   min_start_date: 'NOW', max_start_date: 'NOW',
   * });
   */
  get(query: QuoteParams, options?: RequestOptions): APIPromise<QuoteResponse> {
    return this.send(options, (init) => this.api.GET('/v0/quote', { params: { query }, ...init }));
  }
}
