// What the clock does to nodes: a node waiting for capacity takes a node of its zone when one is
// free and its first hours can be paid; a pending node runs (with a VM) at its start; an auto
// reserved node buys its next hour when the one it paid ends, at the market price and never
// above its max price, and ends with the hour it paid when it cannot (no balance, a max price
// under the market, or no capacity left); a reserved or released node ends at its end_at.
import type { Node, Vm } from '../../types.js';
import { roomIn, capacityEdges } from '../capacity.js';
import type { Settle } from '../handler.js';
import { HOUR, hourEnd, hoursIn } from '../hours.js';
import { buy, marketPrice } from '../ledger.js';
import type { NodeRecord, Span, World } from '../state.js';
import { SYSTEM, nodeTarget, recordEvent } from './events.js';

/** The highest price per node-hour a node's owner accepts (a node seeded without one takes the market price). */
export const maxPriceOf = (world: World, node: Node): number => node.max_price_per_node_hour ?? marketPrice(world);

/**
 * What a node buys when it takes capacity at `at`, from its start (`start_at`, or `at` when that
 * has passed): a reserved node its reservation, an auto reserved node the rest of the hour it
 * starts in (it pays nothing for the time before its start).
 */
export function firstSpan(node: Pick<Node, 'node_type' | 'start_at' | 'end_at'>, at: number): Span {
  const from = Math.max(node.start_at ?? at, at);
  return node.node_type === 'reserved' ? { from, to: node.end_at ?? at } : { from, to: hourEnd(from) };
}

/** When a node's VM will end: a reserved or released node's end_at; none for an auto reserved node that renews. */
export function vmEndOf(node: Node): number | null {
  return node.node_type === 'reserved' || node.status === 'released' ? (node.end_at ?? null) : null;
}

/** Starts a VM on a node at `at`, from `imageId`; it becomes the node's current VM. */
export function newVm(world: World, record: NodeRecord, at: number, imageId: string | null): Vm {
  const vm: Vm = {
    object: 'vm',
    id: world.newId('vm_', 21),
    status: 'running',
    created_at: at,
    updated_at: at,
    start_at: at,
    end_at: vmEndOf(record.node),
    image_id: imageId,
    zone: record.node.zone ?? '',
  };
  record.node.vms = { object: 'list', data: [...(record.node.vms?.data ?? []), vm] };
  record.node.current_vm = vm;
  return vm;
}

export function endVm(vm: Vm, at: number): void {
  vm.status = 'destroyed';
  vm.end_at = at;
  vm.updated_at = at;
}

export function setStatus(node: Node, status: Node['status'], at: number): void {
  node.status = status;
  node.updated_at = at;
}

/** Whether a node ends at its end_at: a reserved one that holds capacity, or a released one. */
function endsAtEnd(node: Node): boolean {
  return node.node_type === 'reserved' ? node.status === 'running' || node.status === 'pending' : node.status === 'released';
}

/** Whether a node buys its next hour when the paid one ends: an auto reserved node not released. */
const renews = (node: Node): boolean => node.node_type === 'autoreserved' && (node.status === 'pending' || node.status === 'running');

function terminate(world: World, record: NodeRecord, at: number): void {
  const { node } = record;
  setStatus(node, 'terminated', at);
  node.end_at = at;
  if (node.current_vm && node.current_vm.status !== 'destroyed') endVm(node.current_vm, at);
  recordEvent(world, { action: 'node.terminated', actor: SYSTEM, targets: [nodeTarget(node)], zone: node.zone, at });
}

/** Buys a renewing node's next hour; false when it cannot (then it ends with the hour it paid). */
function renew(world: World, record: NodeRecord, held: Span): boolean {
  if (roomIn(world, record.node.zone ?? '', held.to, held.to + HOUR) < 1) return false;
  if (buy(world, { nodeHours: 1, maxPricePerNodeHour: maxPriceOf(world, record.node) }, { actor: SYSTEM, nodes: [record.node] })) {
    return false;
  }
  held.to += HOUR;
  // An end_at shown (after an extension) is the end of the time paid so far.
  if (typeof record.node.end_at === 'number') record.node.end_at = held.to;
  return true;
}

/**
 * Gives a node its zone's capacity at `at` when there is room over what it buys first and the
 * balance pays for it; false when it must go on waiting. Also used by create.
 */
export function takeCapacity(world: World, record: NodeRecord, at: number): boolean {
  const { node } = record;
  const span = firstSpan(node, at);
  if (span.to <= span.from || roomIn(world, node.zone ?? '', span.from, span.to) < 1) return false;
  const order = { nodeHours: hoursIn(span.to - span.from), maxPricePerNodeHour: maxPriceOf(world, node) };
  if (buy(world, order, { actor: SYSTEM, nodes: [node] })) return false;
  record.held = span;
  setStatus(node, 'pending', at);
  record.runAt = Math.max(node.start_at ?? at, at + Math.ceil(world.settings.provisioningMs / 1000));
  return true;
}

/** One pass over the nodes at Unix second `at`: ends first (they free capacity), then renewals, then waiting nodes, then starts. */
function settlePass(world: World, at: number): boolean {
  let changed = false;
  for (const record of world.nodes) {
    const end = record.node.end_at;
    if (typeof end === 'number' && at >= end && endsAtEnd(record.node)) {
      terminate(world, record, end);
      changed = true;
    }
  }
  for (const record of world.nodes) {
    const held = record.held;
    if (!held || !renews(record.node) || held.to > at) continue;
    changed = true;
    while (held.to <= at) {
      if (!renew(world, record, held)) {
        terminate(world, record, held.to);
        break;
      }
    }
  }
  for (const record of world.nodes) {
    if (record.node.status === 'awaitingcapacity' && takeCapacity(world, record, at)) changed = true;
  }
  for (const record of world.nodes) {
    if (record.node.status === 'pending' && at >= record.runAt) {
      setStatus(record.node, 'running', record.runAt);
      newVm(world, record, record.runAt, record.imageId);
      recordEvent(world, {
        action: 'node.started',
        actor: SYSTEM,
        targets: [nodeTarget(record.node)],
        zone: record.node.zone,
        at: record.runAt,
      });
      changed = true;
    }
  }
  return changed;
}

/**
 * Moves every node as far as Unix second `at` allows. Passes repeat while they change something
 * (a node ending frees room for one waiting earlier in the list).
 */
function settleNodes(world: World, at: number): void {
  for (let pass = 0; pass <= world.nodes.length && settlePass(world, at); pass++);
}

/** The first Unix second after `after` at which a node may move: a start, an end, a paid hour ending, capacity changing for a node that waits. */
function nextNodeEvent(world: World, after: number): number | undefined {
  const times: number[] = [];
  for (const { node, runAt, held } of world.nodes) {
    if (node.status === 'pending') times.push(runAt);
    if (typeof node.end_at === 'number' && endsAtEnd(node)) times.push(node.end_at);
    if (held && renews(node)) times.push(held.to);
    if (node.status === 'awaitingcapacity') times.push(...capacityEdges(world, node.zone ?? '', after));
  }
  const later = times.filter((t) => t > after);
  return later.length > 0 ? Math.min(...later) : undefined;
}

/** The nodes' part of the clock's agenda. */
export const nodeLifecycle: Settle = { settle: settleNodes, next: nextNodeEvent };
