// Nodes in the fake API (`/v1/nodes`): create, list, get, delete, extend, redeploy, release, and
// the lifecycle the clock drives. What the reference pages say is followed; what they leave open
// is decided here and documented on `FakeSFComputeOptions` and in the README.
import type { CreateNodesParams, ExtendNodeParams, Node, RedeployNodeParams, Vm } from '../../types.js';
import { type FakeReply, errorReply, fieldError } from '../envelope.js';
import type { HandlerTable } from '../handler.js';
import type { NodeRecord, World } from '../state.js';
import { canPay, spend } from './ledger.js';

/** Statuses after which a node does nothing more. */
const ENDED = new Set(['released', 'terminated', 'deleted', 'failed']);
const HOUR = 3600;

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

const notFound = (id: string) => errorReply(404, `Node ${id} not found.`);

/** The VMs of every node, by ID, with the node each ran on. */
export function findVm(world: World, vmId: string): { vm: Vm; record: NodeRecord } | undefined {
  for (const record of world.nodes) {
    const vm = record.node.vms?.data.find((v) => v.id === vmId);
    if (vm) return { vm, record };
  }
  return undefined;
}

/** Nodes of a zone that hold capacity now (pending or running). */
function busyIn(world: World, zone: string, except?: NodeRecord): number {
  return world.nodes.filter((r) => r !== except && r.node.zone === zone && (r.node.status === 'pending' || r.node.status === 'running'))
    .length;
}

/** Free nodes of a zone at Unix second `at`: the seeded block covering it, less the nodes already holding capacity. */
function freeIn(world: World, zone: string, at: number, except?: NodeRecord): number {
  const info = world.zones.find((z) => z.name === zone);
  const block = info?.available_capacity.find((b) => b.start_timestamp <= at && at < b.end_timestamp);
  return (block?.quantity ?? 0) - busyIn(world, zone, except);
}

function newVm(world: World, record: NodeRecord, at: number, imageId: string | null): Vm {
  const vm: Vm = {
    object: 'vm',
    id: world.newId('vm_', 21),
    status: 'running',
    created_at: at,
    updated_at: at,
    start_at: at,
    // An auto reserved node renews until it is released: its VM has no end until then.
    end_at: endsAt(record.node),
    image_id: imageId,
    zone: record.node.zone ?? '',
  };
  record.node.vms = { object: 'list', data: [...(record.node.vms?.data ?? []), vm] };
  record.node.current_vm = vm;
  return vm;
}

/** When a node's VM will end: a reserved or released node's end_at; none for an auto reserved node that renews. */
function endsAt(node: Node): number | null {
  return node.node_type === 'reserved' || node.status === 'released' ? (node.end_at ?? null) : null;
}

function endVm(vm: Vm, at: number): void {
  vm.status = 'destroyed';
  vm.end_at = at;
  vm.updated_at = at;
}

function setStatus(node: Node, status: Node['status'], at: number): void {
  node.status = status;
  node.updated_at = at;
}

/** Whether a node ends at its end_at: a reserved one that holds capacity, or a released one (an auto reserved one renews until released). */
function endsAtEnd(node: Node): boolean {
  return node.node_type === 'reserved' ? node.status === 'running' || node.status === 'pending' : node.status === 'released';
}

/** One pass over the nodes at Unix second `now`; whether anything changed. */
function settlePass(world: World, now: number): boolean {
  let changed = false;
  for (const record of world.nodes) {
    const { node } = record;
    if (node.status === 'awaitingcapacity' && node.zone && freeIn(world, node.zone, now, record) > 0) {
      setStatus(node, 'pending', now);
      record.runAt = now + Math.ceil(world.settings.provisioningMs / 1000);
      changed = true;
    }
    if (node.status === 'pending' && now >= record.runAt) {
      setStatus(node, 'running', record.runAt);
      newVm(world, record, record.runAt, record.imageId);
      changed = true;
    }
    const end = node.end_at;
    if (end !== null && end !== undefined && now >= end && endsAtEnd(node)) {
      setStatus(node, 'terminated', end);
      if (node.current_vm && node.current_vm.status !== 'destroyed') endVm(node.current_vm, end);
      changed = true;
    }
  }
  return changed;
}

