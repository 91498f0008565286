// Procurements (`/v2/procurements`): each method is one call of the typed openapi-fetch client;
// the pager behind `listAll` lives in list-all.ts.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type {
  CreateProcurementParams,
  GetProcurementParams,
  ListProcurementsParams,
  Procurement,
  ProcurementList,
  UpdateProcurementParams,
  UpdatedProcurement,
} from '../types.js';
import { listAllPages } from './list-all.js';
import { APIResource } from './resource.js';

/**
 * Procurements (`/v2/procurements`): automations that buy and sell compute so that a capacity
 * holds its target. Reach it as `sfc.procurements`.
 * @example
 * const page = await sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' });
 */
export class Procurements extends APIResource {
  /**
   * Lists one page (up to `limit`, default 50) of a workspace's procurements. Pass the page's
   * `cursor` as `starting_after` to get the next page while `has_more` is true.
   * @example
   * const page = await sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F', limit: 10 });
   */
  list(query: ListProcurementsParams, options?: RequestOptions): APIPromise<ProcurementList> {
    return this.send(options, (init) => this.api.GET('/v2/procurements', { params: { query }, ...init }));
  }

  /**
   * Every procurement of a workspace, fetched page by page only as the loop asks for more: each
   * page's `cursor` is sent as `starting_after` for the next, until `has_more` is false. Stops
   * (throwing `RequestAbortedError`) when `options.signal` fires. `query.limit` sets the page size.
   * @example
   * for await (const p of sfc.procurements.listAll({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' })) console.log(p.id, p.enabled);
   */
  listAll(
    query: Omit<ListProcurementsParams, 'starting_after' | 'ending_before'>,
    options?: RequestOptions,
  ): AsyncGenerator<Procurement, void, undefined> {
    return listAllPages((page) => this.list(page, options), query as ListProcurementsParams, {
      operation: 'listProcurements',
      cursorOf: (page) => page.cursor,
      after: (q, cursor) => ({ ...q, starting_after: cursor }),
    });
  }

  /**
   * Creates a procurement on a capacity. Once enabled (the default) it places orders that spend
   * money.
   * @example
   * const p = await sfc.procurements.create({
   *   capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F', target: 'node_count',
   *   min_sell_price_dollars_per_node_hour: '1.000000', max_buy_price_dollars_per_node_hour: '2.500000',
   *   managed_window_minutes: 120,
   * });
   */
  create(body: CreateProcurementParams, options?: RequestOptions): APIPromise<Procurement> {
    return this.send(options, (init) => this.api.POST('/v2/procurements', { body, ...init }));
  }

  /**
   * Fetches one procurement by ID or resource path (`sfc:procurement:<account>:<workspace>:<name>`).
   * @param query `{ expand: ['capacity'] }` returns `capacity` as `{ id, name }`; default none
   * @example
   * const p = await sfc.procurements.get('proc_k3R-nX9vLm7Qp2Yw5Jd8F', { expand: ['capacity'] });
   */
  get(id: string, query?: GetProcurementParams, options?: RequestOptions): APIPromise<Procurement> {
    return this.send(options, (init) => this.api.GET('/v2/procurements/{id}', { params: { path: { id }, query }, ...init }));
  }

  /**
   * Changes a procurement's name, price bounds, window or enabled flag. Fields left out keep their
   * value. Prices are decimal-dollar strings with a decimal point, e.g. `'2.500000'`.
   * @example
   * const p = await sfc.procurements.update('proc_k3R-nX9vLm7Qp2Yw5Jd8F', { enabled: false });
   */
  update(id: string, body: UpdateProcurementParams, options?: RequestOptions): APIPromise<UpdatedProcurement> {
    return this.send(options, (init) => this.api.PATCH('/v2/procurements/{id}', { params: { path: { id } }, body, ...init }));
  }

  /**
   * Deletes a procurement; its standing orders are cancelled. Resolves with nothing.
   * @example
   * await sfc.procurements.delete('proc_k3R-nX9vLm7Qp2Yw5Jd8F');
   */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.send(options, (init) => this.api.DELETE('/v2/procurements/{id}', { params: { path: { id } }, ...init }));
  }
}
