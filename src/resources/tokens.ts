// API tokens (`/v0/tokens`): each method is one call of the typed openapi-fetch client. A created
// token's secret is masked like the API key from then on (see core/secrets.ts).
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { CreateTokenParams, CreatedToken, DeleteTokenResponse, ListTokensParams, TokenList } from '../types.js';
import { APIResource } from './resource.js';

/** What `tokens.create` takes: the API's body, with `origin_client` filled in as `'cli'` (the only value the API accepts). */
export type NewTokenParams = Omit<CreateTokenParams, 'origin_client'> & { origin_client?: CreateTokenParams['origin_client'] | undefined };

/**
 * The account's API tokens (`/v0/tokens`). Reach it as `sfc.tokens`.
 * @example
 * const { data } = await sfc.tokens.list();
 */
export class Tokens extends APIResource {
  /**
   * Lists the account's tokens, without their secrets.
   * @param query `include_system: true` adds the system's own tokens; `origin_client` keeps one client's. Default: none.
   * @example
   * const { data: tokens } = await sfc.tokens.list({ origin_client: 'cli' });
   */
  list(query?: ListTokensParams, options?: RequestOptions): APIPromise<TokenList> {
    return this.send(options, (init) => this.api.GET('/v0/tokens', { params: { query }, ...init }));
  }

  /**
   * Mints a token; its secret is in `token`, returned this once. The client never writes it in a
   * log line or an error. Each call mints another token, so it is never retried once it may have
   * reached the server. `origin_client` defaults to `'cli'`.
   * @example
   * const { id, token } = await sfc.tokens.create({ expires_in_seconds: 7 * 24 * 3600, name: 'ci' });
   */
  create(body: NewTokenParams, options?: RequestOptions): APIPromise<CreatedToken> {
    const full: CreateTokenParams = { ...body, origin_client: body.origin_client ?? 'cli' };
    return this.send(options, (init) => this.api.POST('/v0/tokens', { body: full, ...init }));
  }

  /**
   * Revokes a token by its ID (`Token.id`, not the secret). A second delete of the same ID is
   * answered 404 (`NotFoundError` with type `token.not_found`); so is a retry whose earlier attempt
   * may have revoked it without its answer arriving (`error.attempts > 1` says a retry happened).
   * @example
   * await sfc.tokens.delete('tok_k3R-nX9vLm7Qp2Yw5Jd8F');
   */
  delete(id: string, options?: RequestOptions): APIPromise<DeleteTokenResponse> {
    return this.send(options, (init) => this.api.DELETE('/v0/tokens/{id}', { params: { path: { id } }, ...init }));
  }
}