/**
 * Moves every node as far as Unix second `at` (default the clock's time) allows: awaiting capacity
 * → pending once its zone has room, pending → running (with a VM) at its start, and a reserved or
 * released node whose `end_at` has passed → terminated (its VM destroyed). Passes repeat while
 * they change something (a node ending frees room for one waiting earlier in the list).
 */
export function settleNodes(world: World, at: number = world.clock.seconds()): void {
  for (let pass = 0; pass <= world.nodes.length && settlePass(world, at); pass++);
}

/**
 * The first Unix second after `after` at which a node may move: a pending node's start, an end_at
 * that ends a node, or the start of a capacity block in a zone where a node awaits capacity.
 */
export function nextNodeEvent(world: World, after: number): number | undefined {
  const times: number[] = [];
  for (const record of world.nodes) {
    const { node } = record;
    if (node.status === 'pending') times.push(record.runAt);
    if (typeof node.end_at === 'number' && endsAtEnd(node)) times.push(node.end_at);
    if (node.status === 'awaitingcapacity') {
      const zone = world.zones.find((z) => z.name === node.zone);
      for (const block of zone?.available_capacity ?? []) times.push(block.start_timestamp);
    }
  }
  const later = times.filter((t) => t > after);
  return later.length > 0 ? Math.min(...later) : undefined;
}

/** The end of the hour an auto reserved node is in at Unix second `now`: it pays hour by hour, from the hour's start. */
const paidUntil = (now: number) => Math.floor(now / HOUR) * HOUR + HOUR;

/** Cost in cents of `count` nodes for `seconds`, whole hours rounded up, at the fake's market price. */
function cost(world: World, count: number, seconds: number): number {
  return count * Math.ceil(seconds / HOUR) * world.settings.pricePerNodeHourCents;
}

