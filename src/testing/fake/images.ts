// VM images in the fake API (`/v1/vms/images`): the seeded images; a download link lasts
// `timing.imageLinkMs` of fake time (default an hour). Errors carry no body, as the spec documents them.
import type { HandlerTable } from '../handler.js';
import { refusal } from '../refusals.js';

export const imageHandlers: HandlerTable = {
  listImages: (_req, world) => ({
    status: 200,
    body: { object: 'list', data: world.images.map(({ object_size: _size, ...image }) => image), has_more: false },
  }),
  getImage: (req, world) => {
    const image = world.images.find((i) => i.image_id === req.path.image_id);
    if (!image) return refusal(req.operation, 404, `No image ${req.path.image_id}.`);
    // The spec documents a 409 without saying why; the fake answers it for an upload not complete yet.
    if (image.upload_status !== 'completed') return refusal(req.operation, 409, `Image ${image.image_id} is not uploaded yet.`);
    const expires = Math.floor((world.clock.now() + world.settings.imageLinkMs) / 1000);
    return {
      status: 200,
      body: {
        object: 'image',
        download_url: `https://images.fake.sfcompute.test/${image.image_id}?expires=${expires}`,
        expires_at: new Date(expires * 1000).toISOString().replace('.000Z', 'Z'),
        image_id: image.image_id,
        name: image.name,
        sha256_hash: image.sha256_hash ?? '',
        object_size: image.object_size ?? 0,
      },
    };
  },
};
