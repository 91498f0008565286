// What a procurement buys in the fake API, through the client with response validation on: an
// enabled one with a fixed target holds that many nodes of its capacity's zone in every hour block
// of its window, paying for each block through the ledger (buy orders, events), taking the room
// from zones, quotes and node purchases; it buys the next blocks on every hour, nothing under the
// market price or without the balance, and nothing more once deleted or disabled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  SFCompute,
  UnprocessableEntityError,
  validators,
  type AccountEvent,
  type CreateProcurementParams,
  type Transaction,
} from '../../src/index.js';
import { agendaOf } from '../../src/testing/fake/handlers.js';
import { restate } from '../../src/testing/fake/procurement-orders.js';
import { openingCredit } from '../../src/testing/ledger.js';
import { seed } from '../../src/testing/seed.js';
import { type FakeSettings, emptyWorld } from '../../src/testing/state.js';
import { worstCase } from '../../src/validation/money-guards.js';
import { createFakeSFCompute, type FakeSFCompute, type FakeSFComputeOptions, fakeAndClient } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 1) / 1000;
const END = T0 + 90 * 86_400;
const CAPACITY = 'cap_k3R-nX9vLm7Qp2Yw5Jd8F';
const WORKSPACE = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';
const at = (hours: number) => T0 + hours * HOUR;

const setup = fakeAndClient;

/** A procurement on the fake's capacity: `target` nodes over a window of `minutes`, at up to $10.000020 a node-hour. */
const procurement = (target: CreateProcurementParams['target'], minutes: number, over: Partial<CreateProcurementParams> = {}) => ({
  capacity: CAPACITY,
  target,
  min_sell_price_dollars_per_node_hour: '1.000000',
  max_buy_price_dollars_per_node_hour: '10.000000',
  managed_window_minutes: minutes,
  ...over,
});

async function buyOrders(sfc: SFCompute): Promise<Transaction[]> {
  const seen: Transaction[] = [];
  for await (const t of sfc.transactions.listAll({ transaction_type: 'buy_order' })) seen.push(t);
  return seen.reverse();
}

async function orderEvents(sfc: SFCompute): Promise<AccountEvent[]> {
  const seen: AccountEvent[] = [];
  for await (const e of sfc.events.listAll({ action: 'order.created' })) seen.push(e);
  return seen;
}

/** The buy orders as [amount, hours after T0]. */
const orders = async (sfc: SFCompute) => (await buyOrders(sfc)).map((t) => [t.amount_cents, (t.transaction_time - T0) / HOUR]);

const freeOf = async (sfc: SFCompute) =>
  (await sfc.zones.get('hayesvalley')).available_capacity.map((b) => [
    (b.start_timestamp - T0) / HOUR,
    (b.end_timestamp - T0) / HOUR,
    b.quantity,
  ]);

