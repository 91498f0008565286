// Zones (`/v0/zones`): each method is one call of the typed openapi-fetch client.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../options.js';
import type { Zone, ZoneList } from '../types.js';
import { APIResource } from './resource.js';

/**
 * Zones (`/v0/zones`): where compute lives and how much is free when. Reach it as `sfc.zones`.
 * @example
 * const { data } = await sfc.zones.list();
 */
export class Zones extends APIResource {
  /**
   * Lists every zone with its free capacity over time.
   * @example
   * const { data: zones } = await sfc.zones.list();
   */
  list(options?: RequestOptions): APIPromise<ZoneList> {
    return this.send(options, (init) => this.api.GET('/v0/zones', { ...init }));
  }

  /**
   * Fetches one zone.
   * @example
   * const zone = await sfc.zones.get('hayesvalley');
   */
  get(id: string, options?: RequestOptions): APIPromise<Zone> {
    return this.send(options, (init) => this.api.GET('/v0/zones/{id}', { params: { path: { id } }, ...init }));
  }
}
