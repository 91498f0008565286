// The fake API's nodes: the lifecycle over the fake clock and the documented errors, through the
// real client (with response validation on, so every success body is checked against the spec).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, NotFoundError, PaymentRequiredError, UnprocessableEntityError } from '../../src/index.js';
import { fakeAndClient } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const HOUR = 3600;
/** 2026-01-01T00:00:00Z, the fake's default start, in Unix seconds. */
const T0 = Date.UTC(2026, 0, 1) / 1000;

const setup = fakeAndClient;

const autoreserved = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };
const reserved = (hours: number) => ({ ...autoreserved, node_type: 'reserved' as const, end_at: T0 + hours * HOUR });
/** A zone with `first` nodes free in its first hour and `later` nodes free after it. */
const tightZone = (first: number, later: number) => ({
  object: 'zone' as const,
  name: 'tight',
  available_capacity: [
    { start_timestamp: T0, end_timestamp: T0 + HOUR, quantity: first },
    { start_timestamp: T0 + HOUR, end_timestamp: T0 + 10 * HOUR, quantity: later },
  ],
  region: 'NorthAmerica' as const,
  hardware_type: 'H200' as const,
  interconnect_type: 'None' as const,
  delivery_type: 'VM' as const,
});

describe('fake API: node lifecycle', () => {
  it('creates pending nodes that run, with a VM, once the provisioning time has passed', async () => {
    const { fake, sfc } = setup();
    const { data } = await sfc.nodes.create({ ...autoreserved, desired_count: 2, names: ['a', 'b'] });
    expect(data.map((n) => [n.name, n.status, n.node_type, n.current_vm])).toEqual([
      ['a', 'pending', 'autoreserved', null],
      ['b', 'pending', 'autoreserved', null],
    ]);
    fake.advance(59_000);
    expect((await sfc.nodes.get('a')).status).toBe('pending');
    fake.advance(1_000);
    const running = await sfc.nodes.waitFor('a', { timeoutMs: 1_000 });
    expect(running.status).toBe('running');
    expect(running.current_vm).toMatchObject({ status: 'running', start_at: T0 + 60, zone: 'hayesvalley' });
    expect(running.vms?.data).toHaveLength(1);
  });

  it('runs a node at once with provisioningMs 0, and not before a start_at in the future', async () => {
    const { fake, sfc } = setup({ timing: { provisioningMs: 0 } });
    const [now] = (await sfc.nodes.create(reserved(2))).data;
    expect(now!.status).toBe('running');
    const [later] = (await sfc.nodes.create({ ...reserved(3), start_at: T0 + HOUR })).data;
    expect(later!.status).toBe('pending');
    fake.advance(HOUR * 1000);
    expect(fake.nodes.find((n) => n.id === later!.id)!.status).toBe('running');
  });

  it('terminates a reserved node at its end_at and destroys its VM', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    fake.advance(2 * HOUR * 1000);
    const ended = await sfc.nodes.get(node!.id);
    expect(ended.status).toBe('terminated');
    expect(ended.current_vm).toMatchObject({ status: 'destroyed', end_at: T0 + HOUR });
  });

  it('extends a reserved node: end_at moves by the duration and the balance pays for it', async () => {
    const { fake, sfc } = setup({ balanceCents: 10_000 });
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    expect(fake.balanceCents).toBe(9_000);
    fake.advance(60_000);
    const extended = await sfc.nodes.extend(node!.id, { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 });
    expect(extended.end_at).toBe(T0 + 3 * HOUR);
    expect(extended.current_vm?.end_at).toBe(T0 + 3 * HOUR);
    expect(fake.balanceCents).toBe(7_000);
  });

  it.each([
    ['a price under the market', { pricePerNodeHourCents: 1500 }, 1000, UnprocessableEntityError, 'duration_seconds'],
    ['a balance that cannot pay', { balanceCents: 1_000 }, 1000, PaymentRequiredError, undefined],
  ])('refuses an extension at %s', async (_, options, price, ErrorClass, field) => {
    const { fake, sfc } = setup(options);
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    const before = fake.balanceCents;
    const error = await rejectionOf(sfc.nodes.extend(node!.id, { duration_seconds: HOUR, max_price_per_node_hour: price }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as UnprocessableEntityError).details?.[0]?.field).toBe(field);
    expect(fake.nodes[0]!.end_at).toBe(T0 + HOUR);
    expect(fake.balanceCents).toBe(before);
  });

  it('refuses with 422 an extension the zone has no capacity for over the new span (another node bought it), and takes no money', async () => {
    const { fake, sfc } = setup({ zones: [tightZone(2, 1)], timing: { provisioningMs: 0 } });
    const [short] = (await sfc.nodes.create({ ...reserved(1), zone: 'tight' })).data;
    await sfc.nodes.create({ ...reserved(2), zone: 'tight' });
    const balance = fake.balanceCents;
    const error = await rejectionOf(sfc.nodes.extend(short!.id, { duration_seconds: HOUR, max_price_per_node_hour: 1000 }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).body).toMatchObject({ error: { details: [{ code: 'insufficient_capacity' }] } });
    expect(fake.balanceCents).toBe(balance);
  });

  it('extends when the zone has room over the new span, and not past its last block of capacity', async () => {
    const { sfc } = setup({ zones: [tightZone(2, 1)], timing: { provisioningMs: 0 } });
    const [node] = (await sfc.nodes.create({ ...reserved(1), zone: 'tight' })).data;
    expect((await sfc.nodes.extend(node!.id, { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 })).end_at).toBe(T0 + 3 * HOUR);
    const error = await rejectionOf(sfc.nodes.extend(node!.id, { duration_seconds: 8 * HOUR, max_price_per_node_hour: 1000 }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
  });

  it('extends an auto reserved node past the hour it paid; it renews past that end until released, then ends there', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(autoreserved)).data;
    fake.advance(10 * 60_000);
    expect((await sfc.nodes.extend(node!.id, { duration_seconds: HOUR, max_price_per_node_hour: 1000 })).end_at).toBe(T0 + 2 * HOUR);
    fake.advance(3 * HOUR * 1000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('running');
    const released = await sfc.nodes.release(node!.id);
    expect(released).toMatchObject({ status: 'released', end_at: T0 + 4 * HOUR });
  });

  it('keeps an extension bought before a release', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(autoreserved)).data;
    await sfc.nodes.extend(node!.id, { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 });
    expect((await sfc.nodes.release(node!.id)).end_at).toBe(T0 + 3 * HOUR);
    fake.advance(3 * HOUR * 1000 - 1000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('released');
    fake.advance(1000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('terminated');
  });

  it('answers 402 to a create the balance cannot pay, and buys nothing', async () => {
    const { fake, sfc } = setup({ balanceCents: 1_999 });
    expect(await rejectionOf(sfc.nodes.create(reserved(2)))).toBeInstanceOf(PaymentRequiredError);
    expect(fake.nodes).toEqual([]);
    expect(fake.balanceCents).toBe(1_999);
  });

  it('redeploys: the old VM is destroyed and kept in vms, the new one inherits the image unless override_empty', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create({ ...reserved(4), image_id: 'vmi_1234567890abcdef' })).data;
    fake.advance(60_000);
    const first = (await sfc.nodes.get(node!.id)).current_vm!;
    expect(first.image_id).toBe('vmi_1234567890abcdef');
    fake.advance(1_000);
    const again = await sfc.nodes.redeploy(node!.id);
    expect(again.vms?.data.map((v) => [v.id === first.id, v.status, v.image_id])).toEqual([
      [true, 'destroyed', 'vmi_1234567890abcdef'],
      [false, 'running', 'vmi_1234567890abcdef'],
    ]);
    expect(again.current_vm!.id).not.toBe(first.id);
    const cleared = await sfc.nodes.redeploy(node!.id, { override_empty: true });
    expect(cleared.current_vm!.image_id).toBeNull();
    expect(cleared.vms?.data).toHaveLength(3);
  });

  it('refuses to redeploy a pending node with 422', async () => {
    const { sfc } = setup();
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    const error = await rejectionOf(sfc.nodes.redeploy(node!.id));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as Error).message).toContain('pending');
  });

  it('releases an auto reserved node: released until the paid hour ends, then terminated; twice is 409', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(autoreserved)).data;
    fake.advance(10 * 60_000);
    const released = await sfc.nodes.release(node!.id);
    expect(released).toMatchObject({ status: 'released', end_at: T0 + HOUR });
    expect(await rejectionOf(sfc.nodes.release(node!.id))).toBeInstanceOf(ConflictError);
    fake.advance(HOUR * 1000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('terminated');
    expect(fake.requests.find((r) => r.operation === 'releaseNode')?.body).toEqual({});
  });

  it('refuses to release a reserved node with 400', async () => {
    const { sfc } = setup();
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    expect(await rejectionOf(sfc.nodes.release(node!.id))).toBeInstanceOf(BadRequestError);
  });

  it('refuses to delete a node whose VM is active, and deletes it once it has ended', async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(reserved(1))).data;
    fake.advance(60_000);
    expect(await rejectionOf(sfc.nodes.delete(node!.id))).toBeInstanceOf(BadRequestError);
    fake.advance(HOUR * 1000);
    await sfc.nodes.delete(node!.id);
    expect(fake.nodes[0]).toMatchObject({ status: 'deleted', deleted_at: T0 + HOUR + 60 });
  });

  it('finds nodes by ID or name and answers 404 for neither', async () => {
    const { sfc } = setup({ nodes: [{ id: 'n_seeded', name: 'seeded', node_type: 'reserved', end_at: T0 + HOUR }] });
    expect((await sfc.nodes.get('seeded')).id).toBe('n_seeded');
    expect((await sfc.nodes.get('n_seeded')).current_vm?.status).toBe('running');
    const error = await rejectionOf(sfc.nodes.get('n_missing'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('n_missing');
  });

  it('runs a node seeded as pending after the provisioning time, as a created one', async () => {
    const { fake, sfc } = setup({ nodes: [{ id: 'n_seeded', status: 'pending' }] });
    expect((await sfc.nodes.get('n_seeded')).status).toBe('pending');
    fake.advance(59_000);
    expect((await sfc.nodes.get('n_seeded')).status).toBe('pending');
    fake.advance(1_000);
    expect(await sfc.nodes.get('n_seeded')).toMatchObject({ status: 'running', current_vm: { start_at: T0 + 60 } });
  });

  it('finds by name the node that is not deleted when a deleted node had the name before', async () => {
    const { fake, sfc } = setup({ timing: { provisioningMs: 0 } });
    const [old] = (await sfc.nodes.create({ ...reserved(1), names: ['gpu-a'] })).data;
    fake.advance(HOUR * 1000);
    await sfc.nodes.delete('gpu-a');
    expect((await sfc.nodes.get('gpu-a')).id).toBe(old!.id);
    const [fresh] = (await sfc.nodes.create({ ...autoreserved, names: ['gpu-a'] })).data;
    expect((await sfc.nodes.get('gpu-a')).id).toBe(fresh!.id);
    expect((await sfc.nodes.release('gpu-a')).id).toBe(fresh!.id);
  });

  it('waits for capacity: a zone without room gives awaitingcapacity until its next block of capacity starts', async () => {
    const zone = {
      object: 'zone',
      name: 'tight',
      available_capacity: [
        { start_timestamp: T0, end_timestamp: T0 + HOUR, quantity: 0 },
        { start_timestamp: T0 + HOUR, end_timestamp: T0 + 10 * HOUR, quantity: 1 },
      ],
      region: 'NorthAmerica' as const,
      hardware_type: 'H200' as const,
      interconnect_type: 'None' as const,
      delivery_type: 'VM' as const,
    };
    const { fake, sfc } = setup({ zones: [zone] });
    const [node] = (await sfc.nodes.create({ ...autoreserved, zone: 'tight' })).data;
    expect(node).toMatchObject({ status: 'awaitingcapacity', gpu_type: 'H200' });
    fake.advance(HOUR * 1000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('pending');
    fake.advance(60_000);
    expect((await sfc.nodes.get(node!.id)).status).toBe('running');
  });

  it('runs a node waiting for capacity that starts within one big step (3 h at once, capacity from +1 h)', async () => {
    const { fake, sfc } = setup({ zones: [tightZone(0, 1)] });
    const [node] = (await sfc.nodes.create({ ...autoreserved, zone: 'tight' })).data;
    fake.advance(3 * HOUR * 1000);
    expect(await sfc.nodes.get(node!.id)).toMatchObject({ status: 'running', current_vm: { start_at: T0 + HOUR + 60 } });
  });

  it('ends in the same state whether the clock takes one big step or many small ones', async () => {
    const plan = fc.record({
      first: fc.integer({ min: 0, max: 2 }),
      later: fc.integer({ min: 0, max: 3 }),
      nodes: fc.array(fc.record({ hours: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), release: fc.boolean() }), {
        minLength: 1,
        maxLength: 5,
      }),
      steps: fc.array(fc.integer({ min: 1, max: 2 * HOUR }), { minLength: 1, maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ first, later, nodes, steps }) => {
        const run = async (stepsMs: number[]) => {
          const { fake, sfc } = setup({ zones: [tightZone(first, later)] });
          for (const { hours, release } of nodes) {
            const body = hours === undefined ? autoreserved : { ...reserved(hours), node_type: 'reserved' as const };
            const result = await sfc.nodes.create({ ...body, zone: 'tight' }).catch(() => undefined);
            if (result && release && hours === undefined) await sfc.nodes.release(result.data[0]!.id);
          }
          for (const ms of stepsMs) fake.advance(ms);
          return fake.nodes;
        };
        const total = steps.reduce((a, b) => a + b, 0) * 1000;
        expect(await run(steps.map((s) => s * 1000))).toEqual(await run([total]));
      }),
      { numRuns: 60 },
    );
  });

  it('lists with one filter and refuses two (sent through sfc.raw, which does not check)', async () => {
    const { sfc } = setup({ timing: { provisioningMs: 0 } });
    await sfc.nodes.create({ ...autoreserved, names: ['x'] });
    await sfc.nodes.create({ ...reserved(1), names: ['y'] });
    expect((await sfc.nodes.list({ type: 'reserved' })).data.map((n) => n.name)).toEqual(['y']);
    expect((await sfc.nodes.list({ name: ['x', 'y'] })).data.map((n) => n.name)).toEqual(['x', 'y']);
    const { error, response } = await sfc.raw.GET('/v1/nodes', { params: { query: { name: ['x'], type: 'reserved' } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('refuses names already in use and more names than nodes', async () => {
    const { sfc } = setup();
    await sfc.nodes.create({ ...autoreserved, names: ['taken'] });
    const taken = await rejectionOf(sfc.nodes.create({ ...autoreserved, names: ['taken'] }));
    expect((taken as BadRequestError).details?.[0]).toMatchObject({ field: 'names', code: 'duplicate_name' });
    expect(await rejectionOf(sfc.nodes.create({ ...autoreserved, names: ['p', 'q'] }))).toBeInstanceOf(BadRequestError);
  });
});