describe('fake API: an enabled procurement buys its window', () => {
  it('holds its target in every hour block of its window, paid through the ledger, taken from the zone', async () => {
    const { fake, sfc } = setup();
    fake.advance(30 * 60_000); // 00:30: the hour running is bought from now, and charged whole
    const made = await sfc.procurements.create(procurement(3, 180));
    // 00:00 (begun), 01:00 and 02:00 (begins at most 120 minutes from now): 3 blocks × 3 nodes × $10.
    expect(fake.balanceCents).toBe(1_000_000 - 9000);
    expect(await orders(sfc)).toEqual([
      [-3000, 0.5],
      [-3000, 0.5],
      [-3000, 0.5],
    ]);
    expect(made.status).toEqual({ state: 'info', message: 'Holding 3 of 3 nodes.' });
    const events = await orderEvents(sfc);
    const ids = (await buyOrders(sfc)).map((t) => (t.details as { order_id: string }).order_id);
    expect(events.map((e) => [e.actor.type, e.targets, e.context])).toEqual(
      ids.map((id) => [
        'token',
        [
          { type: 'order', id },
          { type: 'procurement', id: made.id },
        ],
        { workspace: WORKSPACE, zone: 'hayesvalley' },
      ]),
    );
    expect(await freeOf(sfc)).toEqual([
      [0.5, 3, 29],
      [3, END / HOUR - T0 / HOUR, 32],
    ]);
    expect(fake.zones[0]!.available_capacity[0]!.quantity).toBe(29);
  });

  it('leaves what it holds out of quotes and node purchases', async () => {
    const { fake, sfc } = setup();
    await sfc.procurements.create(procurement(30, 120)); // 00:00 and 01:00: 30 of the 32 nodes
    const quote = (quantity: number) => sfc.quotes.get({ side: 'buy', quantity, instance_type: 'h100i', duration: HOUR });
    expect(await quote(3)).toMatchObject({ quote: null, no_quote_reason: 'no_availability' });
    expect((await quote(2)).quote).toMatchObject({ quantity: 2, price: 2000 });
    const balance = fake.balanceCents;
    const reserve = (count: number) =>
      sfc.nodes.create({ desired_count: count, max_price_per_node_hour: 1000, zone: 'hayesvalley', node_type: 'reserved', end_at: at(2) });
    expect(await rejectionOf(reserve(3))).toBeInstanceOf(BadRequestError);
    expect(fake.balanceCents).toBe(balance);
    await reserve(2);
    expect(await freeOf(sfc)).toEqual([
      [0, 2, 0],
      [2, END / HOUR - T0 / HOUR, 32],
    ]);
    // From 02:00 its hourly round finds the zone free again.
    fake.advance(2 * HOUR * 1000);
    expect((await sfc.procurements.list({ workspace: WORKSPACE })).data[0]!.status.message).toBe('Holding 30 of 30 nodes.');
  });

  it('buys the next block on every hour, in order, whether the clock moves in one step or many', async () => {
    const run = async (steps: number[]) => {
      const { fake, sfc } = setup();
      await sfc.procurements.create(procurement(2, 120));
      for (const ms of steps) fake.advance(ms);
      return { fake, sfc, orders: await orders(sfc), events: (await orderEvents(sfc)).map((e) => [e.actor.type, e.occurred_at - T0]) };
    };
    const one = await run([3.5 * HOUR * 1000]);
    const many = await run(Array.from({ length: 7 }, () => 0.5 * HOUR * 1000));
    // At creation 00:00 and 01:00; then 02:00 on the hour 01:00, 03:00 at 02:00, 04:00 at 03:00.
    expect(one.orders).toEqual([
      [-2000, 0],
      [-2000, 0],
      [-2000, 1],
      [-2000, 2],
      [-2000, 3],
    ]);
    expect(one.events).toEqual([
      ['token', 0],
      ['token', 0],
      ['system', HOUR],
      ['system', 2 * HOUR],
      ['system', 3 * HOUR],
    ]);
    expect(many.orders).toEqual(one.orders);
    expect(many.events).toEqual(one.events);
    expect(one.fake.balanceCents).toBe(1_000_000 - 10_000);
    expect(await freeOf(one.sfc)).toEqual([
      [3.5, 5, 30],
      [5, END / HOUR - T0 / HOUR, 32],
    ]);
  });

  it('takes its turn with auto reserved nodes on the hour: a node that renews first keeps its node, the procurement buys what is left', async () => {
    const zone = { ...createFakeSFCompute().zones[0]!, available_capacity: [{ start_timestamp: T0, end_timestamp: at(24), quantity: 2 }] };
    const run = async (steps: number[]) => {
      const { fake, sfc } = setup({ zones: [zone] });
      const [node] = (await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' })).data;
      await sfc.procurements.create(procurement(2, 60)); // 00:00: one node left for it
      for (const ms of steps) fake.advance(ms);
      const p = (await sfc.procurements.list({ workspace: WORKSPACE })).data[0]!;
      return { status: (await sfc.nodes.get(node!.id)).status, orders: await orders(sfc), message: p.status.message };
    };
    const one = await run([2.5 * HOUR * 1000]);
    // Each hour the node renews first (1000), then the procurement buys the one node left (1000).
    expect(one.orders).toEqual([
      [-1000, 0],
      [-1000, 0],
      [-1000, 1],
      [-1000, 1],
      [-1000, 2],
      [-1000, 2],
    ]);
    expect(one.status).toBe('running');
    expect(one.message).toBe(
      'Holding 1 of 2 nodes. Its last round left 1 of the 1 hour blocks of its window short: zone hayesvalley had no room for them.',
    );
    expect(await run(Array.from({ length: 10 }, () => 0.25 * HOUR * 1000))).toEqual(one);
  });
});

describe('fake API: what a procurement does not buy', () => {
  it.each([
    ['9.999970', 0, 'its max buy price, $9.999960 per node-hour, was under the market price, $10.000000'],
    ['0.160000', 0, 'its max buy price, $0.160020 per node-hour, was under the market price, $10.000000'],
    ['9.999990', 2000, undefined], // on the grid: 10.000020, over the market price
  ])('at a max buy price of $%s it pays %i cents', async (price, paid, why) => {
    const { fake, sfc } = setup();
    const made = await sfc.procurements.create(procurement(1, 120, { max_buy_price_dollars_per_node_hour: price }));
    fake.advance(3 * HOUR * 1000);
    expect(1_000_000 - fake.balanceCents).toBe(paid + (paid > 0 ? 3000 : 0));
    if (why) {
      expect(made.status.message).toBe(`Holding 0 of 1 node. Its last round left 2 of the 2 hour blocks of its window short: ${why}.`);
      expect(await orders(sfc)).toEqual([]);
      expect(fake.zones[0]!.available_capacity).toEqual([{ start_timestamp: at(3), end_timestamp: END, quantity: 32 }]);
    }
  });

  it('when the market price falls to its max buy price, buys from the next hour; its status tells the price its last round met', async () => {
    const { fake, sfc } = setup({ pricePerNodeHourCents: 1200 });
    const made = await sfc.procurements.create(procurement(1, 120));
    const why = 'its max buy price, $10.000020 per node-hour, was under the market price, $12.000000';
    expect(made.status.message).toBe(`Holding 0 of 1 node. Its last round left 2 of the 2 hour blocks of its window short: ${why}.`);
    fake.pricePerNodeHourCents = 1000;
    fake.advance(30 * 60_000);
    expect(await orders(sfc)).toEqual([]);
    expect((await sfc.procurements.get(made.id)).status.message).toContain(why);
    fake.advance(30 * 60_000);
    // 01:00: the blocks 01:00 and 02:00, at the new price.
    expect(await orders(sfc)).toEqual([
      [-1000, 1],
      [-1000, 1],
    ]);
    expect((await sfc.procurements.get(made.id)).status.message).toBe('Holding 1 of 1 node.');
    // Over its max buy price again: what it bought stays, and the next hour is not bought.
    fake.pricePerNodeHourCents = 1001;
    fake.advance(HOUR * 1000);
    expect((await orders(sfc)).length).toBe(2);
    expect((await sfc.procurements.get(made.id)).status.message).toBe(
      'Holding 1 of 1 node. Its last round left 1 of the 2 hour blocks of its window short: its max buy price, $10.000020 per node-hour, was under the market price, $10.010000.',
    );
  });

  it('buys nothing while the balance cannot pay, and buys on the next hour once it can', async () => {
    const { fake, sfc } = setup({ balanceCents: 0 });
    const made = await sfc.procurements.create(procurement(2, 120));
    expect(made.status.message).toBe(
      'Holding 0 of 2 nodes. Its last round left 2 of the 2 hour blocks of its window short: the balance could not pay for them.',
    );
    expect(fake.zones[0]!.available_capacity[0]!.quantity).toBe(32);
    fake.balanceCents = 3000; // enough for one block of two nodes
    fake.advance(30 * 60_000);
    expect(await orders(sfc)).toEqual([]); // no round before the hour
    fake.advance(30 * 60_000);
    // 01:00: the block 01:00 is bought, 02:00 is not (1000 cents left).
    expect(await orders(sfc)).toEqual([[-2000, 1]]);
    expect(fake.balanceCents).toBe(1000);
    expect((await sfc.procurements.get(made.id)).status.message).toBe(
      'Holding 2 of 2 nodes. Its last round left 1 of the 2 hour blocks of its window short: the balance could not pay for them.',
    );
  });

  it('buys only where its zone has room, as many nodes as fit', async () => {
    const zone = { ...createFakeSFCompute().zones[0]!, available_capacity: [{ start_timestamp: T0, end_timestamp: at(1), quantity: 2 }] };
    const { fake, sfc } = setup({ zones: [zone] });
    const made = await sfc.procurements.create(procurement(3, 120));
    expect(await orders(sfc)).toEqual([[-2000, 0]]);
    expect(made.status.message).toBe(
      'Holding 2 of 3 nodes. Its last round left 2 of the 2 hour blocks of its window short: zone hayesvalley had no room for them.',
    );
    expect(fake.zones[0]!.available_capacity).toEqual([{ start_timestamp: T0, end_timestamp: at(1), quantity: 0 }]);
  });

  it('with a node_count target tracks the fake’s nodes, which are on no capacity: it buys nothing, and says so', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create({ desired_count: 2, max_price_per_node_hour: 1000, zone: 'hayesvalley' });
    const made = await sfc.procurements.create(procurement('node_count', 240));
    fake.advance(3 * HOUR * 1000);
    expect((await buyOrders(sfc)).length).toBe(1 + 2 * 3); // the nodes' first hour, then each one's renewals: no more
    expect((await sfc.procurements.get(made.id)).status.message).toBe(
      "Tracking the node count of the capacity: the fake's nodes are on no capacity, so it tracks 0 nodes and buys nothing.",
    );
  });

  it('created disabled, or seeded disabled, buys nothing, while an enabled one beside it buys', async () => {
    const { fake, sfc } = setup({
      procurements: [{ name: 'seeded', target: 2, enabled: false, max_buy_price_dollars_per_node_hour: '20.000000' }],
    });
    const made = await sfc.procurements.create(procurement(2, 120, { capacity: 'cap_other', enabled: false }));
    const enabled = await sfc.procurements.create(procurement(1, 60, { capacity: 'cap_third', name: 'enabled' }));
    fake.advance(2 * HOUR * 1000);
    const buyers = (await orderEvents(sfc)).map((e) => e.targets.find((t) => t.type === 'procurement')?.id);
    expect(buyers).toEqual([enabled.id, enabled.id, enabled.id]);
    expect((await sfc.procurements.get(made.id)).status.message).toBe('Disabled: no orders are standing.');
    expect(fake.procurements.map((p) => p.status.message)).toEqual([
      'Disabled: no orders are standing.',
      'Disabled: no orders are standing.',
      'Holding 1 of 1 node.',
    ]);
  });

  it('deleted, buys no more; what it bought stays held and paid until it ends', async () => {
    const { fake, sfc } = setup();
    const made = await sfc.procurements.create(procurement(2, 180)); // 00:00, 01:00, 02:00
    fake.advance(HOUR * 1000); // 01:00: 03:00 bought
    await sfc.procurements.delete(made.id);
    expect(await freeOf(sfc)).toEqual([
      [1, 4, 30],
      [4, END / HOUR - T0 / HOUR, 32],
    ]);
    const balance = fake.balanceCents;
    fake.advance(5 * HOUR * 1000);
    expect(fake.balanceCents).toBe(balance);
    expect(await orders(sfc)).toEqual([
      [-2000, 0],
      [-2000, 0],
      [-2000, 0],
      [-2000, 1],
    ]);
  });

  it('deleted: a new procurement on the same capacity counts what the capacity still holds and buys only what is missing', async () => {
    const { fake, sfc } = setup();
    const first = await sfc.procurements.create(procurement(3, 180)); // 00:00 to 03:00, 3 nodes
    await sfc.procurements.delete(first.id);
    const second = await sfc.procurements.create(procurement(2, 240, { name: 'second' })); // 00:00 to 04:00, 2 nodes
    expect(await orders(sfc)).toEqual([
      [-3000, 0],
      [-3000, 0],
      [-3000, 0],
      [-2000, 0],
    ]);
    expect(second.status.message).toBe('Holding 3 of 2 nodes.');
    expect(await freeOf(sfc)).toEqual([
      [0, 3, 29],
      [3, 4, 30],
      [4, END / HOUR - T0 / HOUR, 32],
    ]);
    expect(fake.balanceCents).toBe(1_000_000 - 11_000);
  });

  it('a procurement with a fixed target cannot be updated (the fake answers 422): delete it to stop its buying', async () => {
    const { fake, sfc } = setup();
    const made = await sfc.procurements.create(procurement(1, 60));
    expect(await rejectionOf(sfc.procurements.update(made.id, { enabled: false }))).toBeInstanceOf(UnprocessableEntityError);
    fake.advance(HOUR * 1000);
    expect(await orders(sfc)).toEqual([
      [-1000, 0],
      [-1000, 1],
    ]);
  });
});

