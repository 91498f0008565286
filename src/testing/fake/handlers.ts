// Every operation's behaviour in the fake API, joined from the resource families. An operation of
// openapi.yaml missing here is answered 501 (and the unit tests list it as missing).
import type { HandlerTable, Settle } from '../handler.js';
import { accountHandlers } from './account.js';
import { imageHandlers } from './images.js';
import { marketHandlers } from './market.js';
import { nextNodeEvent, nodeHandlers, settleNodes } from './nodes.js';
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
};

/** What the clock moves, in order, before each request and after each `advance`. */
export const settlers: readonly Settle[] = [{ settle: settleNodes, next: nextNodeEvent }];
