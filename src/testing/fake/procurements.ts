// Procurements in the fake API (`/v2/procurements`): list with cursor pages, create, get, update,
// delete, in one workspace of one account (`FakeSFComputeOptions.account`). What an enabled one
// buys is fake/procurement-orders.ts, and the words of its status fake/procurement-status.ts.
import { roundToPriceTick } from '../../helpers/money.js';
import type { CreateProcurementParams, Procurement, UpdateProcurementParams } from '../../types.js';
import type { FakeReply, HandlerTable, ParsedRequest } from '../handler.js';
import { refusal } from '../refusals.js';
import { recordEvent, tokenActor } from './events.js';
import { pageOf, unknownCursor } from './paging.js';
import { buyWindow, restate, statusOf } from './procurement-orders.js';
import type { FakeCapacity, ProcurementRecord, World } from '../state.js';

const CAPACITY_ID = /^cap_[0-9a-zA-Z_-]{1,21}$/;
const CURSOR = /^procc_(\d+)$/;

/** The procurement an ID or a resource path names. */
export function findProcurement(world: World, ref: string): ProcurementRecord | undefined {
  return world.procurements.find((r) => r.procurement.id === ref || r.procurement.resource_path === ref);
}

/** Whether a workspace ID or resource path names the fake's workspace. */
function isOurWorkspace(world: World, ref: string): boolean {
  const { owner, workspace, workspaceId } = world.settings;
  return ref === workspaceId || ref === `sfc:workspace:${owner}:${workspace}`;
}

/** The capacity an ID or resource path (ending in its name) names. */
function findCapacity(world: World, ref: string): FakeCapacity | undefined {
  return world.capacities.find((c) => c.id === ref || (ref.startsWith('sfc:capacity:') && ref.split(':').at(-1) === c.name));
}

/** A procurement as answered: `capacity` expanded to `{id, name}` when `expand=capacity` was asked for. */
function shown(world: World, procurement: Procurement, expand: unknown): Procurement {
  if (!Array.isArray(expand) || !expand.includes('capacity') || typeof procurement.capacity !== 'string') return procurement;
  const id = procurement.capacity;
  const capacity = world.capacities.find((c) => c.id === id) ?? { id, name: id };
  return { ...procurement, capacity: { id: capacity.id, name: capacity.name } };
}

const cursorOf = (record: ProcurementRecord) => `procc_${record.seq}`;

/** Records that the request did `action` to `procurement`, in the fake's workspace (procurements have no zone). */
function noteProcurement(world: World, req: ParsedRequest, action: string, procurement: Procurement): void {
  const targets = [{ type: 'procurement', id: procurement.id }];
  recordEvent(world, { action, actor: tokenActor(req), targets, workspace: world.settings.workspaceId });
}

function list(req: ParsedRequest, world: World): FakeReply {
  const { query, operation } = req;
  const after = query.starting_after as string | undefined;
  const before = query.ending_before as string | undefined;
  if (after !== undefined && before !== undefined) {
    return refusal(operation, 422, 'Pass starting_after or ending_before, not both.', { field: 'ending_before', code: 'invalid_request' });
  }
  const cursor = after ?? before;
  const position = cursor === undefined ? undefined : CURSOR.exec(cursor)?.[1];
  if (cursor !== undefined && position === undefined) {
    return unknownCursor(operation, 422, after !== undefined ? 'starting_after' : 'ending_before', cursor);
  }
  const capacity = query.capacity as string | undefined;
  const wanted = capacity === undefined ? undefined : findCapacity(world, capacity)?.id;
  const all = isOurWorkspace(world, query.workspace as string)
    ? world.procurements.filter((r) => capacity === undefined || r.procurement.capacity === wanted)
    : [];
  const limit = (query.limit as number | undefined) ?? 50;
  const backward = before !== undefined;
  const candidates = position === undefined ? all : all.filter((r) => (backward ? r.seq < Number(position) : r.seq > Number(position)));
  const { page, hasMore } = pageOf(candidates, backward, limit);
  // The cursor continues in the direction of travel: the last item going forward, the first going back.
  const edge = backward ? page[0] : page.at(-1);
  return {
    status: 200,
    body: {
      object: 'list',
      has_more: hasMore,
      cursor: edge ? cursorOf(edge) : null,
      data: page.map((r) => shown(world, r.procurement, query.expand)),
    },
  };
}

function nameTaken(world: World, name: string, except?: ProcurementRecord): boolean {
  return world.procurements.some((r) => r !== except && r.procurement.name === name);
}

const duplicateName = (operation: string, name: string) =>
  refusal(operation, 400, `A procurement named ${name} already exists in this workspace.`, { field: 'name', code: 'duplicate_name' });

