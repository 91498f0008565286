// The fake API tells the truth about money: a create pays the market price only up to the buyer's
// maximum, an auto reserved node is paid hour by hour for as long as it holds its node, and when
// the balance cannot pay the next hour the node ends with the hour it paid.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/index.js';
import { fakeAndClient } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 1) / 1000;

const setup = fakeAndClient;

const auto = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };

describe('fake API: the buyer’s maximum price', () => {
  it.each([
    ['auto reserved', {}],
    ['reserved', { node_type: 'reserved' as const, end_at: T0 + 2 * HOUR }],
  ])('refuses a %s create whose max price is below the market (dollars given for cents), and takes nothing', async (_, kind) => {
    const { fake, sfc } = setup({ balanceCents: 10_000 });
    const error = await rejectionOf(sfc.nodes.create({ ...auto, ...kind, max_price_per_node_hour: 16 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).details?.[0]).toMatchObject({ field: 'max_price_per_node_hour', code: 'bid_price_too_low' });
    expect((error as BadRequestError).message).toContain('1000');
    expect([fake.nodes, fake.balanceCents]).toEqual([[], 10_000]);
  });

  it('buys at the market price when the max price reaches it', async () => {
    const { fake, sfc } = setup({ balanceCents: 10_000 });
    await sfc.nodes.create({ ...auto, max_price_per_node_hour: 1000 });
    expect(fake.balanceCents).toBe(9_000);
  });
});

describe('fake API: auto reserved nodes pay hour by hour', () => {
  it('charges every hour the node holds, at the start of the hour', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    await sfc.nodes.create(auto);
    expect(fake.balanceCents).toBe(99_000);
    fake.advance(HOUR * 1000 - 1000);
    expect(fake.balanceCents).toBe(99_000);
    fake.advance(1000);
    expect(fake.balanceCents).toBe(98_000);
    fake.advance(4 * HOUR * 1000);
    expect(fake.balanceCents).toBe(94_000); // five more hours than the first
    const renewals = (await sfc.transactions.list({ limit: 10 })).data.filter((t) => t.details.type === 'buy_order');
    expect(renewals.map((t) => [t.amount_cents, t.transaction_time])).toEqual([5, 4, 3, 2, 1, 0].map((h) => [-1000, T0 + h * HOUR]));
  });

  it('stops paying once released: the paid hour is kept, nothing after it', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    const [node] = (await sfc.nodes.create(auto)).data;
    fake.advance(90 * 60_000);
    await sfc.nodes.release(node!.id);
    fake.advance(5 * HOUR * 1000);
    expect(fake.balanceCents).toBe(98_000);
    expect(fake.nodes[0]).toMatchObject({ status: 'terminated', end_at: T0 + 2 * HOUR });
  });

  it('ends the node with the hour it paid when the balance cannot pay the next one', async () => {
    const { fake, sfc } = setup({ balanceCents: 2_500 });
    const [node] = (await sfc.nodes.create(auto)).data;
    fake.advance(5 * HOUR * 1000);
    expect(fake.balanceCents).toBe(500);
    const ended = await sfc.nodes.get(node!.id);
    expect(ended).toMatchObject({ status: 'terminated', end_at: T0 + 2 * HOUR });
    expect(ended.current_vm).toMatchObject({ status: 'destroyed', end_at: T0 + 2 * HOUR });
  });

  it('renews a seeded auto reserved node too, and ends one whose max price is below the market', () => {
    const { fake } = setup({
      balanceCents: 10_000,
      nodes: [
        { id: 'n_paid', node_type: 'autoreserved' },
        { id: 'n_cheap', node_type: 'autoreserved', max_price_per_node_hour: 500 },
      ],
    });
    fake.advance(2 * HOUR * 1000);
    expect(fake.balanceCents).toBe(8_000);
    expect(fake.nodes.map((n) => [n.id, n.status])).toEqual([
      ['n_paid', 'running'],
      ['n_cheap', 'terminated'],
    ]);
  });
});

