// What a procurement buys in the fake API. An enabled procurement with a target of N nodes keeps
// its capacity holding N nodes of the capacity's zone in every hour block of its window
// (procurement-blocks.ts): it buys what is missing when it is created or changed, and on every
// hour through the clock's agenda. Each block it buys is one buy order of the ledger at the market
// price, bought only when its max buy price reaches that price, the zone has room (as many nodes
// as fit) and the balance pays; else the block stays short and the status says why (its words
// are procurement-status.ts). What a capacity holds stays held and paid until it ends, whatever
// becomes of the procurement: disabling or deleting it stops the buying, and the fake never
// sells. A `node_count` target tracks the nodes on the capacity, and the fake's nodes are on
// none: it holds and buys nothing.
import type { EventActor, Procurement } from '../../types.js';
import { roomIn } from '../capacity.js';
import type { Settle } from '../handler.js';
import { hourEnd, hourOf } from '../hours.js';
import { buy, marketPrice } from '../ledger.js';
import type { BuyingRound, ProcurementRecord, Shortage, World } from '../state.js';
import { SYSTEM } from './events.js';
import { bidCents, blockSpan, windowBlocks } from './procurement-blocks.js';
import { statusMessage } from './procurement-status.js';

/** The ID of the capacity a procurement fills (stored as an ID; `{id, name}` only in answers that expand it). */
const capacityOf = (p: Procurement): string => (typeof p.capacity === 'string' ? p.capacity : p.capacity.id);

/** The zone a capacity's nodes are bought in: its own, else the fake's first zone (none when the fake has no zone). */
function zoneOfCapacity(world: World, capacityId: string): string | undefined {
  return world.capacities.find((c) => c.id === capacityId)?.zone ?? world.zones[0]?.name;
}

/** How many nodes a capacity holds in the hour block beginning at `hour`, bought by any procurement it has had. */
function heldInBlock(world: World, capacityId: string, hour: number): number {
  return world.capacityBlocks.reduce((n, b) => (b.capacity === capacityId && b.hour === hour ? n + b.nodes : n), 0);
}

/** How many nodes a capacity holds at Unix second `t`. */
function holdingAt(world: World, capacityId: string, t: number): number {
  return world.capacityBlocks.reduce((n, b) => (b.capacity === capacityId && b.from <= t && t < b.to ? n + b.nodes : n), 0);
}

/** Whether a procurement buys at all: enabled, with a fixed target of one node or more. */
export const buysNodes = (p: Procurement): p is Procurement & { target: number } =>
  p.enabled && typeof p.target === 'number' && p.target > 0;

/**
 * Fills one hour block of `record`'s window up to its target, at Unix second `now`; the reason it
 * stays short, or undefined when it is full. `paid: false` takes the nodes without an order (a
 * seeded procurement: bought before the fake started).
 */
function fillBlock(world: World, record: ProcurementRecord, hour: number, actor: EventActor, paid: boolean): Shortage | undefined {
  const p = record.procurement as Procurement & { target: number };
  const capacity = capacityOf(p);
  const wanted = p.target - heldInBlock(world, capacity, hour);
  if (wanted <= 0) return undefined;
  const bid = bidCents(p.max_buy_price_dollars_per_node_hour);
  if (bid < marketPrice(world)) return 'price';
  const zone = zoneOfCapacity(world, capacity);
  const span = blockSpan(hour, world.clock.seconds());
  const nodes = zone === undefined ? 0 : Math.min(wanted, roomIn(world, zone, span.from, span.to));
  if (zone === undefined || nodes === 0) return 'room';
  if (paid) {
    const cause = { actor, nodes: [], procurement: { id: p.id, zone, workspace: world.settings.workspaceId } };
    if (buy(world, { nodeHours: nodes, maxPricePerNodeHour: bid }, cause)) return 'balance';
  }
  world.capacityBlocks.push({ capacity, zone, hour, ...span, nodes });
  return nodes < wanted ? 'room' : undefined;
}

/**
 * One round of buying for `record` at the clock's second: each hour block of its window, earliest
 * first, gets what its capacity lacks there (see fillBlock); then its status says what it holds.
 * A procurement that does not buy (disabled, a `node_count` target, a target of 0) only notes the
 * round. `actor` places the orders: the token of a create or an update, SF Compute on the hour.
 */
export function buyWindow(world: World, record: ProcurementRecord, actor: EventActor, paid = true): void {
  const p = record.procurement;
  const now = world.clock.seconds();
  const round: BuyingRound = { hour: hourOf(now), blocks: 0, short: 0, why: [], marketCents: marketPrice(world) };
  if (buysNodes(p)) {
    const blocks = windowBlocks(now, p.managed_window_minutes);
    round.blocks = blocks.length;
    for (const hour of blocks) {
      const why = fillBlock(world, record, hour, actor, paid);
      if (!why) continue;
      round.short += 1;
      if (!round.why.includes(why)) round.why.push(why);
    }
  }
  record.buying = round;
  p.status = statusOf(world, record);
}

/** Brings a procurement's status up to date after a change that buys nothing (a name, a sell price, disabling). */
export function restate(world: World, record: ProcurementRecord): void {
  record.buying ??= { hour: hourOf(world.clock.seconds()), blocks: 0, short: 0, why: [], marketCents: marketPrice(world) };
  record.procurement.status = statusOf(world, record);
}

/** A procurement's status now. */
export function statusOf(world: World, record: ProcurementRecord): Procurement['status'] {
  const p = record.procurement;
  const capacity = capacityOf(p);
  const message = statusMessage({
    enabled: p.enabled,
    target: p.target,
    holding: holdingAt(world, capacity, world.clock.seconds()),
    round: record.buying ?? { blocks: 0, short: 0, why: [], marketCents: marketPrice(world) },
    maxBuy: p.max_buy_price_dollars_per_node_hour,
    zone: zoneOfCapacity(world, capacity),
  });
  return { state: 'info', message };
}

/**
 * At Unix second `at`: blocks over by then are let go (nothing reads them again), a round of
 * buying for each procurement that buys and has had none in this hour yet (the clock stops on
 * every hour while one does), then every status the fake keeps is brought up to date (what a
 * capacity holds changes as blocks end).
 */
function settleProcurements(world: World, at: number): void {
  world.capacityBlocks = world.capacityBlocks.filter((b) => b.to > at);
  for (const record of world.procurements) {
    if (buysNodes(record.procurement) && (record.buying?.hour ?? -Infinity) < hourOf(at)) buyWindow(world, record, SYSTEM);
  }
  for (const record of world.procurements) if (record.buying) record.procurement.status = statusOf(world, record);
}

/** The next hour after `after`, while some procurement buys. */
function nextRound(world: World, after: number): number | undefined {
  return world.procurements.some((r) => buysNodes(r.procurement)) ? hourEnd(after) : undefined;
}

/** The procurements' part of the clock's agenda. */
export const procurementOrders: Settle = { settle: settleProcurements, next: nextRound };
