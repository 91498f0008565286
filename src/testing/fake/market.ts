// Quotes in the fake API (`/v0/quote`): the fake market sells every zone's free capacity
// (capacity.ts, what zones show) at the ledger's price per node-hour and buys nothing back. A
// quote covers the span a create would buy (from now, or the start asked for, to the first hour
// boundary the duration reaches) and its `price` is what that create would charge: every node
// over the whole span, a started hour counting whole (ledger.ts).
import type { NoQuoteReason } from '../../types.js';
import { roomIn } from '../capacity.js';
import type { FakeReply, HandlerTable } from '../handler.js';
import { hourCeil, hourEnd, hoursIn } from '../hours.js';
import { priceOf } from '../ledger.js';
import type { World } from '../state.js';

/** Instance types the fake market sells, by the zone hardware they run on (the documented ones, and the CLI's h200v). */
const INSTANCE_TYPES: Record<string, string[]> = { H100: ['h100i', 'h100v'], H200: ['h200ki', 'h200v'] };

const noQuote = (side: string, reason: NoQuoteReason): FakeReply => ({
  status: 200,
  body: { object: 'quote', side, quote: null, no_quote_reason: reason },
});

/** Unix seconds of a `NOW`-or-date bound; `NOW` is the clock's second, where a create without `start_at` starts. */
function startOf(value: string | undefined, world: World): number {
  if (value === undefined || value === 'NOW') return world.clock.seconds();
  return Math.floor(Date.parse(value) / 1000);
}

/**
 * The end of a span from `start`: the first hour boundary `shortest` seconds or more away (the
 * hour-aligned `end_at` a create takes), but never more than `longest` seconds away when given.
 */
function endOf(start: number, shortest: number, longest: number | undefined): number {
  const end = hourCeil(start + shortest);
  return longest === undefined ? end : Math.min(end, start + longest);
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
  // The shortest duration asked for, widened to the next hour boundary (the API may widen a
  // duration by up to 59 minutes), within the longest one asked for.
  const shortest = (query.duration ?? query.min_duration) as number;
  const longest = query.max_duration as number | undefined;
  for (let start = earliest; start <= latest; start = hourEnd(start)) {
    const end = endOf(start, shortest, longest);
    const zone = zones.find((z) => roomIn(world, z.name, start, end) >= quantity);
    if (!zone) continue;
    return {
      status: 200,
      body: {
        object: 'quote',
        side,
        quote: {
          price: priceOf(world, quantity * hoursIn(end - start)),
          quantity,
          // Its exact start, as a date: `NOW` would be read as the next minute (quotePrice), a
          // shorter span than the one priced.
          start_at: new Date(start * 1000).toISOString(),
          end_at: new Date(end * 1000).toISOString(),
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
