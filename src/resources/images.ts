// Custom VM images (`/v1/vms/images`): each method is one call of the typed openapi-fetch client.
import type { APIPromise } from '../api-promise.js';
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
  list(options?: RequestOptions): APIPromise<ImageList> {
    return this.send(options, (init) => this.api.GET('/v1/vms/images', { ...init }));
  }

  /**
   * Gets a time-limited download URL for one image, with its name, SHA-256 and size.
   * @example
   * const { download_url, expires_at } = await sfc.images.get('vmi_1234567890abcdef');
   */
  get(imageId: string, options?: RequestOptions): APIPromise<ImageDownload> {
    return this.send(options, (init) => this.api.GET('/v1/vms/images/{image_id}', { params: { path: { image_id: imageId } }, ...init }));
  }
}