describe('fake API: a procurement disabled after buying', () => {
  // The fake's update refuses fixed targets (422), so no request can disable one that buys; the
  // clock's rule is checked on the fake's own state instead.
  it('buys no more on the hour; what it bought stays held and paid', () => {
    const settings = { pricePerNodeHourCents: 1000, provisioningMs: 60_000, owner: 'acme', workspace: 'prod', workspaceId: WORKSPACE };
    const world = emptyWorld(T0 * 1000, settings as FakeSettings, agendaOf);
    openingCredit(world, 100_000);
    seed(world, { procurements: [{ target: 2, managed_window_minutes: 120, max_buy_price_dollars_per_node_hour: '10.000000' }] });
    world.clock.advance(HOUR * 1000); // 01:00: 02:00 bought
    expect(world.balanceCents).toBe(98_000);
    const [record] = world.procurements;
    record!.procurement.enabled = false;
    restate(world, record!);
    expect(record!.procurement.status.message).toBe('Disabled: no orders are standing. Its capacity still holds 2 nodes bought before.');
    const held = () => world.capacityBlocks.map((b) => [(b.hour - T0) / HOUR, b.nodes]);
    expect(held()).toEqual([
      [1, 2],
      [2, 2],
    ]);
    world.clock.advance(HOUR * 1000);
    expect(held()).toEqual([[2, 2]]);
    world.clock.advance(3 * HOUR * 1000);
    expect(world.balanceCents).toBe(98_000);
    expect(held()).toEqual([]);
    expect(record!.procurement.status.message).toBe('Disabled: no orders are standing.');
  });
});

