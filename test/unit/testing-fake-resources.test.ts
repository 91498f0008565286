// The fake API's procurements, zones, images and VMs, through the real client with response
// validation on.
import { describe, expect, it } from 'vitest';
import {
  APIError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  SFCompute,
  UnprocessableEntityError,
  validators,
} from '../../src/index.js';
import { createFakeSFCompute, type FakeSFComputeOptions, fakeAndClient } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const WORKSPACE = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';
const T0 = Date.UTC(2026, 0, 1) / 1000;

const setup = fakeAndClient;

const procurement = (capacity: string, name?: string) => ({
  capacity,
  target: 'node_count' as const,
  min_sell_price_dollars_per_node_hour: '1.000000',
  max_buy_price_dollars_per_node_hour: '2.500000',
  managed_window_minutes: 120,
  ...(name === undefined ? {} : { name }),
});

describe('fake API: procurements', () => {
  it('creates one per capacity, with prices on the $0.000060 grid; a second on the capacity is 409, a taken name 400', async () => {
    const { sfc } = setup();
    const created = await sfc.procurements.create(procurement('cap_k3R-nX9vLm7Qp2Yw5Jd8F', 'train'));
    expect(created).toMatchObject({
      name: 'train',
      resource_path: 'sfc:procurement:acme:prod:train',
      capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
      max_buy_price_dollars_per_node_hour: '2.500020',
      enabled: true,
      created_at: T0,
    });
    expect(await rejectionOf(sfc.procurements.create(procurement('cap_k3R-nX9vLm7Qp2Yw5Jd8F')))).toBeInstanceOf(ConflictError);
    const duplicate = await rejectionOf(sfc.procurements.create(procurement('cap_other', 'train')));
    expect((duplicate as BadRequestError).details?.[0]).toMatchObject({ field: 'name', code: 'duplicate_name' });
  });

  it('gets by ID or resource path, expands the capacity on request, updates and deletes', async () => {
    const { fake, sfc } = setup();
    const { id } = await sfc.procurements.create(procurement('cap_k3R-nX9vLm7Qp2Yw5Jd8F', 'train'));
    expect((await sfc.procurements.get('sfc:procurement:acme:prod:train')).id).toBe(id);
    expect((await sfc.procurements.get(id, { expand: ['capacity'] })).capacity).toEqual({
      id: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
      name: 'my-capacity',
    });
    fake.advance(5_000);
    const updated = await sfc.procurements.update(id, { name: 'serve', enabled: false, managed_window_minutes: null });
    expect(updated).toMatchObject({ name: 'serve', enabled: false, managed_window_minutes: 120, updated_at: T0 + 5 });
    expect(updated.resource_path).toBe('sfc:procurement:acme:prod:serve');
    await sfc.procurements.delete(id);
    expect(await rejectionOf(sfc.procurements.get(id))).toBeInstanceOf(NotFoundError);
    expect(fake.procurements).toEqual([]);
  });

  it('refuses to update a procurement with a fixed target (the update page documents node_count only)', async () => {
    const { sfc } = setup({ procurements: [{ name: 'fixed', target: 4 }] });
    const [fixed] = (await sfc.procurements.list({ workspace: WORKSPACE })).data;
    expect(await rejectionOf(sfc.procurements.update(fixed!.id, { enabled: false }))).toBeInstanceOf(UnprocessableEntityError);
  });

  it('pages with cursors forwards (listAll) and backwards, and keeps other workspaces empty', async () => {
    const { sfc } = setup({ procurements: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })) });
    const names: string[] = [];
    for await (const p of sfc.procurements.listAll({ workspace: WORKSPACE, limit: 2 })) names.push(p.name);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    const first = await sfc.procurements.list({ workspace: WORKSPACE, limit: 2 });
    expect([first.has_more, first.cursor]).toEqual([true, 'procc_2']);
    const last = await sfc.procurements.list({ workspace: 'sfc:workspace:acme:prod', limit: 2, starting_after: 'procc_4' });
    expect([last.data.map((p) => p.name), last.has_more]).toEqual([['e'], false]);
    const back = await sfc.procurements.list({ workspace: WORKSPACE, limit: 2, ending_before: 'procc_4' });
    expect([back.data.map((p) => p.name), back.has_more, back.cursor]).toEqual([['b', 'c'], true, 'procc_2']);
    expect((await sfc.procurements.list({ workspace: 'wksp_someoneElse' })).data).toEqual([]);
  });
});

