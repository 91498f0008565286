// Fills a fresh world from the options of `createFakeSFCompute`: seeded nodes, procurements,
// zones, images and capacities get every field the API always returns.
import type { Node, Vm } from '../types.js';
import { newToken } from './fake/account.js';
import { HOUR, hourEnd } from './hours.js';
import { marketPrice } from './ledger.js';
import { SYSTEM } from './fake/events.js';
import { buyWindow, buysNodes } from './fake/procurement-orders.js';
import { newProcurement } from './fake/procurements.js';
import type { FakeSFComputeOptions, SeedNode, SeedProcurement } from './options.js';
import { DEFAULT_CAPACITIES, type ProcurementRecord, type Span, type World, defaultImages, defaultZones } from './state.js';

/** Puts the options' seeds into `world` (defaults where a list is not given). */
export function seed(world: World, options: FakeSFComputeOptions): void {
  const startMs = world.clock.now();
  world.zones = structuredClone(options.zones ?? defaultZones(startMs));
  world.images = structuredClone(options.images ?? defaultImages(startMs));
  world.capacities = structuredClone([...(options.capacities ?? DEFAULT_CAPACITIES)]);
  checkCapacityZones(world);
  world.script = options.script === undefined ? undefined : structuredClone(options.script);
  for (const node of options.nodes ?? []) world.nodes.push(seedNode(world, node));
  for (const procurement of options.procurements ?? []) world.procurements.push(seedProcurement(world, procurement));
  world.account = { ...world.account, id: world.settings.owner, is_frozen: options.account?.frozen ?? false };
  for (const token of options.tokens ?? []) world.tokens.push(newToken(world, structuredClone(token)));
}

function seedNode(world: World, given: SeedNode): World['nodes'][number] {
  const now = world.clock.seconds();
  const zone = given.zone ?? world.zones[0]?.name ?? 'hayesvalley';
  const nodeType = given.node_type ?? (typeof given.end_at === 'number' ? 'reserved' : 'autoreserved');
  const id = given.id ?? world.newId('n_', 16);
  const status = given.status ?? 'running';
  const node: Node = {
    object: 'node',
    id,
    name: id,
    gpu_type: world.zones.find((z) => z.name === zone)?.hardware_type ?? 'H100',
    owner: world.settings.owner,
    status,
    node_type: nodeType,
    zone,
    created_at: now,
    updated_at: now,
    start_at: now,
    end_at: nodeType === 'reserved' ? now + HOUR : null,
    deleted_at: null,
    procurement_id: nodeType === 'autoreserved' ? world.newId('proc_', 16) : null,
    max_price_per_node_hour: marketPrice(world),
    vms: { object: 'list', data: [] },
    current_vm: null,
    ...structuredClone(given),
  };
  // A node seeded as running without a VM gets one, as a running node has.
  if (status === 'running' && !given.current_vm) {
    const vm: Vm = {
      object: 'vm',
      id: world.newId('vm_', 21),
      status: 'running',
      created_at: node.start_at ?? now,
      updated_at: node.start_at ?? now,
      start_at: node.start_at ?? now,
      end_at: node.end_at ?? null,
      image_id: null,
      zone,
    };
    node.current_vm = vm;
    node.vms = { object: 'list', data: [...(node.vms?.data ?? []), vm] };
  }
  // A pending node starts as a created one does: after the provisioning time, not before its start_at.
  const runAt = Math.max(node.start_at ?? now, now + Math.ceil(world.settings.provisioningMs / 1000));
  return { node, runAt, held: seededHold(node, now), cloudInit: null, imageId: node.current_vm?.image_id ?? null };
}

/**
 * What a seeded node holds of its zone, as paid before the fake started: a reservation its span,
 * an auto reserved node the hour it is in (the current one, or the one its later start_at falls in)
 * or to its end_at, if later; a released node keeps that until its end_at (the end of that hour
 * when it has none). Nodes waiting or ended hold nothing.
 */
function seededHold(node: Node, now: number): Span | undefined {
  if (!['pending', 'running', 'released'].includes(node.status)) return undefined;
  const from = node.start_at ?? now;
  if (node.node_type === 'reserved') return typeof node.end_at === 'number' ? { from, to: node.end_at } : undefined;
  const firstHourEnd = hourEnd(Math.max(from, now));
  if (node.status === 'released') {
    node.end_at ??= firstHourEnd;
    return { from, to: node.end_at };
  }
  return { from, to: Math.max(node.end_at ?? 0, firstHourEnd) };
}

/** A capacity's zone must be one of the fake's: a typo would otherwise leave its procurement without room, silently. */
function checkCapacityZones(world: World): void {
  for (const { id, zone } of world.capacities) {
    if (zone !== undefined && !world.zones.some((z) => z.name === zone)) {
      const names = world.zones.map((z) => z.name).join(', ') || 'none';
      throw new RangeError(`createFakeSFCompute: capacity ${id} is in zone ${zone}, which is not one of the fake's zones (${names})`);
    }
  }
}

/**
 * A seeded procurement. One that buys (enabled, a fixed target) holds its window from the start,
 * as bought before the fake started: nothing is charged, and its status says what it holds. Any
 * other keeps a seeded `status`; without one it gets the fake's own.
 */
function seedProcurement(world: World, given: SeedProcurement): ProcurementRecord {
  const made = newProcurement(world, {
    name: given.name ?? `procurement-${world.procurements.length + 1}`,
    target: 'node_count',
    capacity: world.capacities[0]?.id ?? 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
    min_sell_price_dollars_per_node_hour: '1.000000',
    max_buy_price_dollars_per_node_hour: '2.500000',
    managed_window_minutes: 60,
  });
  const merged = { ...made, ...structuredClone(given) };
  // A seeded name changes what the path says.
  const { owner, workspace, name } = merged;
  const procurement = { ...merged, resource_path: given.resource_path ?? `sfc:procurement:${owner}:${workspace}:${name}` };
  const record = { seq: world.nextSeq(), procurement };
  if (given.status === undefined || buysNodes(procurement)) buyWindow(world, record, SYSTEM, false);
  return record;
}