describe('fake API: seeded procurements and capacities', () => {
  it('a seeded enabled procurement holds its window from the start as bought before, then pays from the next hour', async () => {
    const { fake, sfc } = setup({
      procurements: [{ name: 'seeded', target: 2, managed_window_minutes: 120, max_buy_price_dollars_per_node_hour: '10.000000' }],
    });
    expect(fake.balanceCents).toBe(1_000_000);
    expect(await freeOf(sfc)).toEqual([
      [0, 2, 30],
      [2, END / HOUR - T0 / HOUR, 32],
    ]);
    expect(fake.procurements[0]!.status.message).toBe('Holding 2 of 2 nodes.');
    fake.advance(HOUR * 1000);
    expect(await orders(sfc)).toEqual([[-2000, 1]]);
  });

  it('a capacity’s zone decides where its procurement buys; the default is the first zone', async () => {
    const first = createFakeSFCompute().zones[0]!;
    const zones = [first, { ...first, name: 'richmond', display_name: 'Richmond' }];
    const { fake, sfc } = setup({
      zones,
      capacities: [
        { id: 'cap_rich1', name: 'rich', zone: 'richmond' },
        { id: 'cap_plain', name: 'plain' },
      ],
    });
    await sfc.procurements.create(procurement(4, 60, { capacity: 'cap_rich1' }));
    await sfc.procurements.create(procurement(1, 60, { capacity: 'cap_plain' }));
    expect(fake.zones.map((z) => [z.name, z.available_capacity[0]!.quantity])).toEqual([
      ['hayesvalley', 31],
      ['richmond', 28],
    ]);
  });

  it('refuses a capacity in a zone the fake does not have', () => {
    const options: FakeSFComputeOptions = { capacities: [{ id: 'cap_x', name: 'x', zone: 'nowhere' }] };
    expect(() => createFakeSFCompute(options)).toThrow(
      /capacity cap_x is in zone nowhere, which is not one of the fake's zones \(hayesvalley\)/,
    );
  });
});

