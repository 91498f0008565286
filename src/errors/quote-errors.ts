// A quote the pricing helpers cannot use: the market answered, but with no price.
import type { NoQuoteReason } from '../types.js';
import { SFComputeError } from './base.js';

/**
 * The market gave no quote (`quote` null), so no price can be derived from it. `reason` is the
 * API's `no_quote_reason` (undefined when it gave none). Thrown by the pricing helpers before
 * anything is bought.
 * @example
 * try { maxPriceFromQuote(await sfc.quotes.get(query), { marginPercent: 10 }) }
 * catch (e) { if (e instanceof NoQuoteError) console.log('nothing for sale:', e.reason) }
 */
export class NoQuoteError extends SFComputeError {
  override name = 'NoQuoteError';
  /** Why there is no quote, as the API said (`no_availability`, `no_matching_clusters`, ...). */
  declare readonly reason: NoQuoteReason | undefined;

  constructor(reason: NoQuoteReason | null | undefined) {
    super(
      reason
        ? `The market gave no quote (${reason}), so there is no price to use`
        : 'The market gave no quote and no reason, so there is no price to use',
    );
    this.reason = reason ?? undefined;
  }
}
