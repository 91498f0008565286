// Nodes in the fake API (`/v1/nodes`): create, list, get, delete, extend, redeploy, release. What
// the clock does to them afterwards is in node-lifecycle.ts; money goes through the ledger, room
// through capacity.ts. What the reference pages leave open is decided here and documented on
// `FakeSFComputeOptions` and in the README.
import type { CreateNodesParams, ExtendNodeParams, Node, RedeployNodeParams, Vm } from '../../types.js';
import { roomIn } from '../capacity.js';
import type { FakeReply, HandlerTable, ParsedRequest } from '../handler.js';
import { hoursIn } from '../hours.js';
import { type Order, buy, refusalOf, refusedOrder } from '../ledger.js';
import { type Reason, refusal } from '../refusals.js';
import type { NodeRecord, World } from '../state.js';
import { nodeTarget, recordEvent, tokenActor } from './events.js';
import { endVm, firstSpan, newVm, setStatus, vmEndOf } from './node-lifecycle.js';

/** Statuses after which a node does nothing more. */
const ENDED = new Set(['released', 'terminated', 'deleted', 'failed']);

/**
 * The node with this ID, or else the one with this name (the API takes either). A deleted node's
 * name may be given again, so among nodes of one name the newest that is not deleted wins, and
 * a deleted one is found only when no other has the name.
 */
export function findNode(world: World, idOrName: string): NodeRecord | undefined {
  const byId = world.nodes.find((r) => r.node.id === idOrName);
  if (byId) return byId;
  const named = world.nodes.filter((r) => r.node.name === idOrName).reverse();
  return named.find((r) => r.node.status !== 'deleted') ?? named[0];
}

/** The VMs of every node, by ID, with the node each ran on. */
export function findVm(world: World, vmId: string): { vm: Vm; record: NodeRecord } | undefined {
  for (const record of world.nodes) {
    const vm = record.node.vms?.data.find((v) => v.id === vmId);
    if (vm) return { vm, record };
  }
  return undefined;
}

/** Records that the request did `action` to `node`. */
export const noteNode = (world: World, req: ParsedRequest, action: string, node: Node) =>
  recordEvent(world, { action, actor: tokenActor(req), targets: [nodeTarget(node)], zone: node.zone });

/** A refusal of the request's operation. */
const refuse = (req: ParsedRequest, status: number, message: string, reason?: Reason) => refusal(req.operation, status, message, reason);