describe('fake API: a procurement create never costs more than the client’s worst case', () => {
  it('charges at most target × window hours × max buy price, the worst case maxCallCostCents counts', async () => {
    const body = fc.record({
      target: fc.integer({ min: 0, max: 6 }),
      minutes: fc.integer({ min: 60, max: 1440 }),
      micros: fc.integer({ min: 0, max: 20_000_000 }),
      market: fc.constantFrom(1, 999, 1000, 1600),
      offset: fc.integer({ min: 0, max: HOUR - 1 }),
    });
    await fc.assert(
      fc.asyncProperty(body, async ({ target, minutes, micros, market, offset }) => {
        const fake: FakeSFCompute = createFakeSFCompute({ startTime: (T0 + offset) * 1000, pricePerNodeHourCents: market });
        const create = procurement(target, minutes, { max_buy_price_dollars_per_node_hour: (micros / 1e6).toFixed(6) });
        const worst = worstCase('createProcurement', create, fake.now());
        if (!('cents' in worst)) throw new Error(`no worst case: ${JSON.stringify(worst)}`);
        // Under a limit of exactly its worst case, the client sends it.
        const sfc = new SFCompute({
          apiKey: 'k',
          fetch: fake.fetch,
          validators,
          validateResponses: true,
          maxCallCostCents: Number(worst.cents),
        });
        await sfc.procurements.create(create);
        const charged = 1_000_000 - fake.balanceCents;
        expect(BigInt(charged)).toBeLessThanOrEqual(worst.cents);
        // And it does buy: at least the hour running, when its bid reaches the market price.
        const bid = Math.floor((Math.round(micros / 60) * 60) / 10_000);
        expect(charged).toBeGreaterThanOrEqual(bid >= market ? target * market : 0);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
