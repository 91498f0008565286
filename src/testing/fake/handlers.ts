// Every operation's behaviour in the fake API, joined from the resource families. An operation of
// openapi.yaml missing here answers the spec's example (a read) or 501 (unmodelled.ts); the unit
// tests list any that is missing.
import type { Agenda } from '../clock.js';
import type { HandlerTable, Settle } from '../handler.js';
import type { World } from '../state.js';
import { accountHandlers } from './account.js';
import { eventHandlers } from './events.js';
import { imageHandlers } from './images.js';
import { marketHandlers } from './market.js';
import { nodeLifecycle } from './node-lifecycle.js';
import { nodeHandlers } from './nodes.js';
import { procurementOrders } from './procurement-orders.js';
import { procurementHandlers } from './procurements.js';
import { vmHandlers } from './vms.js';
import { zoneHandlers } from './zones.js';

export const handlers: HandlerTable = {
  ...nodeHandlers,
  ...procurementHandlers,
  ...zoneHandlers,
  ...imageHandlers,
  ...vmHandlers,
  ...marketHandlers,
  ...accountHandlers,
  ...eventHandlers,
};

/**
 * What the clock moves, in this order at each time it stops (clock.ts): the nodes first (an end
 * frees room, an auto reserved node renews its hour), then the procurements' hourly buying.
 */
export const settlers: readonly Settle[] = [nodeLifecycle, procurementOrders];

/** The clock's agenda for `world`: what every family has due, soonest first. */
export function agendaOf(world: World): Agenda {
  return {
    next(after) {
      const due = settlers.map((s) => s.next(world, after)).filter((t): t is number => t !== undefined && t > after);
      return due.length > 0 ? Math.min(...due) : undefined;
    },
    run(at) {
      for (const s of settlers) s.settle(world, at);
    },
  };
}