/** A procurement of the fake's workspace, made now from a create body (prices put on the $0.000060 grid). */
export function newProcurement(world: World, body: CreateProcurementParams & { name: string }): Procurement {
  const now = world.clock.seconds();
  const enabled = body.enabled ?? true;
  const { owner, workspace } = world.settings;
  const procurement: Procurement = {
    id: world.newId('proc_', 16),
    resource_path: `sfc:procurement:${owner}:${workspace}:${body.name}`,
    owner,
    workspace,
    name: body.name,
    object: 'procurement',
    target: body.target,
    capacity: body.capacity,
    min_sell_price_dollars_per_node_hour: roundToPriceTick(body.min_sell_price_dollars_per_node_hour),
    max_buy_price_dollars_per_node_hour: roundToPriceTick(body.max_buy_price_dollars_per_node_hour),
    managed_window_minutes: body.managed_window_minutes,
    enabled,
    status: { state: 'info', message: '' },
    created_at: now,
    updated_at: now,
  };
  // What it holds before it buys: what its capacity may still hold from an earlier procurement.
  procurement.status = statusOf(world, { seq: 0, procurement });
  return procurement;
}

function create(req: ParsedRequest, world: World): FakeReply {
  const { operation } = req;
  const body = req.body as CreateProcurementParams;
  let capacity = findCapacity(world, body.capacity);
  if (!capacity) {
    if (!CAPACITY_ID.test(body.capacity)) {
      return refusal(operation, 422, `No capacity ${body.capacity} exists in this workspace.`, {
        field: 'capacity',
        code: 'unknown_capacity',
      });
    }
    capacity = { id: body.capacity, name: `capacity-${world.capacities.length + 1}` };
    world.capacities.push(capacity);
  }
  const id = capacity.id;
  if (world.procurements.some((r) => r.procurement.capacity === id)) {
    return refusal(operation, 409, `Capacity ${id} already has a procurement.`, { field: 'capacity', code: 'already_procured' });
  }
  const seq = world.nextSeq();
  const name = body.name ?? `procurement-${seq}`;
  if (nameTaken(world, name)) return duplicateName(operation, name);
  const procurement = newProcurement(world, { ...body, name, capacity: id });
  const record = { seq, procurement };
  world.procurements.push(record);
  noteProcurement(world, req, 'procurement.created', procurement);
  buyWindow(world, record, tokenActor(req));
  return { status: 201, body: procurement };
}

function update(req: ParsedRequest, record: ProcurementRecord, world: World): FakeReply {
  const { operation } = req;
  const body = req.body as UpdateProcurementParams;
  const p = record.procurement;
  // The update page documents only `node_count` targets in its answer; a fixed count cannot be shown there.
  if (p.target !== 'node_count') {
    return refusal(operation, 422, `Procurement ${p.id} has a fixed target; only node_count procurements can be updated.`, {
      field: 'target',
      code: 'unsupported_target',
    });
  }
  if (body.name !== undefined && body.name !== null && nameTaken(world, body.name, record)) return duplicateName(operation, body.name);
  // A null means "leave as it is", like a field left out.
  if (body.name !== undefined && body.name !== null) {
    p.name = body.name;
    p.resource_path = `sfc:procurement:${p.owner}:${p.workspace}:${body.name}`;
  }
  if (body.min_sell_price_dollars_per_node_hour != null) {
    p.min_sell_price_dollars_per_node_hour = roundToPriceTick(body.min_sell_price_dollars_per_node_hour);
  }
  if (body.max_buy_price_dollars_per_node_hour != null) {
    p.max_buy_price_dollars_per_node_hour = roundToPriceTick(body.max_buy_price_dollars_per_node_hour);
  }
  if (body.managed_window_minutes != null) p.managed_window_minutes = body.managed_window_minutes;
  if (body.enabled != null) p.enabled = body.enabled;
  p.updated_at = world.clock.seconds();
  noteProcurement(world, req, 'procurement.updated', p);
  // Only a node_count procurement gets this far (a fixed target is refused above), and it buys
  // nothing in the fake: its status is all that changes.
  restate(world, record);
  return { status: 200, body: p };
}

function withProcurement(req: ParsedRequest, world: World, act: (record: ProcurementRecord) => FakeReply): FakeReply {
  const ref = req.path.id!;
  const record = findProcurement(world, ref);
  return record ? act(record) : refusal(req.operation, 404, `Procurement ${ref} not found.`);
}

export const procurementHandlers: HandlerTable = {
  listProcurements: (req, world) => list(req, world),
  createProcurement: (req, world) => create(req, world),
  getProcurement: (req, world) =>
    withProcurement(req, world, (r) => ({ status: 200, body: shown(world, r.procurement, req.query.expand) })),
  updateProcurement: (req, world) => withProcurement(req, world, (r) => update(req, r, world)),
  deleteProcurement: (req, world) =>
    withProcurement(req, world, (r) => {
      world.procurements.splice(world.procurements.indexOf(r), 1);
      noteProcurement(world, req, 'procurement.deleted', r.procurement);
      return { status: 204 };
    }),
};