function createNodes(req: ParsedRequest, world: World): FakeReply {
  const body = req.body as CreateNodesParams;
  const now = world.clock.seconds();
  const count = body.desired_count;
  const reserved =
    body.node_type === 'reserved' || ((body.node_type === undefined || body.node_type === null) && typeof body.end_at === 'number');
  const invalid = (field: string, code: string, message: string) => refuse(req, 400, message, { field, code });
  if (body.node_type === 'autoreserved' && typeof body.end_at === 'number') {
    return invalid('end_at', 'invalid_request', 'Auto reserved nodes take no end_at; leave it out or ask for node_type reserved.');
  }
  const startAt = body.start_at ?? now;
  if (reserved) {
    if (typeof body.end_at !== 'number') return invalid('end_at', 'invalid_request', 'Reserved nodes need an end_at.');
    if (body.end_at <= Math.max(startAt, now))
      return invalid('end_at', 'invalid_request', 'end_at must lie after start_at and in the future.');
  }
  const names = body.names ?? [];
  if (names.length > count) return invalid('names', 'invalid_request', `${names.length} names were given for ${count} node(s).`);
  const taken = names.find((n, i) => names.indexOf(n) !== i || world.nodes.some((r) => r.node.name === n && r.node.status !== 'deleted'));
  if (taken !== undefined) return invalid('names', 'duplicate_name', `A node named ${taken} already exists.`);
  // What each node buys first: its reservation, or (auto reserved) the rest of the current hour.
  const span = firstSpan({ node_type: reserved ? 'reserved' : 'autoreserved', start_at: startAt, end_at: body.end_at ?? null }, now);
  const order: Order = { nodeHours: count * hoursIn(span.to - span.from), maxPricePerNodeHour: body.max_price_per_node_hour };
  const what = `buy ${count} node(s)`;
  if (refusalOf(world, order) === 'bid_price_too_low') return refusedOrder(world, req.operation, 'bid_price_too_low', order, what);
  const zone = pickZone(world, body, span.from, span.to, count);
  if (zone === undefined) return invalid('zone', 'unknown_zone', `No zone is named ${body.zone ?? ''}.`);
  // A reservation is bought whole or not at all; auto reserved nodes may wait for capacity, unpaid.
  if (reserved && roomIn(world, zone, span.from, span.to) < count) {
    return invalid('desired_count', 'insufficient_capacity', `${zone} has no room for ${count} node(s) from ${span.from} to ${span.to}.`);
  }
  const refused = refusalOf(world, order);
  if (refused) return refusedOrder(world, req.operation, refused, order, what);
  const info = world.zones.find((z) => z.name === zone);
  const records = Array.from({ length: count }, (_, i): NodeRecord => {
    const id = world.newId('n_', 16);
    const node: Node = {
      object: 'node',
      id,
      name: names[i] ?? id,
      gpu_type: info?.hardware_type ?? 'H100',
      owner: world.settings.owner,
      status: 'awaitingcapacity',
      node_type: reserved ? 'reserved' : 'autoreserved',
      zone,
      created_at: now,
      updated_at: now,
      start_at: startAt,
      end_at: reserved ? body.end_at! : null,
      deleted_at: null,
      procurement_id: reserved ? null : world.newId('proc_', 16),
      max_price_per_node_hour: body.max_price_per_node_hour,
      vms: { object: 'list', data: [] },
      current_vm: null,
    };
    return { node, runAt: now, held: undefined, cloudInit: body.cloud_init_user_data ?? null, imageId: body.image_id ?? null };
  });
  for (const record of records) noteNode(world, req, 'node.created', record.node);
  // Each node takes its node of the zone and pays for it as the ledger allows; one purchase for
  // the nodes bought together, as one order.
  const bought = reserved ? count : Math.min(count, roomIn(world, zone, span.from, span.to));
  if (bought > 0) {
    const nodes = records.slice(0, bought).map((r) => r.node);
    buy(world, { ...order, nodeHours: bought * hoursIn(span.to - span.from) }, { actor: tokenActor(req), nodes });
  }
  records.forEach((record, i) => {
    if (i < bought) {
      record.held = { ...span };
      setStatus(record.node, 'pending', now);
      record.runAt = Math.max(startAt, now + Math.ceil(world.settings.provisioningMs / 1000));
    }
    world.nodes.push(record);
  });
  world.clock.settle();
  return { status: 201, body: { object: 'list', data: records.map((r) => r.node) } };
}

/** The zone asked for; with any_zone (or none given), the first zone with room for all, else the first zone. */
function pickZone(world: World, body: CreateNodesParams, from: number, to: number, count: number): string | undefined {
  if (body.zone !== undefined && !body.any_zone) return world.zones.some((z) => z.name === body.zone) ? body.zone : undefined;
  return (world.zones.find((z) => roomIn(world, z.name, from, to) >= count) ?? world.zones[0])?.name;
}

function listNodes(req: ParsedRequest, world: World): FakeReply {
  const { query } = req;
  const given = ['id', 'name', 'type'].filter((k) => query[k] !== undefined);
  if (given.length > 1) {
    return refuse(req, 400, `The filters ${given.join(' and ')} cannot be combined; pass at most one.`, {
      field: given[1]!,
      code: 'invalid_request',
    });
  }
  const ids = query.id as string[] | undefined;
  const names = query.name as string[] | undefined;
  const data = world.nodes
    .map((r) => r.node)
    .filter((n) => (ids ? ids.includes(n.id) : names ? names.includes(n.name) : query.type ? n.node_type === query.type : true));
  return { status: 200, body: { object: 'list', data } };
}

function extendNode(req: ParsedRequest, record: NodeRecord, world: World): FakeReply {
  const body = req.body as ExtendNodeParams;
  const { node } = record;
  const held = record.held;
  if (ENDED.has(node.status) || !held) {
    const state = node.status === 'awaitingcapacity' ? 'awaiting capacity' : node.status;
    return refuse(req, 422, `Node ${node.id} cannot be extended: it is ${state}.`, { field: null, code: 'invalid_state' });
  }
  const seconds = body.duration_seconds;
  const order: Order = { nodeHours: hoursIn(seconds), maxPricePerNodeHour: body.max_price_per_node_hour };
  const what = `extend node ${node.id} by ${seconds} seconds`;
  if (refusalOf(world, order) === 'bid_price_too_low') return refusedOrder(world, req.operation, 'bid_price_too_low', order, what);
  // The time is added after the time already paid for (for an auto reserved node, the current hour).
  const from = held.to;
  if (roomIn(world, node.zone ?? '', from, from + seconds) < 1) {
    return refuse(req, 422, `Not enough capacity in ${node.zone ?? 'its zone'} to ${what}.`, {
      field: 'duration_seconds',
      code: 'insufficient_capacity',
    });
  }
  const refused = buy(world, order, { actor: tokenActor(req), nodes: [node] });
  if (refused) return refusedOrder(world, req.operation, refused, order, what);
  noteNode(world, req, 'node.extended', node);
  held.to = from + seconds;
  node.end_at = held.to;
  node.updated_at = world.clock.seconds();
  if (node.current_vm && node.current_vm.status !== 'destroyed') {
    node.current_vm.end_at = vmEndOf(node);
    node.current_vm.updated_at = node.updated_at;
  }
  return { status: 200, body: node };
}