describe('fake API: zones and images', () => {
  it('lists and gets zones by name; an unknown zone is 404', async () => {
    const { sfc } = setup();
    expect((await sfc.zones.list()).data.map((z) => z.name)).toEqual(['hayesvalley']);
    expect((await sfc.zones.get('hayesvalley')).available_capacity[0]).toEqual({
      start_timestamp: T0,
      end_timestamp: T0 + 90 * 86_400,
      quantity: 32,
    });
    expect(await rejectionOf(sfc.zones.get('atlantis'))).toBeInstanceOf(NotFoundError);
  });

  it('gives an hour-long download link for a completed image, 409 for one still uploading, 404 for none', async () => {
    const uploading = { object: 'image' as const, image_id: 'vmi_new', name: 'new', upload_status: 'uploading', created_at: T0 };
    const { fake, sfc } = setup({ images: [...createFakeSFCompute().images, uploading] });
    fake.advance(60_000);
    expect(await sfc.images.get('vmi_1234567890abcdef')).toMatchObject({ expires_at: '2026-01-01T01:01:00Z', name: 'cuda-12-base' });
    expect(((await rejectionOf(sfc.images.get('vmi_new'))) as APIError).status).toBe(409);
    expect(((await rejectionOf(sfc.images.get('vmi_none'))) as APIError).status).toBe(404);
    expect((await sfc.images.list()).data.map((i) => i.image_id)).toEqual(['vmi_1234567890abcdef', 'vmi_new']);
  });

  it('gives a download link for timing.imageLinkMs when set', async () => {
    const { sfc } = setup({ timing: { imageLinkMs: 600_000 } });
    expect((await sfc.images.get('vmi_1234567890abcdef')).expires_at).toBe('2026-01-01T00:10:00Z');
  });
});

describe('fake API: VMs', () => {
  async function runningVm(options: FakeSFComputeOptions = {}) {
    const { fake, sfc } = setup({ timing: { provisioningMs: 0, logIntervalMs: 1_000 }, ...options });
    const [node] = (await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' })).data;
    return { fake, sfc, vm: node!.current_vm!.id };
  }

  it('writes a log line when the VM starts and one per interval after, read by seqnum either way', async () => {
    const { fake, sfc, vm } = await runningVm();
    expect((await sfc.vms.logs({ instance_id: vm, order_by: 'seqnum_asc' })).data.map((c) => c.seqnum)).toEqual([1]);
    fake.advance(4_000);
    const all = await sfc.vms.logs({ instance_id: vm, order_by: 'seqnum_asc' });
    expect(all.data.map((c) => c.seqnum)).toEqual([1, 2, 3, 4, 5]);
    expect(new TextDecoder().decode(new Uint8Array(all.data[0]!.data))).toBe(`booted ${vm}\n`);
    expect(all.data[2]).toMatchObject({ realtime_timestamp: '2026-01-01T00:00:02.000Z', monotonic_timestamp_sec: 2 });
    const page = await sfc.vms.logs({ instance_id: vm, order_by: 'seqnum_desc', since_seqnum: 2, limit: 2 });
    expect(page.data.map((c) => c.seqnum)).toEqual([5, 4]);
    const bounded = await sfc.vms.logs({ instance_id: vm, order_by: 'seqnum_asc', since_seqnum: 2, before_seqnum: 5 });
    expect(bounded.data.map((c) => c.seqnum)).toEqual([3, 4]);
  });

  it('includes the bounds when told to', async () => {
    const { fake, sfc, vm } = await runningVm({ logs: { inclusiveBounds: true } });
    fake.advance(4_000);
    const bounded = await sfc.vms.logs({ instance_id: vm, order_by: 'seqnum_asc', since_seqnum: 2, before_seqnum: 4 });
    expect(bounded.data.map((c) => c.seqnum)).toEqual([2, 3, 4]);
  });

  it('feeds followLogs the lines the clock has produced', async () => {
    const { fake, sfc, vm } = await runningVm({ logs: { line: (_, n) => `line ${n}` } });
    fake.advance(2_000);
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of sfc.vms.followLogs(vm, { signal: controller.signal, intervalMs: 1 })) {
      lines.push(line);
      if (lines.length === 3) controller.abort();
    }
    expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('feeds followLogs page by page when since_seqnum includes its bound and a page holds one chunk', async () => {
    const { fake, vm } = await runningVm({ logs: { inclusiveBounds: true, line: (_, n) => `line ${n}` } });
    fake.advance(2_000);
    // The fake answers in-process: a client that asks again at once without progress never lets
    // a timer or an abort run, so the guard fails the call instead of hanging the test.
    let requests = 0;
    const guarded: typeof fetch = (input, init) =>
      ++requests > 50 ? Promise.reject(new Error('more than 50 requests for 3 lines')) : fake.fetch(input, init);
    const sfc = new SFCompute({ apiKey: 'test-key', fetch: guarded, validators, validateResponses: true, maxRetries: 0 });
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of sfc.vms.followLogs(vm, { signal: controller.signal, pageSize: 1, intervalMs: 1 })) {
      lines.push(line);
      if (lines.length === 3) controller.abort();
    }
    expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
    expect(requests).toBeLessThanOrEqual(5);
  });

  it('answers ssh for a known VM and 404 for an unknown one; the script is 404 until set', async () => {
    const { sfc, vm } = await runningVm();
    expect(await sfc.vms.ssh(vm)).toMatchObject({ ssh_port: 22, last_successful_key_update: T0 });
    expect(((await rejectionOf(sfc.vms.ssh('vm_unknown'))) as APIError).status).toBe(404);
    expect(((await rejectionOf(sfc.vms.getScript())) as APIError).status).toBe(404);
    await sfc.vms.setScript([104, 105]);
    expect(await sfc.vms.getScript()).toEqual({ script: [104, 105] });
  });
});
