// VM logs, SSH details and the user-data script in the fake API (`/v0/vms`). Logs grow with the
// clock: every VM writes a line when it starts and then one every `logIntervalMs` until it ends,
// made on demand (a day of fake time costs nothing until it is read). Errors carry no body, as
// the spec documents them.
import type { VmLogChunk } from '../../types.js';
import type { HandlerTable, ParsedRequest } from '../handler.js';
import { refusal } from '../refusals.js';
import type { World } from '../state.js';
import { findVm, noteNode, replaceVm } from './nodes.js';

const encoder = new TextEncoder();

/** Chunks written so far by a VM that started at `startMs` and ends at `endMs` (if it does). */
function written(world: World, startMs: number, endMs: number | null): number {
  const until = Math.min(world.clock.now(), endMs ?? Infinity);
  return until < startMs ? 0 : Math.floor((until - startMs) / world.settings.logIntervalMs) + 1;
}

function chunk(world: World, vmId: string, startMs: number, seqnum: number): VmLogChunk {
  const offsetMs = (seqnum - 1) * world.settings.logIntervalMs;
  return {
    instance_id: vmId,
    realtime_timestamp: new Date(startMs + offsetMs).toISOString(),
    monotonic_timestamp_sec: Math.floor(offsetMs / 1000),
    monotonic_timestamp_nano_sec: (offsetMs % 1000) * 1_000_000,
    seqnum,
    data: [...encoder.encode(`${world.settings.logLine(vmId, seqnum)}\n`)],
  };
}

function logs(req: ParsedRequest, world: World) {
  const { query } = req;
  const found = findVm(world, query.instance_id as string);
  if (!found) return refusal(req.operation, 404, `No VM ${String(query.instance_id)}.`);
  const { vm } = found;
  const startMs = (vm.start_at ?? vm.created_at) * 1000;
  const total = written(world, startMs, vm.end_at === null ? null : vm.end_at * 1000);
  const { logIntervalMs: every, logBoundsInclusive: inclusive } = world.settings;
  // Bounds as a seqnum range [low, high]; whether the API's bounds are inclusive is undocumented (a setting).
  let low = 1;
  let high = total;
  const since = query.since_seqnum as number | undefined;
  const before = query.before_seqnum as number | undefined;
  if (since !== undefined) low = Math.max(low, inclusive ? Math.ceil(since) : Math.floor(since) + 1);
  if (before !== undefined) high = Math.min(high, inclusive ? Math.floor(before) : Math.ceil(before) - 1);
  const sinceTime = Date.parse(String(query.since_realtime_timestamp));
  const beforeTime = Date.parse(String(query.before_realtime_timestamp));
  if (query.since_realtime_timestamp !== undefined) {
    if (Number.isNaN(sinceTime)) return refusal(req.operation, 400, 'since_realtime_timestamp is not a time.');
    low = Math.max(low, Math.ceil((sinceTime - startMs + (inclusive ? 0 : 1)) / every) + 1);
  }
  if (query.before_realtime_timestamp !== undefined) {
    if (Number.isNaN(beforeTime)) return refusal(req.operation, 400, 'before_realtime_timestamp is not a time.');
    high = Math.min(high, Math.floor((beforeTime - startMs - (inclusive ? 0 : 1)) / every) + 1);
  }
  const limit = query.limit === undefined ? world.settings.logPageSize : Math.max(0, Math.floor(query.limit as number));
  const count = Math.max(0, Math.min(limit, high - low + 1));
  const descending = query.order_by === 'seqnum_desc';
  const data = Array.from({ length: count }, (_, i) => chunk(world, vm.id, startMs, descending ? high - i : low + i));
  return { status: 200, body: { data } };
}

/** Every VM of every node, as the legacy instance list shows them (its status capitalised, its cluster named after the zone). */
function instances(world: World) {
  const data = world.nodes.flatMap(({ node }) =>
    (node.vms?.data ?? []).map((vm) => ({
      id: vm.id,
      cluster_id: `clus_${vm.zone}`,
      current_status: vm.status.charAt(0).toUpperCase() + vm.status.slice(1),
      last_updated_at: new Date(vm.updated_at * 1000).toISOString(),
    })),
  );
  return { status: 200, body: { data } };
}

export const vmHandlers: HandlerTable = {
  listVmInstances: (_req, world) => instances(world),
  // Replacing works on a running VM, as a redeploy of its node keeping its image and script; any other VM is refused (no body, as documented).
  replaceVm: (req, world) => {
    const found = findVm(world, (req.body as { vm_id: string }).vm_id);
    if (!found) return refusal(req.operation, 404, 'No such VM.');
    if (found.vm.status !== 'running' || found.record.node.current_vm?.id !== found.vm.id) {
      return refusal(req.operation, 400, `VM ${found.vm.id} is not running.`);
    }
    const replacedBy = replaceVm(world, found.record).id;
    noteNode(world, req, 'node.redeployed', found.record.node);
    return { status: 200, body: { replaced: found.vm.id, replaced_by: replacedBy } };
  },
  getVmLogs: (req, world) => logs(req, world),
  getVmSsh: (req, world) => {
    const found = findVm(world, req.query.vm_id as string);
    if (!found) return refusal(req.operation, 404, 'No such VM.');
    const at = found.vm.start_at ?? found.vm.created_at;
    return {
      status: 200,
      body: {
        ssh_hostname: `${found.vm.id.toLowerCase().replace(/_/g, '-')}.vm.fake.sfcompute.test`,
        ssh_port: 22,
        ssh_host_keys: [
          { key_type: 'ssh-ed25519', base64_encoded_key: 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' },
        ],
        last_successful_key_update: at,
        last_attempted_key_update: at,
      },
    };
  },
  getVmScript: (req, world) =>
    world.script === undefined ? refusal(req.operation, 404, 'No script is stored.') : { status: 200, body: { script: world.script } },
  setVmScript: (req, world) => {
    world.script = (req.body as { script: typeof world.script }).script;
    return { status: 200, body: { script: world.script } };
  },
};
