// The words of a procurement's status in the fake API, from the facts the buying found
// (procurement-orders.ts): what its capacity holds now and, when its last round of buying left
// hour blocks short, how many and why, as that round saw the market.
import { centsToDollarString } from '../../helpers/money.js';
import type { Procurement } from '../../types.js';
import type { BuyingRound, Shortage } from '../state.js';

/** The facts a procurement's status states. */
export interface HoldingFacts {
  enabled: boolean;
  target: Procurement['target'];
  /** Nodes its capacity holds now. */
  holding: number;
  /** Its last round of buying, with the market price then (cents per node-hour). */
  round: Pick<BuyingRound, 'blocks' | 'short' | 'why' | 'marketCents'>;
  /** Its max buy price as stored, and the zone it buys in. */
  maxBuy: string;
  zone: string | undefined;
}

const nodes = (n: number) => `${n} node${n === 1 ? '' : 's'}`;

/** Why the last round left blocks short, in words (of that round: the market price may have moved since). */
function reason(why: Shortage, facts: HoldingFacts): string {
  if (why === 'price') {
    return `its max buy price, $${facts.maxBuy} per node-hour, was under the market price, $${centsToDollarString(facts.round.marketCents)}`;
  }
  if (why === 'balance') return 'the balance could not pay for them';
  return facts.zone === undefined ? 'the fake had no zone to buy them in' : `zone ${facts.zone} had no room for them`;
}

/**
 * What a procurement's status says: what its capacity holds now and, when its last round left
 * blocks short of the target, how many and why. The state stays `info`: no source says when the
 * API reports `warning` or `error`.
 * @example statusMessage({ enabled: true, target: 3, holding: 2, round: { blocks: 2, short: 2, why: ['room'], marketCents: 1000 }, maxBuy: '10.000020', zone: 'hayesvalley' })
 * // 'Holding 2 of 3 nodes. Its last round left 2 of the 2 hour blocks of its window short: zone hayesvalley had no room for them.'
 */
export function statusMessage(facts: HoldingFacts): string {
  const { enabled, target, holding, round } = facts;
  const held = holding > 0 ? ` Its capacity still holds ${nodes(holding)} bought before.` : '';
  if (!enabled) return `Disabled: no orders are standing.${held}`;
  if (target === 'node_count') {
    return `Tracking the node count of the capacity: the fake's nodes are on no capacity, so it tracks 0 nodes and buys nothing.${held}`;
  }
  const short =
    round.short > 0
      ? ` Its last round left ${round.short} of the ${round.blocks} hour blocks of its window short: ${round.why.map((w) => reason(w, facts)).join('; ')}.`
      : '';
  return `Holding ${holding} of ${nodes(target)}.${short}`;
}
