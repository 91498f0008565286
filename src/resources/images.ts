import type { RequestOptions, Transport } from '../internal/transport.js';
import { pathSegment } from '../internal/validate.js';
import type { ImageDownload, ImageList } from '../types.js';

/**
 * Custom VM images (`/v1/vms/images`). Reach it as `sfc.images`.
 * @example
 * const { data } = await sfc.images.list();
 */
export class Images {
  readonly #t: Transport;

  /** @internal Use `new SFCompute().images`. */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Lists the account's images.
   * @example
   * const { data: images } = await sfc.images.list();
   */
  async list(options?: RequestOptions): Promise<ImageList> {
    return this.#t.send('listImages', {}, options, 'json');
  }

  /**
   * Gets a time-limited download URL for one image, with its name, SHA-256 and size.
   * @example
   * const { download_url, expires_at } = await sfc.images.get('vmi_1234567890abcdef');
   */
  async get(imageId: string, options?: RequestOptions): Promise<ImageDownload> {
    const path = { image_id: pathSegment(imageId, 'image_id') };
    return this.#t.send(
      'getImage',
      { path },
      options,
      'json',
    );
  }
}