function redeployNode(req: ParsedRequest, record: NodeRecord, world: World): FakeReply {
  const body = req.body as RedeployNodeParams;
  const { node } = record;
  if (node.status !== 'running') {
    const state = node.status === 'awaitingcapacity' ? 'awaiting capacity' : node.status;
    return refuse(req, 422, `Node ${node.id} cannot be redeployed while it is ${state}.`);
  }
  const inherit = !body.override_empty;
  record.imageId = body.image_id ?? (inherit ? record.imageId : null);
  record.cloudInit = body.cloud_init_user_data ?? (inherit ? record.cloudInit : null);
  replaceVm(world, record);
  noteNode(world, req, 'node.redeployed', node);
  return { status: 200, body: node };
}

/** Destroys a node's current VM and starts a new one from its image and script; returns the new VM. */
export function replaceVm(world: World, record: NodeRecord): Vm {
  const now = world.clock.seconds();
  if (record.node.current_vm) endVm(record.node.current_vm, now);
  record.node.updated_at = now;
  return newVm(world, record, now, record.imageId);
}

function releaseNode(req: ParsedRequest, record: NodeRecord, world: World): FakeReply {
  const { node } = record;
  if (ENDED.has(node.status)) return refuse(req, 409, `Node ${node.id} is already released.`);
  if (node.node_type !== 'autoreserved') {
    return refuse(req, 400, `Node ${node.id} is reserved; only auto reserved nodes can be released.`, {
      field: null,
      code: 'invalid_node_type',
    });
  }
  const now = world.clock.seconds();
  setStatus(node, 'released', now);
  noteNode(world, req, 'node.released', node);
  // It keeps the time it paid for (the current hour, or an extension beyond it), then terminates;
  // a node still waiting for capacity paid nothing and ends now.
  node.end_at = record.held?.to ?? now;
  if (node.current_vm && node.current_vm.status !== 'destroyed') node.current_vm.end_at = node.end_at;
  world.clock.settle();
  return { status: 200, body: node };
}

function deleteNode(req: ParsedRequest, record: NodeRecord, world: World): FakeReply {
  const { node } = record;
  if (node.status === 'deleted') return { status: 204 };
  const active = node.current_vm && node.current_vm.status !== 'destroyed';
  if (active || node.status === 'pending' || node.status === 'running' || node.status === 'awaitingcapacity') {
    return refuse(req, 400, `Node ${node.id} still has an active or pending VM; release it and wait for it to end first.`, {
      field: null,
      code: 'node_in_use',
    });
  }
  const now = world.clock.seconds();
  setStatus(node, 'deleted', now);
  node.deleted_at = now;
  noteNode(world, req, 'node.deleted', node);
  return { status: 204 };
}

/** Runs `act` on the node the path names, or answers 404. */
function withNode(req: ParsedRequest, world: World, act: (record: NodeRecord) => FakeReply): FakeReply {
  const id = req.path.id!;
  const record = findNode(world, id);
  return record ? act(record) : refuse(req, 404, `Node ${id} not found.`);
}

export const nodeHandlers: HandlerTable = {
  listNodes: (req, world) => listNodes(req, world),
  createNodes: (req, world) => createNodes(req, world),
  getNode: (req, world) => withNode(req, world, (r) => ({ status: 200, body: r.node })),
  deleteNode: (req, world) => withNode(req, world, (r) => deleteNode(req, r, world)),
  extendNode: (req, world) => withNode(req, world, (r) => extendNode(req, r, world)),
  redeployNode: (req, world) => withNode(req, world, (r) => redeployNode(req, r, world)),
  releaseNode: (req, world) => withNode(req, world, (r) => releaseNode(req, r, world)),
};
