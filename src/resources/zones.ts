import type { RequestOptions, Transport } from '../internal/transport.js';
import { pathSegment } from '../internal/validate.js';
import type { Zone, ZoneList } from '../types.js';

/**
 * Zones (`/v0/zones`): where compute lives and how much is free when. Reach it as `sfc.zones`.
 * @example
 * const { data } = await sfc.zones.list();
 */
export class Zones {
  readonly #t: Transport;

  /** @internal Use `new SFCompute().zones`. */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Lists every zone with its free capacity over time.
   * @example
   * const { data: zones } = await sfc.zones.list();
   */
  async list(options?: RequestOptions): Promise<ZoneList> {
    return this.#t.send('listZones', {}, options, 'json');
  }

  /**
   * Fetches one zone.
   * @example
   * const zone = await sfc.zones.get('hayesvalley');
   */
  async get(id: string, options?: RequestOptions): Promise<Zone> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send('getZone', { path }, options, 'json');
  }
}
