// Properties of the fake API over random sequences of purchases, extensions, releases, top-ups,
// market price changes and clock steps (hour by hour, or one leap of up to two days), checked
// against an account kept by the test from what the calls answered, the prices it set and what
// the clock shows, never from the fake's own ledger:
// - money: the balance the fake reports never fell by more than the hours each node can have
//   held its node (from what the API shows of it and the clock) times its max price, no node held
//   an hour it had not paid, and no auto reserved node renewed at a price above its max price;
// - capacity: what the zone shows free, what a quote prices and what a purchase gets agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APIError, SFCompute, quoteForCreate, validators, type CreateNodesParams, type Node, type Zone } from '../../src/index.js';
import { createFakeSFCompute, type FakeSFCompute } from './checked-fake.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 1) / 1000;
/** The market price the fake opens with. */
const MARKET = 1000;
/** Max prices a create is sent with (16: dollars given where cents are meant); an extension's spec minimum is 200. */
const PRICES = [16, 500, 999, 1000, 1600];
const EXTEND_PRICES = [200, 999, 1000, 1600];
/** Market prices a test moves the fake to: under, at and over the max prices above. */
const MARKET_PRICES = [800, 1000, 1200, 1600, 1700];
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
  | { kind: 'auto'; count: number; startIn: number; price: number }
  | { kind: 'reserved'; count: number; hours: number; startIn: number; price: number }
  | { kind: 'extend'; i: number; hours: number; price: number }
  | { kind: 'release'; i: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'leap'; seconds: number }
  | { kind: 'market'; cents: number }
  | { kind: 'topUp'; cents: number };

const price = fc.constantFrom(...PRICES);
/** Each kind of action, drawn at random. */
const ACTIONS: { [K in Action['kind']]: fc.Arbitrary<Extract<Action, { kind: K }>> } = {
  auto: fc.record({
    kind: fc.constant('auto' as const),
    count: fc.integer({ min: 1, max: 3 }),
    startIn: fc.constantFrom(0, 0, 0.5, 2),
    price,
  }),
  reserved: fc.record({
    kind: fc.constant('reserved' as const),
    count: fc.integer({ min: 1, max: 3 }),
    hours: fc.integer({ min: 1, max: 4 }),
    startIn: fc.integer({ min: 0, max: 2 }),
    price,
  }),
  extend: fc.record({
    kind: fc.constant('extend' as const),
    i: fc.nat(),
    hours: fc.integer({ min: 1, max: 3 }),
    price: fc.constantFrom(...EXTEND_PRICES),
  }),
  release: fc.record({ kind: fc.constant('release' as const), i: fc.nat() }),
  advance: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 3 * HOUR }) }),
  leap: fc.record({ kind: fc.constant('leap' as const), seconds: fc.integer({ min: 1, max: 48 * HOUR }) }),
  market: fc.record({ kind: fc.constant('market' as const), cents: fc.constantFrom(...MARKET_PRICES) }),
  topUp: fc.record({ kind: fc.constant('topUp' as const), cents: fc.integer({ min: 0, max: 20_000 }) }),
};
/** A starting balance, a provisioning time and up to 30 actions of the given kinds. */
const planOf = (kinds: readonly Action['kind'][], leastBalance = 0) =>
  fc.record({
    balance: fc.integer({ min: leastBalance, max: 30_000 }),
    provisioningMs: fc.constantFrom(0, 60_000),
    actions: fc.array(fc.oneof(...kinds.map((k): fc.Arbitrary<Action> => ACTIONS[k])), { minLength: 1, maxLength: 30 }),
  });
const plan = planOf(Object.keys(ACTIONS) as Action['kind'][]);
/** Auto reserved nodes under a market that moves: money to renew, prices above and below their max price. */
const movingMarket = planOf(['auto', 'extend', 'advance', 'leap', 'market', 'topUp'], 5_000);

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
  // A released node keeps the time it paid for, which may start later (a release before its start_at).
  (n.status === 'released' && t >= (n.start_at ?? t) && typeof n.end_at === 'number' && t < n.end_at);
