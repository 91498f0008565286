// The account balance (`/v1/balances`): one call of the typed openapi-fetch client.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { Balance } from '../types.js';
import { APIResource } from './resource.js';

/**
 * The account's balance (`/v1/balances`). Reach it as `sfc.balances`.
 * @example
 * const { available_balance_cents } = await sfc.balances.get();
 */
export class Balances extends APIResource {
  /**
   * Reads the balance, in cents: what can be spent now (`available_balance_cents`), credits minus
   * debits (`current_balance_cents`), the overage owed and its limit. `centsToDollars` shows them.
   * @example
   * const balance = await sfc.balances.get();
   * console.log(`$${centsToDollars(balance.available_balance_cents)} available`);
   */
  get(options?: RequestOptions): APIPromise<Balance> {
    return this.send(options, (init) => this.api.GET('/v1/balances', { ...init }));
  }
}
