// The fake API tells the truth about capacity: nodes bought are taken from what zones show free,
// a quote answers no_availability when the zone has no room, and a purchase the zone has no room
// for is refused or waits, without being charged.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/index.js';
import { fakeAndClient } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 1) / 1000;
const DAYS_90 = T0 + 90 * 86_400;

const setup = fakeAndClient;

const auto = (count: number) => ({ desired_count: count, max_price_per_node_hour: 1600, zone: 'hayesvalley' });
const reserved = (count: number, hours: number) => ({ ...auto(count), node_type: 'reserved' as const, end_at: T0 + hours * HOUR });
const quote = { side: 'buy' as const, quantity: 1, instance_type: 'h100i', duration: HOUR };

describe('fake API: capacity held by nodes', () => {
  it('shows a node bought as taken from the zone, for the time it was paid', async () => {
    const { sfc } = setup();
    await sfc.nodes.create(reserved(1, 3));
    expect((await sfc.zones.get('hayesvalley')).available_capacity).toEqual([
      { start_timestamp: T0, end_timestamp: T0 + 3 * HOUR, quantity: 31 },
      { start_timestamp: T0 + 3 * HOUR, end_timestamp: DAYS_90, quantity: 32 },
    ]);
  });

  it('with all 32 nodes bought: the zone shows none free, a quote has no availability, another create is refused and not charged', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create(reserved(32, 2));
    const balance = fake.balanceCents;
    expect((await sfc.zones.list()).data[0]!.available_capacity[0]).toEqual({
      start_timestamp: T0,
      end_timestamp: T0 + 2 * HOUR,
      quantity: 0,
    });
    expect(await sfc.quotes.get(quote)).toMatchObject({ quote: null, no_quote_reason: 'no_availability' });
    const error = await rejectionOf(sfc.nodes.create(reserved(1, 1)));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).details?.[0]).toMatchObject({ code: 'insufficient_capacity' });
    expect([fake.nodes.length, fake.balanceCents]).toEqual([32, balance]);
  });

  it('lets an auto reserved node wait for capacity unpaid, and pays its first hour when it gets a node', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create(reserved(32, 2));
    const balance = fake.balanceCents;
    const [waiting] = (await sfc.nodes.create(auto(1))).data;
    expect(waiting!.status).toBe('awaitingcapacity');
    fake.advance(HOUR * 1000);
    expect([fake.nodes.at(-1)!.status, fake.balanceCents]).toEqual(['awaitingcapacity', balance]);
    fake.advance(HOUR * 1000);
    expect([fake.nodes.at(-1)!.status, fake.balanceCents]).toEqual(['pending', balance - 1000]);
  });

  it('prices a quote again once the nodes holding the zone have ended', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create(reserved(32, 1));
    expect((await sfc.quotes.get(quote)).quote).toBeNull();
    fake.advance(HOUR * 1000);
    expect((await sfc.quotes.get(quote)).quote).toMatchObject({ quantity: 1, zone: 'hayesvalley' });
  });
});