/** The free quantity at `t` in blocks the API showed (0 where no block covers it). */
const freeAt = (blocks: Zone['available_capacity'], t: number) =>
  blocks.find((b) => b.start_timestamp <= t && t < b.end_timestamp)?.quantity ?? 0;
/** The fewest free over [from, to): what is free changes only at the blocks' edges (after the last one, nothing is). */
const leastFree = (blocks: Zone['available_capacity'], from: number, to: number) => {
  const edges = blocks.flatMap((b) => [b.start_timestamp, b.end_timestamp]).filter((t) => t > from && t < to);
  return Math.min(freeAt(blocks, from), ...edges.map((t) => freeAt(blocks, t)));
};
const supplyAt = (t: number) => freeAt(SUPPLY, t);

/**
 * What the test knows from the calls: the money paid in; per node, the hours it was seen holding
 * its node, and the hours a create or an extension answered as bought ahead (a reservation's
 * span, an extension's duration up to the new end_at), each with the max price that call gave.
 */
interface Account {
  paidIn: number;
  seenHolding: Map<string, Set<number>>;
  boughtAhead: Map<string, Map<number, number>>;
  nodes: Node[];
  /** The market prices the test set, with the Unix second each was set at, oldest first (the opening price at -Infinity). */
  prices: { at: number; cents: number }[];
  /** Whether the clock leapt over hours without the test looking at each one. */
  leapt: boolean;
}

/** The market price now. */
const marketNow = (account: Account) => account.prices.at(-1)!.cents;
/**
 * The price an hourly renewal at boundary `h` paid: the last one set before the clock reached `h`
 * (one set at `h` itself was set after the clock arrived there, so after the renewal).
 */
const renewalPrice = (account: Account, h: number) => account.prices.filter((p) => p.at < h).at(-1)!.cents;

/**
 * The most a node can have cost, from what the API shows of it and the clock alone: each hour it
 * can have held its node (from the hour it was created in, or starts in, to its end_at, or through
 * the current hour while it may still renew; none while it waits for capacity) at its max price,
 * and each hour a call bought ahead at the max price that call gave (an extension has its own).
 */
function mostCost(run: Run, n: Node): number {
  const ahead = run.account.boughtAhead.get(n.id) ?? new Map<number, number>();
  let most = [...ahead.values()].reduce((sum, cents) => sum + cents, 0);
  if (n.status === 'awaitingcapacity') return most;
  // Not before it was created (a node without created_at: not before the run began, at T0).
  const from = Math.max(n.start_at ?? 0, n.created_at ?? T0);
  const live = n.status === 'running' || n.status === 'pending';
  const to = Math.max(typeof n.end_at === 'number' ? n.end_at : 0, live ? hourEnd(run.now()) : 0);
  for (const h of hoursOf(from, to)) if (!ahead.has(h)) most += n.max_price_per_node_hour ?? 0;
  return most;
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
  return new Set([...(run.account.seenHolding.get(n.id) ?? []), ...(run.account.boughtAhead.get(n.id)?.keys() ?? [])]);
}

function noteAhead(run: Run, id: string, from: number, to: number, maxPrice: number): void {
  const ahead = run.account.boughtAhead.get(id) ?? new Map<number, number>();
  for (const h of hoursOf(from, to)) ahead.set(h, maxPrice);
  run.account.boughtAhead.set(id, ahead);
}

