// Properties of the fake API over random sequences of purchases, extensions, releases, top-ups
// and clock steps, checked against an account kept by the test from what the calls answered and
// what the clock shows, never from the fake's own ledger:
// - money: the balance the fake reports never fell by more than the hours each node held its
//   node times its max price, and no node held an hour it had not paid;
// - capacity: what the zone shows free, what a quote prices and what a purchase gets agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APIError, SFCompute, quoteForCreate, validators, type CreateNodesParams, type Node, type Zone } from '../../src/index.js';
import { createFakeSFCompute, type FakeSFCompute } from './checked-fake.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 1) / 1000;
const MARKET = 1000;
/** Max prices a create is sent with (16: dollars given where cents are meant); an extension's spec minimum is 200. */
const PRICES = [16, 500, 999, 1000, 1600];
const EXTEND_PRICES = [200, 999, 1000, 1600];
/** The zone's supply: 3 nodes for six hours, then 5 for two days. */
const SUPPLY = [
  { start_timestamp: T0, end_timestamp: T0 + 6 * HOUR, quantity: 3 },
  { start_timestamp: T0 + 6 * HOUR, end_timestamp: T0 + 48 * HOUR, quantity: 5 },
];
const ZONE: Zone = {
  object: 'zone',
  name: 'tight',
  available_capacity: SUPPLY,
  region: 'NorthAmerica',
  hardware_type: 'H100',
  interconnect_type: 'None',
  delivery_type: 'VM',
};

type Action =
  | { kind: 'auto'; count: number; price: number }
  | { kind: 'reserved'; count: number; hours: number; startIn: number; price: number }
  | { kind: 'extend'; i: number; hours: number; price: number }
  | { kind: 'release'; i: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'topUp'; cents: number };

const price = fc.constantFrom(...PRICES);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('auto' as const), count: fc.integer({ min: 1, max: 3 }), price }),
  fc.record({
    kind: fc.constant('reserved' as const),
    count: fc.integer({ min: 1, max: 3 }),
    hours: fc.integer({ min: 1, max: 4 }),
    startIn: fc.integer({ min: 0, max: 2 }),
    price,
  }),
  fc.record({
    kind: fc.constant('extend' as const),
    i: fc.nat(),
    hours: fc.integer({ min: 1, max: 3 }),
    price: fc.constantFrom(...EXTEND_PRICES),
  }),
  fc.record({ kind: fc.constant('release' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 3 * HOUR }) }),
  fc.record({ kind: fc.constant('topUp' as const), cents: fc.integer({ min: 0, max: 20_000 }) }),
);
const plan = fc.record({
  balance: fc.integer({ min: 0, max: 30_000 }),
  provisioningMs: fc.constantFrom(0, 60_000),
  actions: fc.array(action, { minLength: 1, maxLength: 30 }),
});

// The test's own reading of the rules, written apart from the fake's code.
const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
const hourEnd = (t: number) => hourOf(t) + HOUR;
/** The clock hours that [from, to) touches, by their start. */
const hoursOf = (from: number, to: number) => {
  const hours: number[] = [];
  for (let h = hourOf(from); h < to; h += HOUR) hours.push(h);
  return hours;
};
/** Whether a node holds a node of its zone at Unix second `t`, from what the API shows of it. */
const holds = (n: Node, t: number) =>
  n.status === 'running' ||
  (n.status === 'pending' && t >= (n.start_at ?? t)) ||
  (n.status === 'released' && typeof n.end_at === 'number' && t < n.end_at);
/** The free quantity at `t` in blocks the API showed (0 where no block covers it). */
const freeAt = (blocks: Zone['available_capacity'], t: number) =>
  blocks.find((b) => b.start_timestamp <= t && t < b.end_timestamp)?.quantity ?? 0;
/** The fewest free over [from, to): blocks change only at their edges. */
const leastFree = (blocks: Zone['available_capacity'], from: number, to: number) =>
  Math.min(freeAt(blocks, from), ...blocks.filter((b) => b.start_timestamp > from && b.start_timestamp < to).map((b) => b.quantity));
