// Custom VM images (`/v1/vms/images`): each method is one call of the typed openapi-fetch client.
import type { RequestOptions } from '../options.js';
import type { ImageDownload, ImageList } from '../types.js';
import { APIResource } from './resource.js';

/**
 * Custom VM images (`/v1/vms/images`). Reach it as `sfc.images`.
 * @example
 * const { data } = await sfc.images.list();
 */
export class Images extends APIResource {
  /**
   * Lists the account's images.
   * @example
   * const { data: images } = await sfc.images.list();
   */
  async list(options?: RequestOptions): Promise<ImageList> {
    return this.send(options, (init) => this.api.GET('/v1/vms/images', { ...init }));
  }

  /**
   * Gets a time-limited download URL for one image, with its name, SHA-256 and size.
   * @example
   * const { download_url, expires_at } = await sfc.images.get('vmi_1234567890abcdef');
   */
  async get(imageId: string, options?: RequestOptions): Promise<ImageDownload> {
    return this.send(options, (init) => this.api.GET('/v1/vms/images/{image_id}', { params: { path: { image_id: imageId } }, ...init }));
  }
}