describe('fake API: an auto reserved node that starts later', () => {
  it('pays nothing before its start_at: its first hour is the one it starts in, then it renews hourly from there', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    const [node] = (await sfc.nodes.create({ ...auto, start_at: T0 + 3 * HOUR })).data;
    expect(fake.balanceCents).toBe(99_000);
    expect(fake.zones[0]?.available_capacity).toEqual([
      { start_timestamp: T0, end_timestamp: T0 + 3 * HOUR, quantity: 32 },
      { start_timestamp: T0 + 3 * HOUR, end_timestamp: T0 + 4 * HOUR, quantity: 31 },
      expect.objectContaining({ start_timestamp: T0 + 4 * HOUR, quantity: 32 }),
    ]);
    fake.advance(4 * HOUR * 1000 - 1000);
    expect([fake.balanceCents, fake.nodes[0]?.status]).toEqual([99_000, 'running']);
    fake.advance(1000);
    expect(fake.balanceCents).toBe(98_000);
    const buys = (await sfc.transactions.list({ limit: 10 })).data.filter((t) => t.details.type === 'buy_order');
    expect(buys.map((t) => t.transaction_time)).toEqual([T0 + 4 * HOUR, T0]);
    expect(await sfc.nodes.get(node!.id)).toMatchObject({ status: 'running', start_at: T0 + 3 * HOUR });
  });

  it('seeded pending with a later start_at, it renews from the end of the hour it starts in, not before', async () => {
    const { fake, sfc } = setup({
      balanceCents: 100_000,
      nodes: [{ id: 'n_later', node_type: 'autoreserved', status: 'pending', start_at: T0 + 5 * HOUR, max_price_per_node_hour: 1000 }],
    });
    fake.advance(6 * HOUR * 1000 - 1000);
    expect([fake.balanceCents, fake.nodes[0]?.status]).toEqual([100_000, 'running']);
    fake.advance(1000);
    expect(fake.balanceCents).toBe(99_000);
    const buys = (await sfc.transactions.list({ limit: 10 })).data.filter((t) => t.details.type === 'buy_order');
    expect(buys.map((t) => t.transaction_time)).toEqual([T0 + 6 * HOUR]);
  });

  it('starting in the middle of an hour, pays that hour whole and renews on the next hour', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    await sfc.nodes.create({ ...auto, start_at: T0 + 2 * HOUR + 1800 });
    fake.advance(3 * HOUR * 1000 - 1000);
    expect(fake.balanceCents).toBe(99_000);
    fake.advance(1000);
    expect(fake.balanceCents).toBe(98_000);
  });
});

describe('fake API: a market price that moves', () => {
  it('renews at the new price, and ends a node whose max price the market passes with the hour it paid', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    const [node] = (await sfc.nodes.create(auto)).data;
    fake.pricePerNodeHourCents = 1200;
    fake.advance(HOUR * 1000);
    expect(fake.balanceCents).toBe(100_000 - 1000 - 1200);
    fake.pricePerNodeHourCents = 1601;
    fake.advance(HOUR * 1000);
    expect(fake.balanceCents).toBe(100_000 - 1000 - 1200);
    expect(await sfc.nodes.get(node!.id)).toMatchObject({ status: 'terminated', end_at: T0 + 2 * HOUR });
  });

  it('prices quotes and refuses bids at the new price', async () => {
    const { fake, sfc } = setup({ balanceCents: 100_000 });
    fake.pricePerNodeHourCents = 1700;
    const error = await rejectionOf(sfc.nodes.create(auto));
    expect((error as BadRequestError).details?.[0]).toMatchObject({ field: 'max_price_per_node_hour', code: 'bid_price_too_low' });
    const quote = await sfc.quotes.get({
      side: 'buy',
      quantity: 1,
      instance_type: 'h100i',
      min_start_date: 'NOW',
      max_start_date: 'NOW',
      duration: HOUR,
    });
    expect(quote.quote?.price).toBe(1700);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s as a market price, and keeps the old one', (cents) => {
    const { fake } = setup({});
    expect(() => (fake.pricePerNodeHourCents = cents)).toThrow(
      new RangeError(`pricePerNodeHourCents must be a whole number, 0 or more (got ${cents})`),
    );
    expect(fake.pricePerNodeHourCents).toBe(1000);
  });
});