async function checkMoney(run: Run): Promise<void> {
  const { account } = run;
  const nodes = await observe(run);
  const spent = account.paidIn - (await run.sfc.balances.get()).available_balance_cents;
  const most = nodes.reduce((sum, n) => sum + mostCost(run, n), 0);
  const held = nodes.reduce((sum, n) => sum + (account.seenHolding.get(n.id)?.size ?? 0), 0);
  const cheapest = Math.min(...account.prices.map((p) => p.cents));
  // Never more than the hours each node can have held at its max price; never an hour held unpaid.
  expect(spent).toBeLessThanOrEqual(most);
  expect(spent).toBeGreaterThanOrEqual(held * cheapest);
  // An auto reserved node seen holding two hours renewed at every boundary between them (bar
  // those an extension bought ahead), each time at a price no higher than its max price.
  for (const n of nodes.filter((n) => n.node_type === 'autoreserved')) {
    const seen = [...(account.seenHolding.get(n.id) ?? [])].sort((a, b) => a - b);
    const ahead = account.boughtAhead.get(n.id) ?? new Map<number, number>();
    for (let h = seen[0]! + HOUR; seen.length > 1 && h <= seen.at(-1)!; h += HOUR) {
      if (!ahead.has(h)) expect(renewalPrice(account, h)).toBeLessThanOrEqual(n.max_price_per_node_hour ?? 0);
    }
  }
  // While the price never moved and every hour was looked at: exactly the market price for every
  // hour bought, no node bought above its max price.
  if (account.leapt || account.prices.length > 1) return;
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
  const price = free * Math.ceil((end - now) / HOUR) * marketNow(run.account);
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
  const market = marketNow(account);
  if (a.kind === 'auto' || a.kind === 'reserved') {
    const reserved = a.kind === 'reserved';
    const startAt = now + a.startIn * HOUR;
    // What a node buys at once: a reservation its span, an auto reserved node the rest of the hour it starts in.
    const span: [number, number] = [startAt, reserved ? hourEnd(startAt) + (a.hours - 1) * HOUR : hourEnd(startAt)];
    const body = {
      desired_count: a.count,
      max_price_per_node_hour: a.price,
      zone: 'tight',
      ...(a.startIn > 0 ? { start_at: startAt } : {}),
      ...(reserved ? { node_type: 'reserved' as const, end_at: span[1] } : {}),
    };
    let created: Node[] = [];
    const code = await status(sfc.nodes.create(body).then((r) => (created = r.data)));
    // Bought ahead: a reservation; the first hour of an auto reserved node that starts later (one
    // that starts now is seen holding it; one that waits for capacity has bought nothing).
    for (const n of created) if (reserved || (a.startIn > 0 && n.status === 'pending')) noteAhead(run, n.id, ...span, a.price);
    if (blocks) {
      const room = leastFree(blocks, ...span);
      const cost = a.count * hoursOf(...span).length * market;
      const expected = a.price < market ? 400 : reserved && room < a.count ? 400 : cost > balance ? 402 : 0;
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
          .then((e) => noteAhead(run, n.id, e.end_at! - seconds, e.end_at!, a.price)),
      );
    }
  } else if (a.kind === 'market') {
    fake.pricePerNodeHourCents = a.cents;
    account.prices.push({ at: now, cents: a.cents });
  } else if (a.kind === 'leap') {
    // One step over many hours: what falls due on the way happens without the test looking.
    fake.advance(a.seconds * 1000);
    account.leapt = true;
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
  const account: Account = {
    paidIn: p.balance,
    seenHolding: new Map(),
    boughtAhead: new Map(),
    nodes: [],
    prices: [{ at: -Infinity, cents: MARKET }],
    leapt: false,
  };
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
      { numRuns: 150 },
    );
  }, 120_000);

  it('money, as the market moves: no auto reserved node renews above its max price, and the bounds above hold', async () => {
    await fc.assert(
      fc.asyncProperty(movingMarket, (p) => runPlan(p, 'money')),
      { numRuns: 150 },
    );
  }, 120_000);

  it('capacity: the zone, a quote and a purchase agree on what is free at every moment', async () => {
    await fc.assert(
      fc.asyncProperty(plan, (p) => runPlan(p, 'capacity')),
      { numRuns: 150 },
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