const supplyAt = (t: number) => freeAt(SUPPLY, t);

/**
 * What the test knows from the calls: the money paid in; per node, the hours it was seen holding
 * its node, and the hours a create or an extension answered as bought ahead (a reservation's
 * span, an extension's duration up to the new end_at).
 */
interface Account {
  paidIn: number;
  seenHolding: Map<string, Set<number>>;
  boughtAhead: Map<string, Set<number>>;
  nodes: Node[];
}

interface Run {
  fake: FakeSFCompute;
  sfc: SFCompute;
  account: Account;
  now: () => number;
}

async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (error) {
    if (error instanceof APIError) return error.status;
    throw error;
  }
}

/** Reads the nodes and notes which hour each one holds now. */
async function observe(run: Run): Promise<Node[]> {
  const nodes = (await run.sfc.nodes.list()).data;
  const now = run.now();
  for (const n of nodes) {
    const seen = run.account.seenHolding.get(n.id) ?? new Set<number>();
    if (holds(n, now)) seen.add(hourOf(now));
    run.account.seenHolding.set(n.id, seen);
  }
  run.account.nodes = nodes;
  return nodes;
}

/** Every hour a node has bought: those it was seen holding, and those it bought ahead. */
function boughtHours(run: Run, n: Node): Set<number> {
  return new Set([...(run.account.seenHolding.get(n.id) ?? []), ...(run.account.boughtAhead.get(n.id) ?? [])]);
}

function noteAhead(run: Run, id: string, from: number, to: number): void {
  const ahead = run.account.boughtAhead.get(id) ?? new Set<number>();
  for (const h of hoursOf(from, to)) ahead.add(h);
  run.account.boughtAhead.set(id, ahead);
}

async function checkMoney(run: Run): Promise<void> {
  const nodes = await observe(run);
  const spent = run.account.paidIn - (await run.sfc.balances.get()).available_balance_cents;
  const most = nodes.reduce((sum, n) => sum + boughtHours(run, n).size * (n.max_price_per_node_hour ?? 0), 0);
  const held = nodes.reduce((sum, n) => sum + (run.account.seenHolding.get(n.id)?.size ?? 0), 0);
  // Never more than the hours held at each node's max price; never an hour held unpaid.
  expect(spent).toBeLessThanOrEqual(most);
  expect(spent).toBeGreaterThanOrEqual(held * MARKET);
  // And exactly the market price for every hour bought, no node above its max price.
  expect(spent).toBe(nodes.reduce((sum, n) => sum + boughtHours(run, n).size, 0) * MARKET);
  for (const n of nodes) if (boughtHours(run, n).size > 0) expect(n.max_price_per_node_hour).toBeGreaterThanOrEqual(MARKET);
}

async function checkCapacity(run: Run): Promise<Zone['available_capacity']> {
  const nodes = await observe(run);
  const blocks = (await run.sfc.zones.get('tight')).available_capacity;
  const now = run.now();
  // What the zone shows free and what the nodes hold add up to its supply.
  expect(freeAt(blocks, now) + nodes.filter((n) => holds(n, now)).length).toBe(supplyAt(now));
  // A quote for an hour prices exactly as many nodes as the zone shows free over what a create
  // from now would buy: up to the first hour boundary an hour or more away, every started hour.
  const end = Math.ceil((now + HOUR) / HOUR) * HOUR;
  const free = leastFree(blocks, now, end);
  const quote = (quantity: number) =>
    run.sfc.quotes.get({ side: 'buy', quantity, instance_type: 'h100i', cluster: 'tight', duration: HOUR });
  const price = free * Math.ceil((end - now) / HOUR) * MARKET;
  if (free > 0) {
    const start_at = new Date(now * 1000).toISOString();
    expect((await quote(free)).quote).toMatchObject({ quantity: free, zone: 'tight', price, start_at });
  }
  expect(await quote(free + 1)).toMatchObject({ quote: null, no_quote_reason: 'no_availability' });
  return blocks;
}