function createNodes(body: CreateNodesParams, world: World): FakeReply {
  const now = world.clock.seconds();
  const count = body.desired_count;
  const reserved =
    body.node_type === 'reserved' || ((body.node_type === undefined || body.node_type === null) && typeof body.end_at === 'number');
  if (body.node_type === 'autoreserved' && typeof body.end_at === 'number') {
    return fieldError(400, 'end_at', 'invalid_request', 'Auto reserved nodes take no end_at; leave it out or ask for node_type reserved.');
  }
  const startAt = body.start_at ?? now;
  if (reserved) {
    if (typeof body.end_at !== 'number') return fieldError(400, 'end_at', 'invalid_request', 'Reserved nodes need an end_at.');
    if (body.end_at <= Math.max(startAt, now)) {
      return fieldError(400, 'end_at', 'invalid_request', 'end_at must lie after start_at and in the future.');
    }
  }
  const names = body.names ?? [];
  if (names.length > count) {
    return fieldError(400, 'names', 'invalid_request', `${names.length} names were given for ${count} node(s).`);
  }
  const taken = names.find((n, i) => names.indexOf(n) !== i || world.nodes.some((r) => r.node.name === n && r.node.status !== 'deleted'));
  if (taken !== undefined) return fieldError(400, 'names', 'duplicate_name', `A node named ${taken} already exists.`);
  const zone = pickZone(world, body, startAt, count);
  if (typeof zone !== 'string') return zone;
  const price = reserved ? cost(world, count, body.end_at! - startAt) : cost(world, count, HOUR);
  if (!canPay(world, price)) return errorReply(402, 'Insufficient balance to place this order.');
  spend(world, price);
  const info = world.zones.find((z) => z.name === zone);
  const created: Node[] = [];
  for (let i = 0; i < count; i++) {
    const id = world.newId('n_', 16);
    const node: Node = {
      object: 'node',
      id,
      name: names[i] ?? id,
      gpu_type: info?.hardware_type ?? 'H100',
      owner: world.settings.owner,
      status: 'pending',
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
    const runAt = Math.max(startAt, now + Math.ceil(world.settings.provisioningMs / 1000));
    const record: NodeRecord = { node, runAt, cloudInit: body.cloud_init_user_data ?? null, imageId: body.image_id ?? null };
    if (freeIn(world, zone, Math.max(startAt, now)) <= 0) node.status = 'awaitingcapacity';
    world.nodes.push(record);
    created.push(node);
  }
  settleNodes(world);
  return { status: 201, body: { object: 'list', data: created } };
}

/** The zone asked for; with any_zone (or none given for reserved nodes), the first zone with room. */
function pickZone(world: World, body: CreateNodesParams, at: number, count: number): string | FakeReply {
  if (body.zone !== undefined && !body.any_zone) {
    return world.zones.some((z) => z.name === body.zone)
      ? body.zone
      : fieldError(400, 'zone', 'unknown_zone', `No zone is named ${body.zone}.`);
  }
  const roomy = world.zones.find((z) => freeIn(world, z.name, at) >= count) ?? world.zones[0];
  return roomy ? roomy.name : fieldError(400, 'zone', 'unknown_zone', 'No zone is available.');
}

function listNodes(query: Record<string, unknown>, world: World): FakeReply {
  const given = ['id', 'name', 'type'].filter((k) => query[k] !== undefined);
  if (given.length > 1) {
    return fieldError(400, given[1]!, 'invalid_request', `The filters ${given.join(' and ')} cannot be combined; pass at most one.`);
  }
  const ids = query.id as string[] | undefined;
  const names = query.name as string[] | undefined;
  const data = world.nodes
    .map((r) => r.node)
    .filter((n) => (ids ? ids.includes(n.id) : names ? names.includes(n.name) : query.type ? n.node_type === query.type : true));
  return { status: 200, body: { object: 'list', data } };
}

/**
 * Whether a node's zone has a node free for it over [from, to): checked at `from` and wherever a
 * capacity block starts or ends inside the span (free capacity only changes there). Nodes holding
 * capacity now count as holding it for the whole span.
 */
function roomFor(world: World, record: NodeRecord, from: number, to: number): boolean {
  const zone = record.node.zone;
  if (!zone) return false;
  const blocks = world.zones.find((z) => z.name === zone)?.available_capacity ?? [];
  const edges = blocks.flatMap((b) => [b.start_timestamp, b.end_timestamp]).filter((t) => t > from && t < to);
  return [from, ...edges].every((t) => freeIn(world, zone, t, record) > 0);
}

function extendNode(record: NodeRecord, body: ExtendNodeParams, world: World): FakeReply {
  const { node } = record;
  if (ENDED.has(node.status)) return fieldError(422, null, 'invalid_state', `Node ${node.id} cannot be extended: it is ${node.status}.`);
  if (body.max_price_per_node_hour < world.settings.pricePerNodeHourCents) {
    return fieldError(
      422,
      'duration_seconds',
      'insufficient_capacity',
      `Not enough capacity to extend node ${node.id} by ${body.duration_seconds} seconds at ${body.max_price_per_node_hour} cents per node-hour.`,
    );
  }
  const now = world.clock.seconds();
  // An auto reserved node without an end has paid up to the end of the hour: the time is added from there.
  const from = node.end_at ?? paidUntil(now);
  if (!roomFor(world, record, from, from + body.duration_seconds)) {
    return fieldError(
      422,
      'duration_seconds',
      'insufficient_capacity',
      `Not enough capacity in ${node.zone ?? 'its zone'} to extend node ${node.id} by ${body.duration_seconds} seconds.`,
    );
  }
  const price = cost(world, 1, body.duration_seconds);
  if (!canPay(world, price)) return errorReply(402, `Insufficient balance to extend node ${node.id}.`);
  spend(world, price);
  node.end_at = from + body.duration_seconds;
  node.updated_at = now;
  if (node.current_vm && node.current_vm.status !== 'destroyed') {
    node.current_vm.end_at = endsAt(node);
    node.current_vm.updated_at = now;
  }
  return { status: 200, body: node };
}

function redeployNode(record: NodeRecord, body: RedeployNodeParams, world: World): FakeReply {
  const { node } = record;
  if (node.status !== 'running') {
    return errorReply(
      422,
      `Node ${node.id} cannot be redeployed while it is ${node.status === 'awaitingcapacity' ? 'awaiting capacity' : node.status}.`,
    );
  }
  const inherit = !body.override_empty;
  record.imageId = body.image_id ?? (inherit ? record.imageId : null);
  record.cloudInit = body.cloud_init_user_data ?? (inherit ? record.cloudInit : null);
  replaceVm(world, record);
  return { status: 200, body: node };
}

/** Destroys a node's current VM and starts a new one from its image and script; returns the new VM. */
export function replaceVm(world: World, record: NodeRecord): Vm {
  const now = world.clock.seconds();
  if (record.node.current_vm) endVm(record.node.current_vm, now);
  record.node.updated_at = now;
  return newVm(world, record, now, record.imageId);
}

function releaseNode(record: NodeRecord, world: World): FakeReply {
  const { node } = record;
  if (ENDED.has(node.status)) return errorReply(409, `Node ${node.id} is already released.`);
  if (node.node_type !== 'autoreserved') {
    return fieldError(400, null, 'invalid_node_type', `Node ${node.id} is reserved; only auto reserved nodes can be released.`);
  }
  const now = world.clock.seconds();
  setStatus(node, 'released', now);
  // It keeps the time it paid for (the current hour, or an extension beyond it), then terminates.
  node.end_at = Math.max(node.end_at ?? 0, paidUntil(now));
  if (node.current_vm && node.current_vm.status !== 'destroyed') node.current_vm.end_at = node.end_at;
  settleNodes(world);
  return { status: 200, body: node };
}

function deleteNode(record: NodeRecord, world: World): FakeReply {
  const { node } = record;
  if (node.status === 'deleted') return { status: 204 };
  const active = node.current_vm && node.current_vm.status !== 'destroyed';
  if (active || node.status === 'pending' || node.status === 'running' || node.status === 'awaitingcapacity') {
    return fieldError(
      400,
      null,
      'node_in_use',
      `Node ${node.id} still has an active or pending VM; release it and wait for it to end first.`,
    );
  }
  const now = world.clock.seconds();
  setStatus(node, 'deleted', now);
  node.deleted_at = now;
  return { status: 204 };
}

/** Runs `act` on the node the path names, or answers 404. */
function withNode(id: string, world: World, act: (record: NodeRecord) => FakeReply): FakeReply {
  const record = findNode(world, id);
  return record ? act(record) : notFound(id);
}

export const nodeHandlers: HandlerTable = {
  listNodes: (req, world) => listNodes(req.query, world),
  createNodes: (req, world) => createNodes(req.body as CreateNodesParams, world),
  getNode: (req, world) => withNode(req.path.id!, world, (r) => ({ status: 200, body: r.node })),
  deleteNode: (req, world) => withNode(req.path.id!, world, (r) => deleteNode(r, world)),
  extendNode: (req, world) => withNode(req.path.id!, world, (r) => extendNode(r, req.body as ExtendNodeParams, world)),
  redeployNode: (req, world) => withNode(req.path.id!, world, (r) => redeployNode(r, req.body as RedeployNodeParams, world)),
  releaseNode: (req, world) => withNode(req.path.id!, world, (r) => releaseNode(r, world)),
};
