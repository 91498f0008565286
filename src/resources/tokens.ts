// API tokens (`sfc.tokens`): the generated methods (generated/resources.ts), plus the default of
// `origin_client` on create. A created token's secret is masked like the API key from then on
// (see core/secrets.ts).
import { TokensResource } from '../../generated/resources.js';
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { CreateTokenParams, CreatedToken } from '../types.js';
import type { Input } from './resource.js';

/** What `tokens.create` takes: the API's body, with `origin_client` filled in as `'cli'` (the only value the API accepts). */
export type NewTokenParams = Omit<Input<CreateTokenParams>, 'origin_client'> & {
  origin_client?: CreateTokenParams['origin_client'] | undefined;
};

/**
 * The account's API tokens (`/v0/tokens`). Reach it as `sfc.tokens`.
 * @example
 * const { data } = await sfc.tokens.list();
 */
export class Tokens extends TokensResource {
  /**
   * Mints a token; its secret is in `token`, returned this once. The client never writes it in a
   * log line or an error. Each call mints another token, so it is never retried once it may have
   * reached the server.
   * @param body the token's name and lifetime; `origin_client` defaults to `'cli'`
   * @example
   * const { id, token } = await sfc.tokens.create({ expires_in_seconds: 7 * 24 * 3600, name: 'ci' });
   */
  override create(body: NewTokenParams, options?: RequestOptions): APIPromise<CreatedToken> {
    return super.create({ ...body, origin_client: body.origin_client ?? 'cli' }, options);
  }
}