/** Runs one action; with `blocks` (the zone just read), checks that the purchase got what the zone showed. */
async function perform(run: Run, a: Action, check: () => Promise<unknown>, blocks?: Zone['available_capacity']): Promise<void> {
  const { sfc, fake, account } = run;
  const now = run.now();
  const balance = fake.balanceCents;
  if (a.kind === 'auto' || a.kind === 'reserved') {
    const reserved = a.kind === 'reserved';
    const startAt = reserved ? now + a.startIn * HOUR : now;
    const endAt = reserved ? hourEnd(startAt) + (a.hours - 1) * HOUR : undefined;
    const body = {
      desired_count: a.count,
      max_price_per_node_hour: a.price,
      zone: 'tight',
      ...(reserved ? { node_type: 'reserved' as const, end_at: endAt!, ...(a.startIn > 0 ? { start_at: startAt } : {}) } : {}),
    };
    let created: Node[] = [];
    const code = await status(sfc.nodes.create(body).then((r) => (created = r.data)));
    if (reserved) for (const n of created) noteAhead(run, n.id, startAt, endAt!);
    if (blocks) {
      const span: [number, number] = reserved ? [startAt, endAt!] : [now, hourEnd(now)];
      const room = leastFree(blocks, ...span);
      const cost = a.count * hoursOf(...span).length * MARKET;
      const expected = a.price < MARKET ? 400 : reserved && room < a.count ? 400 : cost > balance ? 402 : 0;
      expect(code).toBe(expected);
      if (code === 0) {
        const waiting = created.filter((n) => n.status === 'awaitingcapacity').length;
        expect(waiting).toBe(reserved ? 0 : Math.max(0, a.count - room));
      }
    }
  } else if (a.kind === 'extend' || a.kind === 'release') {
    const nodes = account.nodes;
    if (nodes.length === 0) return;
    const n = nodes[a.i % nodes.length]!;
    if (a.kind === 'release') await status(sfc.nodes.release(n.id));
    else {
      const seconds = a.hours * HOUR;
      await status(
        sfc.nodes
          .extend(n.id, { duration_seconds: seconds, max_price_per_node_hour: a.price })
          .then((e) => noteAhead(run, n.id, e.end_at! - seconds, e.end_at!)),
      );
    }
  } else if (a.kind === 'topUp') {
    const before = (await sfc.balances.get()).available_balance_cents;
    fake.balanceCents = a.cents;
    account.paidIn += a.cents - before;
  } else {
    // Stop at every hour on the way, so that every hour a node holds is seen.
    const target = now + a.seconds;
    for (let t = hourEnd(now); t <= target; t = hourEnd(t)) {
      fake.advance((t - run.now()) * 1000);
      await check();
    }
    fake.advance((target - run.now()) * 1000);
  }
  await check();
}

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

async function runPlan(p: Plan, invariant: 'money' | 'capacity'): Promise<void> {
  const fake = createFakeSFCompute({ balanceCents: p.balance, zones: [ZONE], timing: { provisioningMs: p.provisioningMs } });
  const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
  const account: Account = { paidIn: p.balance, seenHolding: new Map(), boughtAhead: new Map(), nodes: [] };
  const run: Run = { fake, sfc, account, now: () => Math.floor(fake.now() / 1000) };
  const check = invariant === 'money' ? () => checkMoney(run) : () => checkCapacity(run);
  await check();
  for (const a of p.actions) {
    const blocks = invariant === 'capacity' ? (await sfc.zones.get('tight')).available_capacity : undefined;
    await perform(run, a, check, blocks);
  }
}

