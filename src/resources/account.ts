// The account behind the key (`/v1/account/me`): one call of the typed openapi-fetch client.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { Account as AccountInfo } from '../types.js';
import { APIResource } from './resource.js';

/**
 * The account behind the API key (`/v1/account/me`). Reach it as `sfc.account`.
 * @example
 * const { id, is_frozen } = await sfc.account.me();
 */
export class Account extends APIResource {
  /**
   * Describes the account: ID, role, KYC level, frozen and waitlist state, creation time (Unix seconds).
   * @example
   * const me = await sfc.account.me();
   * if (me.is_frozen) console.warn(`account ${me.id} is frozen`);
   */
  me(options?: RequestOptions): APIPromise<AccountInfo> {
    return this.send(options, (init) => this.api.GET('/v1/account/me', { ...init }));
  }
}
