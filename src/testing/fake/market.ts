// Quotes in the fake API (`/v0/quote`): the fake market sells every zone's free capacity
// (capacity.ts, what zones show) at the ledger's price per node-hour and buys nothing back. A
// quote's `price` is the total for every node over the whole quoted span, as the API's is.
import type { NoQuoteReason } from '../../types.js';
import { roomIn } from '../capacity.js';
import type { FakeReply, HandlerTable } from '../handler.js';
import { priceOf } from '../ledger.js';
import type { World } from '../state.js';

const HOUR = 3600;
/** Instance types the fake market sells, by the zone hardware they run on (the documented ones, and the CLI's h200v). */
const INSTANCE_TYPES: Record<string, string[]> = { H100: ['h100i', 'h100v'], H200: ['h200ki', 'h200v'] };

const noQuote = (side: string, reason: NoQuoteReason): FakeReply => ({
  status: 200,
  body: { object: 'quote', side, quote: null, no_quote_reason: reason },
});

/** Unix seconds of a `NOW`-or-date bound; `NOW` is the start of the next minute, as the market reads it. */
function startOf(value: string | undefined, world: World): number {
  if (value === undefined || value === 'NOW') return Math.ceil((world.clock.now() + 1) / 60_000) * 60;
  return Math.floor(Date.parse(value) / 1000);
}

function quote(query: Record<string, unknown>, world: World): FakeReply {
  const side = query.side as string;
  // The fake account holds no contracts, so there is nothing to sell.
  if (side === 'sell') return noQuote(side, 'no_availability');
  const quantity = query.quantity as number;
  const instanceType = query.instance_type as string;
  const zones = world.zones.filter(
    (z) => (query.cluster === undefined || z.name === query.cluster) && (INSTANCE_TYPES[z.hardware_type] ?? []).includes(instanceType),
  );
  if (zones.length === 0) return noQuote(side, 'no_matching_clusters');
  const min = query.min_start_date as string | undefined;
  const earliest = startOf(min, world);
  const latest = Math.max(earliest, startOf((query.max_start_date as string | undefined) ?? min, world));
  // The shortest duration asked for, in whole hours (the API may widen it by up to 59 minutes).
  const hours = Math.ceil(((query.duration ?? query.min_duration) as number) / HOUR);
  for (let start = earliest; start <= latest; start += HOUR) {
    const zone = zones.find((z) => roomIn(world, z.name, start, start + hours * HOUR) >= quantity);
    if (!zone) continue;
    const now = min === undefined || min === 'NOW';
    return {
      status: 200,
      body: {
        object: 'quote',
        side,
        quote: {
          price: priceOf(world, quantity * hours),
          quantity,
          start_at: now && start === earliest ? 'NOW' : new Date(start * 1000).toISOString(),
          end_at: new Date((start + hours * HOUR) * 1000).toISOString(),
          instance_type: instanceType,
          zone: zone.name,
        },
        no_quote_reason: null,
      },
    };
  }
  return noQuote(side, 'no_availability');
}

export const marketHandlers: HandlerTable = {
  getQuote: (req, world) => quote(req.query, world),
};
