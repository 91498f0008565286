// Capacity in the fake API, in one place: a zone's supply (its seeded `available_capacity`) less
// what holds part of it is what zones show free, what a quote prices, and what a purchase, an
// hourly renewal or a procurement can take. A node holds only the time it has bought and paid for
// (an auto reserved node the current hour; it buys the next one when it comes), a procurement's
// capacity the hour blocks it bought, so these can never disagree.
import type { Zone } from '../types.js';
import type { Span, World } from './state.js';

/** A span held of a zone, by `nodes` nodes (default 1). */
export type Hold = Span & { nodes?: number | undefined };

/** A block of capacity: nodes free from `start_timestamp` to `end_timestamp` (Unix seconds). */
export interface Block {
  start_timestamp: number;
  end_timestamp: number;
  quantity: number;
}

/**
 * The free capacity from Unix second `from` on: the supply less the spans held (each by its nodes), as consecutive
 * blocks (joined where the quantity does not change, none before `from` or where there is no
 * supply). Where several supply blocks cover a time, the first listed counts.
 * @example freeBlocks([{ start_timestamp: 0, end_timestamp: 7200, quantity: 2 }], [{ from: 0, to: 3600 }], 0)
 * // [{ start_timestamp: 0, end_timestamp: 3600, quantity: 1 }, { start_timestamp: 3600, end_timestamp: 7200, quantity: 2 }]
 */
export function freeBlocks(supply: readonly Block[], held: readonly Hold[], from: number): Block[] {
  const edges = [...new Set([from, ...supply.flatMap((b) => [b.start_timestamp, b.end_timestamp]), ...held.flatMap((s) => [s.from, s.to])])]
    .filter((t) => t >= from)
    .sort((a, b) => a - b);
  const blocks: Block[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [start, end] = [edges[i]!, edges[i + 1]!];
    const block = supply.find((b) => b.start_timestamp <= start && start < b.end_timestamp);
    if (!block) continue;
    const taken = held.reduce((n, s) => (s.from <= start && start < s.to ? n + (s.nodes ?? 1) : n), 0);
    const quantity = Math.max(0, block.quantity - taken);
    const last = blocks.at(-1);
    if (last && last.end_timestamp === start && last.quantity === quantity) last.end_timestamp = end;
    else blocks.push({ start_timestamp: start, end_timestamp: end, quantity });
  }
  return blocks;
}

/**
 * The fewest nodes free at any time in [from, to): 0 when part of the span has no block.
 * @example leastFree([{ start_timestamp: 0, end_timestamp: 3600, quantity: 1 }, { start_timestamp: 3600, end_timestamp: 7200, quantity: 2 }], 0, 7200) // 1
 */
export function leastFree(blocks: readonly Block[], from: number, to: number): number {
  let least = Infinity;
  for (let t = from; t < to;) {
    const block = blocks.find((b) => b.start_timestamp <= t && t < b.end_timestamp);
    if (!block) return 0;
    least = Math.min(least, block.quantity);
    t = block.end_timestamp;
  }
  return least === Infinity ? 0 : least;
}

/** What holds part of a zone: each node's bought span, while it has one, and the hour blocks procurements bought there. */
function heldIn(world: World, zone: string): Hold[] {
  const nodes = world.nodes.flatMap((r) => (r.node.zone === zone && r.held ? [r.held] : []));
  return [...nodes, ...world.capacityBlocks.filter((b) => b.zone === zone)];
}

/** A zone's free capacity from now on. */
export function freeIn(world: World, zone: Zone): Block[] {
  return freeBlocks(zone.available_capacity, heldIn(world, zone.name), world.clock.seconds());
}

/** The fewest nodes free in the zone named `name` over [from, to) (0 for a zone that does not exist). */
export function roomIn(world: World, name: string, from: number, to: number): number {
  const zone = world.zones.find((z) => z.name === name);
  return zone ? leastFree(freeBlocks(zone.available_capacity, heldIn(world, name), from), from, to) : 0;
}

/** A zone as the API shows it: its free capacity from now on. */
export function shownZone(world: World, zone: Zone): Zone {
  return { ...structuredClone(zone), available_capacity: freeIn(world, zone) };
}

/** Unix seconds at which the free capacity of a zone may change after `after`: its supply's and its holds' edges. */
export function capacityEdges(world: World, name: string, after: number): number[] {
  const zone = world.zones.find((z) => z.name === name);
  const supply = zone?.available_capacity.flatMap((b) => [b.start_timestamp, b.end_timestamp]) ?? [];
  return [...supply, ...heldIn(world, name).flatMap((s) => [s.from, s.to])].filter((t) => t > after);
}
