// Zones in the fake API (`/v0/zones`): the seeded zones, found by name (the reference pages do not
// say whether `{id}` is the name; the fake takes the name).
import { errorReply } from '../envelope.js';
import type { HandlerTable } from '../handler.js';

export const zoneHandlers: HandlerTable = {
  listZones: (_req, world) => ({ status: 200, body: { object: 'list', data: world.zones } }),
  getZone: (req, world) => {
    const zone = world.zones.find((z) => z.name === req.path.id);
    return zone ? { status: 200, body: zone } : errorReply(404, 'Zone not found.');
  },
};
