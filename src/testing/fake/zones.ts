// Zones in the fake API (`/v0/zones`): the seeded zones, each with the capacity free from now on
// (capacity.ts: the supply less what nodes hold), found by name (the reference pages do not say
// whether `{id}` is the name; the fake takes the name).
import { shownZone } from '../capacity.js';
import type { HandlerTable } from '../handler.js';
import { refusal } from '../refusals.js';

export const zoneHandlers: HandlerTable = {
  listZones: (_req, world) => ({ status: 200, body: { object: 'list', data: world.zones.map((z) => shownZone(world, z)) } }),
  getZone: (req, world) => {
    const zone = world.zones.find((z) => z.name === req.path.id);
    return zone ? { status: 200, body: shownZone(world, zone) } : refusal(req.operation, 404, 'Zone not found.');
  },
};
