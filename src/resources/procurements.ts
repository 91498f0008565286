// Procurements (`sfc.procurements`): the generated methods (generated/resources.ts), plus `listAll`,
// whose pager lives in list-all.ts.
import { ProcurementsResource } from '../../generated/resources.js';
import type { RequestOptions } from '../options.js';
import type { ListProcurementsParams, Procurement } from '../types.js';
import { listAllPages } from './list-all.js';
import type { Input } from './resource.js';

/**
 * Procurements (`/v2/procurements`): automations that buy and sell compute so that a capacity
 * holds its target. Reach it as `sfc.procurements`.
 * @example
 * const page = await sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' });
 */
export class Procurements extends ProcurementsResource {
  /**
   * Every procurement of a workspace, fetched page by page only as the loop asks for more: each
   * page's `cursor` is sent as `starting_after` for the next, until `has_more` is false. Stops
   * (throwing `RequestAbortedError`) when `options.signal` fires. `query.limit` sets the page size.
   * @example
   * for await (const p of sfc.procurements.listAll({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' })) console.log(p.id, p.enabled);
   */
  listAll(
    query: Input<Omit<ListProcurementsParams, 'starting_after' | 'ending_before'>>,
    options?: RequestOptions,
  ): AsyncGenerator<Procurement, void, undefined> {
    return listAllPages((page) => this.list(page, options), query as ListProcurementsParams, {
      operation: 'listProcurements',
      cursorOf: (page) => page.cursor,
      after: (q, cursor) => ({ ...q, starting_after: cursor }),
    });
  }
}
