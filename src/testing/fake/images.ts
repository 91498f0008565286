// VM images in the fake API (`/v1/vms/images`): the seeded images; a download link lasts an hour
// of fake time. Errors carry no body, as the spec documents them.
import { bareReply } from '../envelope.js';
import type { HandlerTable } from '../handler.js';

/** How long a download link stays valid, in seconds. */
const LINK_SECONDS = 3600;

export const imageHandlers: HandlerTable = {
  listImages: (_req, world) => ({
    status: 200,
    body: { object: 'list', data: world.images.map(({ object_size: _size, ...image }) => image), has_more: false },
  }),
  getImage: (req, world) => {
    const image = world.images.find((i) => i.image_id === req.path.image_id);
    if (!image) return bareReply(404);
    // The spec documents a 409 without saying why; the fake answers it for an upload not complete yet.
    if (image.upload_status !== 'completed') return bareReply(409);
    const expires = world.clock.seconds() + LINK_SECONDS;
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