describe('fake API properties', () => {
  it('money: the balance never fell by more than each node’s hours at its max price, and no hour held went unpaid', async () => {
    await fc.assert(
      fc.asyncProperty(plan, (p) => runPlan(p, 'money')),
      { numRuns: 60 },
    );
  }, 120_000);

  it('capacity: the zone, a quote and a purchase agree on what is free at every moment', async () => {
    await fc.assert(
      fc.asyncProperty(plan, (p) => runPlan(p, 'capacity')),
      { numRuns: 60 },
    );
  }, 120_000);

  // What a quote for a create says is what that create then does: priced exactly when it
  // succeeds, at what it charges.
  const quoteMatchesCreate = async (c: QuoteCase) => {
    const fake = createFakeSFCompute({ balanceCents: 100_000, startTime: c.now * 1000, zones: c.zones.map(zoneOf) });
    const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
    for (const h of c.held) await status(sfc.nodes.create(h));
    const quote = await sfc.quotes.get(quoteForCreate(c.body, fake.clock));
    const before = fake.balanceCents;
    const created = await status(sfc.nodes.create(c.body));
    const charged = before - fake.balanceCents;
    expect({ priced: Boolean(quote.quote), created }).toEqual({ priced: created === 0, created: quote.quote ? 0 : created });
    if (quote.quote) expect(quote.quote.price).toBe(charged);
  };

  const H = (hours: number) => T0 + hours * HOUR;
  it.each<[string, QuoteCase]>([
    ['reserved 00:00→01:00, supply to 01:00', { now: H(0), zones: [[[H(0), H(1), 1]]], held: [], body: reservedBody(H(1)) }],
    [
      'auto reserved at 00:00, supply to 01:00',
      {
        now: H(0),
        zones: [[[H(0), H(1), 1]]],
        held: [],
        body: { desired_count: 1, max_price_per_node_hour: MARKET, node_type: 'autoreserved', zone: 'z0' },
      },
    ],
    ['reserved 00:30→02:00, supply to 02:00', { now: H(0.5), zones: [[[H(0), H(2), 1]]], held: [], body: reservedBody(H(2)) }],
    ['reserved 00:30→03:00, supply from 01:00', { now: H(0.5), zones: [[[H(1), H(4), 1]]], held: [], body: reservedBody(H(3)) }],
  ])('a quote for a create agrees with it: %s', async (_, c) => quoteMatchesCreate(c));

  it('a quote for a create is priced exactly when the create succeeds, at what it charges', async () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }));
    const zone = fc.array(block, { minLength: 1, maxLength: 3 }).map((bs) => {
      // Consecutive blocks of supply from hour `gap` on.
      let at = T0;
      return bs.map(([gap, hours, quantity]): Supply => {
        const start = at + gap * 1800;
        at = start + hours * HOUR;
        return [start, at, quantity];
      });
    });
    const quoteCase = fc
      .record({
        minutes: fc.integer({ min: 0, max: 180 }),
        zones: fc.array(zone, { minLength: 1, maxLength: 2 }),
        heldHours: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        count: fc.integer({ min: 1, max: 3 }),
        startIn: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        hours: fc.integer({ min: 1, max: 5 }),
        pinZone: fc.boolean(),
      })
      .map((r): QuoteCase => {
        const now = T0 + r.minutes * 60;
        const start = r.startIn === undefined ? now : hourOf(now) + r.startIn * HOUR;
        const body: CreateNodesParams = { ...reservedBody(hourOf(start) + r.hours * HOUR), desired_count: r.count };
        if (r.startIn !== undefined && start > now + 60) body.start_at = start;
        if (r.pinZone) body.zone = 'z0';
        const held = r.heldHours.map((h) => ({ ...reservedBody(hourOf(now) + h * HOUR), zone: 'z0' }));
        return { now, zones: r.zones, held, body };
      });
    await fc.assert(fc.asyncProperty(quoteCase, quoteMatchesCreate), { numRuns: 500 });
  }, 120_000);
});

/** A block of supply: [start, end, quantity]. */
type Supply = [number, number, number];
interface QuoteCase {
  now: number;
  /** Each zone's supply (zone `z<i>`). */
  zones: Supply[][];
  /** Reservations bought before the quote (they take room where there is some). */
  held: CreateNodesParams[];
  body: CreateNodesParams;
}
const reservedBody = (end: number): CreateNodesParams => ({
  desired_count: 1,
  max_price_per_node_hour: MARKET,
  node_type: 'reserved',
  end_at: end,
});
const zoneOf = (supply: Supply[], i: number): Zone => ({
  ...ZONE,
  name: `z${i}`,
  available_capacity: supply.map(([start, end, quantity]) => ({ start_timestamp: start, end_timestamp: end, quantity })),
});
