// Properties of the fake API over random sequences of purchases, extensions, releases, top-ups,
// market price changes, procurements created, updated, deleted and replaced on their capacity,
// and clock steps (hour by hour, or one leap of up to two days), checked against an account kept
// by the test from what the calls answered, the prices it set and what the clock shows, never
// from the fake's own ledger:
// - money: the balance the fake reports never fell by more than the hours each node can have
//   held its node (from what the API shows of it and the clock) times its max price, plus, for
//   each capacity, the largest target of its procurements in every hour block their windows
//   covered while on, times their max buy price; no node or procurement held an hour it had not
//   paid, and no auto reserved node renewed at a price above its max price;
// - capacity: what the zone shows free, what a quote prices and what a purchase (of nodes or of a
//   procurement's blocks) gets agree;
// - buying: while the clock never leapt, every create of a procurement and every hourly round
//   buys exactly what the test works out from the rules (what each capacity lacks of its target,
//   where the zone has room, while the balance pays) and the balance and the zone move by exactly that.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APIError,
  SFCompute,
  quoteForCreate,
  validators,
  type CreateNodesParams,
  type Node,
  type Procurement,
  type Zone,
} from '../../src/index.js';
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
/**
 * Procurements on two capacities of the zone; max buy prices under, at and over the market prices
 * (0.16: dollars for cents), most of them at or over the opening price so that most buy.
 */
const CAPACITIES = ['cap_tight1', 'cap_tight2'];
const BUYING_PRICES = ['10.000000', '16.000000', '20.000000'];
const LOW_PRICES = ['0.160000', '9.999970'];
type Procure = { capacity: number; target: number | 'node_count'; price: string; minutes: number; enabled: boolean };
type ProcurementAction =
  | ({ kind: 'procure' } & Procure)
  | ({ kind: 'replaceProcurement'; i: number } & Procure)
  | { kind: 'updateProcurement'; i: number; enabled: boolean; minutes: number }
  | { kind: 'deleteProcurement'; i: number };
/** A create's fields: mostly an enabled fixed target of 1 to 3 nodes (the zone holds 3, then 5) at a max buy price that buys. */
const procure = {
  capacity: fc.integer({ min: 0, max: CAPACITIES.length - 1 }),
  target: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 6 },
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.constant('node_count' as const), weight: 1 },
  ),
  price: fc.oneof({ arbitrary: fc.constantFrom(...BUYING_PRICES), weight: 4 }, { arbitrary: fc.constantFrom(...LOW_PRICES), weight: 1 }),
  minutes: fc.constantFrom(60, 90, 120, 180, 300),
  enabled: fc.constantFrom(true, true, true, true, false),
};
const procurementAction: fc.Arbitrary<ProcurementAction> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('procure' as const), ...procure }), weight: 3 },
  // A delete, then a create on the capacity the deleted one had: the blocks it bought stay with the capacity.
  { arbitrary: fc.record({ kind: fc.constant('replaceProcurement' as const), i: fc.nat(), ...procure }), weight: 2 },
  fc.record({
    kind: fc.constant('updateProcurement' as const),
    i: fc.nat(),
    enabled: fc.boolean(),
    minutes: fc.constantFrom(60, 120, 240),
  }),
  fc.record({ kind: fc.constant('deleteProcurement' as const), i: fc.nat() }),
);
/**
 * A starting balance (half the time one that runs out soon, half the time one that lets
 * procurements buy for hours), a provisioning time and up to 20 actions of the given kinds (hour
 * by hour steps three times as often as each other kind), and procurement actions (as often as
 * six kinds): fast-check's `medium` size draws up to 20 where `small` drew up to 10, so that
 * procurements live across hours and the hourly rounds are checked while the clock never leapt.
 */
const planOf = (kinds: readonly Action['kind'][], leastBalance = 0) => {
  const choices: fc.MaybeWeightedArbitrary<Action | ProcurementAction>[] = [
    ...kinds.map((k): fc.MaybeWeightedArbitrary<Action> => ({ arbitrary: ACTIONS[k], weight: k === 'advance' ? 3 : 1 })),
    { arbitrary: procurementAction, weight: 6 },
  ];
  return fc.record({
    balance: fc.oneof(fc.integer({ min: leastBalance, max: 30_000 }), fc.integer({ min: 30_000, max: 150_000 })),
    provisioningMs: fc.constantFrom(0, 60_000),
    actions: fc.array(fc.oneof(...choices), { minLength: 1, maxLength: 20, size: 'medium' }),
  });
};
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
/** A span of the zone that nodes take in a step the test works out. */
interface Take {
  from: number;
  to: number;
  nodes: number;
}
/** The nodes `takes` take at `t`. */
const takenAt = (takes: readonly Take[], t: number) => takes.reduce((n, k) => (k.from <= t && t < k.to ? n + k.nodes : n), 0);
/**
 * The fewest free over [from, to) in blocks the API showed, less what `takes` take since: what is
 * free changes only at the blocks' and the takes' edges (after the last block, nothing is).
 */
const leastFree = (blocks: Zone['available_capacity'], from: number, to: number, takes: readonly Take[] = []) => {
  const edges = [...blocks.flatMap((b) => [b.start_timestamp, b.end_timestamp]), ...takes.flatMap((k) => [k.from, k.to])];
  const points = [from, ...edges.filter((t) => t > from && t < to)];
  return Math.min(...points.map((t) => freeAt(blocks, t) - takenAt(takes, t)));
};
const supplyAt = (t: number) => freeAt(SUPPLY, t);
/**
 * The last second whose hour block a procurement's window covers at `t`, as the docs put it:
 * orders are whole hours, and the furthest is secured up to `minutes - 60` minutes before it begins.
 */
const windowEnd = (t: number, minutes: number) => t + (minutes - 60) * 60;
/** The hour blocks a procurement's window covers at `t`. */
const windowHours = (t: number, minutes: number) => hoursOf(t, windowEnd(t, minutes) + 1);
/** A dollar string with six decimals, in millionths of a dollar. */
const micros = (dollars: string) => Number(dollars.replace('.', ''));

/**
 * What the test knows from the calls: the money paid in; per node, the hours it was seen holding
 * its node, and the hours a create or an extension answered as bought ahead (a reservation's
 * span, an extension's duration up to the new end_at), each with the max price that call gave;
 * the procurements created, and how many nodes procurements were seen holding in each hour.
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
  procurements: ProcurementSeen[];
  /** Per clock hour, the most nodes seen held in it by procurements: what the zone's supply leaves after the free and the nodes' holds. */
  procurementHeld: Map<number, number>;
  /**
   * Per capacity, the nodes it holds in each hour block, as the test worked out every round of
   * buying (blocks belong to the capacity, whichever of its procurements bought them); known only
   * while the clock never leapt.
   */
  capacityHeld: Map<string, Map<number, number>>;
}

/**
 * A procurement as the test knows it from the calls: what its create answered, and the hour
 * blocks its window covered while it was on (from `since`, the last time the test looked while it
 * was on, the window moving with the clock).
 */
interface ProcurementSeen {
  id: string;
  capacity: string;
  target: number | 'node_count';
  /** Its max buy price as the create answered it (on the API's grid), in millionths of a dollar. */
  micros: number;
  minutes: number;
  enabled: boolean;
  deleted: boolean;
  since: number;
  covered: Set<number>;
}

/** Whether a procurement may buy at a market price of `cents`: a fixed target, and a max buy price that reaches it. */
const mayBuy = (p: ProcurementSeen, cents: number): p is ProcurementSeen & { target: number } =>
  typeof p.target === 'number' && p.micros >= cents * 10_000;

/**
 * Per capacity and hour, the most nodes its procurements (those that `counts` for that hour) may
 * have held there, with the highest max buy price among them: the largest target of those whose
 * window covered that hour, as what one bought there counts for the next one on the capacity.
 */
function mostPerCapacityHour(procurements: readonly ProcurementSeen[], counts: (p: ProcurementSeen, hour: number) => boolean) {
  const most = new Map<string, { nodes: number; micros: number }>();
  for (const p of procurements) {
    if (typeof p.target !== 'number') continue;
    for (const h of p.covered) {
      if (!counts(p, h)) continue;
      const key = `${p.capacity}@${h}`;
      const was = most.get(key) ?? { nodes: 0, micros: 0 };
      most.set(key, { nodes: Math.max(was.nodes, p.target), micros: Math.max(was.micros, p.micros) });
    }
  }
  return [...most.values()];
}

/**
 * One round of buying by procurement `p` at Unix second `t`, as the test reads the docs: every
 * hour block its window covers, earliest first, gets what its capacity lacks there of the target,
 * as many nodes as the zone has room for over the rest of the block, at the market price `market`
 * when its max buy price reaches it, and only when the balance left pays for all of them. `held`
 * (the capacity's hours) and `takes` (the zone's, from `free` as the API showed it) get what it
 * buys; it answers the nodes bought in each block and the balance left.
 */
function expectRound(
  p: ProcurementSeen,
  t: number,
  market: number,
  zone: { free: Zone['available_capacity']; takes: Take[]; held: Map<number, number> },
  balance: number,
): { bought: number[]; balance: number } {
  const bought: number[] = [];
  const buys = p.enabled && !p.deleted && mayBuy(p, market);
  for (const h of windowHours(t, p.minutes)) {
    const from = Math.max(h, t);
    const wanted = buys ? p.target - (zone.held.get(h) ?? 0) : 0;
    let n = Math.max(0, Math.min(wanted, leastFree(zone.free, from, h + HOUR, zone.takes)));
    if (n * market > balance) n = 0;
    balance -= n * market;
    bought.push(n);
    zone.held.set(h, (zone.held.get(h) ?? 0) + n);
    zone.takes.push({ from, to: h + HOUR, nodes: n });
  }
  return { bought, balance };
}

/** The hours a capacity holds, as the test worked them out. */
function heldOn(account: Account, capacity: string): Map<number, number> {
  const held = account.capacityHeld.get(capacity) ?? new Map<number, number>();
  account.capacityHeld.set(capacity, held);
  return held;
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

/**
 * Reads the nodes and the zone, and notes which hour each node holds now, how many nodes
 * procurements hold now, and the blocks the window of each procurement that is on has covered.
 */
async function observe(run: Run): Promise<{ nodes: Node[]; free: Zone['available_capacity']; procurementHeld: number }> {
  const nodes = (await run.sfc.nodes.list()).data;
  const free = (await run.sfc.zones.get('tight')).available_capacity;
  const now = run.now();
  for (const n of nodes) {
    const seen = run.account.seenHolding.get(n.id) ?? new Set<number>();
    if (holds(n, now)) seen.add(hourOf(now));
    run.account.seenHolding.set(n.id, seen);
  }
  run.account.nodes = nodes;
  // What procurements hold now: the supply less what is free and what the nodes hold.
  const procurementHeld = supplyAt(now) - freeAt(free, now) - nodes.filter((n) => holds(n, now)).length;
  const held = run.account.procurementHeld;
  held.set(hourOf(now), Math.max(held.get(hourOf(now)) ?? 0, procurementHeld));
  // Every block the window of a procurement that is on covered since the test last looked (a leap included).
  for (const p of run.account.procurements) {
    if (!p.enabled || p.deleted) continue;
    for (const h of hoursOf(p.since, windowEnd(now, p.minutes) + 1)) p.covered.add(h);
    p.since = now;
  }
  return { nodes, free, procurementHeld };
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
  const { nodes } = await observe(run);
  const spent = account.paidIn - (await run.sfc.balances.get()).available_balance_cents;
  const most = nodes.reduce((sum, n) => sum + mostCost(run, n), 0);
  // Each capacity, in every block the window of one of its procurements covered: the largest
  // target among them there, at the highest max buy price (in millionths of a dollar).
  const { procurements } = account;
  const mostMicros = mostPerCapacityHour(procurements, () => true).reduce((sum, c) => sum + c.nodes * c.micros, 0);
  const held = nodes.reduce((sum, n) => sum + (account.seenHolding.get(n.id)?.size ?? 0), 0);
  const heldByProcurements = [...account.procurementHeld.values()].reduce((sum, n) => sum + n, 0);
  const cheapest = Math.min(...account.prices.map((p) => p.cents));
  // Never more than the hours each node can have held at its max price and the blocks each
  // procurement's window covered at its max buy price; never an hour or a block held unpaid.
  expect(spent * 10_000).toBeLessThanOrEqual(most * 10_000 + mostMicros);
  expect(spent).toBeGreaterThanOrEqual((held + heldByProcurements) * cheapest);
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
  // hour a node bought, no node bought above its max price; the rest is whole node-hours that
  // procurements bought at the market price: at least those seen held, at most each capacity's
  // largest target over the blocks covered by its procurements whose max buy price reaches it
  // (none without such a procurement).
  if (account.leapt || account.prices.length > 1) return;
  const byProcurements = (spent - nodes.reduce((sum, n) => sum + boughtHours(run, n).size, 0) * MARKET) / MARKET;
  const atMarket = mostPerCapacityHour(procurements, (p) => mayBuy(p, MARKET)).reduce((sum, c) => sum + c.nodes, 0);
  expect(Number.isInteger(byProcurements)).toBe(true);
  expect(byProcurements).toBeGreaterThanOrEqual(heldByProcurements);
  expect(byProcurements).toBeLessThanOrEqual(atMarket);
  for (const n of nodes) if (boughtHours(run, n).size > 0) expect(n.max_price_per_node_hour).toBeGreaterThanOrEqual(MARKET);
}

async function checkCapacity(run: Run): Promise<Zone['available_capacity']> {
  const { free: blocks, procurementHeld } = await observe(run);
  const now = run.now();
  // What the zone shows free, what the nodes hold and what procurements hold add up to its
  // supply: none held by procurements beyond, on each capacity, the largest target of those whose
  // window covered this hour at a max buy price that reached a market price the test set (none
  // without such a procurement).
  const cheapest = Math.min(...run.account.prices.map((p) => p.cents));
  const mayHold = mostPerCapacityHour(run.account.procurements, (p, h) => mayBuy(p, cheapest) && h === hourOf(now));
  expect(procurementHeld).toBeGreaterThanOrEqual(0);
  expect(procurementHeld).toBeLessThanOrEqual(mayHold.reduce((sum, c) => sum + c.nodes, 0));
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
async function perform(
  run: Run,
  a: Action | ProcurementAction,
  check: () => Promise<unknown>,
  blocks?: Zone['available_capacity'],
): Promise<void> {
  const { sfc, fake, account } = run;
  const now = run.now();
  const balance = fake.balanceCents;
  const market = marketNow(account);
  if (a.kind === 'procure' || a.kind === 'replaceProcurement' || a.kind === 'updateProcurement' || a.kind === 'deleteProcurement') {
    await performProcurement(run, a);
  } else if (a.kind === 'auto' || a.kind === 'reserved') {
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
    // Stop at every hour on the way, so that every hour a node holds is seen, and each hourly
    // round of buying is checked while the test knows what every capacity holds.
    const target = now + a.seconds;
    for (let t = hourEnd(now); t <= target; t = hourEnd(t)) {
      const before = account.leapt ? undefined : { balance: fake.balanceCents, free: (await sfc.zones.get('tight')).available_capacity };
      const nodesBefore = account.nodes;
      fake.advance((t - run.now()) * 1000);
      await check();
      if (before) await checkHourlyRound(run, t, { ...before, nodes: nodesBefore });
    }
    fake.advance((target - run.now()) * 1000);
  }
  await check();
}

/**
 * Checks the round of buying on the hour `h` the clock just reached, from what the test read just
 * before (the balance, the zone, the nodes) and the nodes now. The nodes go first: each auto
 * reserved node that holds this hour without having bought it ahead (nor starting in it, paid
 * when it got its capacity) renewed it, and each node that was waiting for capacity and got it
 * paid its first hour; then each procurement that is on, oldest first, bought its round
 * (expectRound) from what is left. The balance fell by exactly that, at the market price, and the
 * zone shows exactly that many fewer free in each hour to come.
 */
async function checkHourlyRound(run: Run, h: number, before: { balance: number; free: Zone['available_capacity']; nodes: Node[] }) {
  const { account } = run;
  const market = marketNow(account);
  const takes: Take[] = [];
  for (const n of account.nodes) {
    const was = before.nodes.find((b) => b.id === n.id);
    if (!was) continue;
    if (was.status === 'awaitingcapacity') {
      if (n.status === 'awaitingcapacity') continue;
      const from = Math.max(was.start_at ?? h, h);
      takes.push({ from, to: hourEnd(from), nodes: 1 });
    } else if (n.node_type === 'autoreserved' && holds(n, h) && n.start_at !== h && !account.boughtAhead.get(n.id)?.has(h)) {
      takes.push({ from: h, to: h + HOUR, nodes: 1 });
    }
  }
  let balance = before.balance - takes.length * market;
  for (const p of account.procurements.filter((p) => !p.deleted)) {
    balance = expectRound(p, h, market, { free: before.free, takes, held: heldOn(account, p.capacity) }, balance).balance;
  }
  expect(run.fake.balanceCents).toBe(balance);
  const after = (await run.sfc.zones.get('tight')).available_capacity;
  for (const t of hoursOf(h, h + 6 * HOUR)) expect(freeAt(before.free, t) - freeAt(after, t)).toBe(takenAt(takes, t));
}

/**
 * Creates, updates or deletes a procurement, or deletes one and creates another on its capacity.
 * A create must buy, block by block in time order, what its capacity lacks of its target where
 * the zone showed room just before, while the balance pays (each block one order at the market
 * price, all or nothing), and charge exactly that; checked where the test knows what the capacity
 * holds (one that never had a procurement, or any while the clock never leapt).
 */
async function performProcurement(run: Run, a: ProcurementAction): Promise<void> {
  const { sfc, fake, account } = run;
  const live = account.procurements.filter((p) => !p.deleted);
  if (a.kind === 'replaceProcurement') {
    if (live.length === 0) return;
    const p = live[a.i % live.length]!;
    await performProcurement(run, { kind: 'deleteProcurement', i: a.i });
    await performProcurement(run, { ...a, kind: 'procure', capacity: CAPACITIES.indexOf(p.capacity) });
    return;
  }
  const now = run.now();
  const balance = fake.balanceCents;
  const market = marketNow(account);
  if (a.kind === 'procure') {
    const capacity = CAPACITIES[a.capacity]!;
    const fresh = !account.procurements.some((p) => p.capacity === capacity);
    const body = {
      capacity,
      target: a.target,
      min_sell_price_dollars_per_node_hour: '1.000000',
      max_buy_price_dollars_per_node_hour: a.price,
      managed_window_minutes: a.minutes,
      enabled: a.enabled,
    };
    const blocks = (await sfc.zones.get('tight')).available_capacity;
    let made: Procurement | undefined;
    const code = await status(sfc.procurements.create(body).then((p) => (made = p)));
    // One procurement a capacity.
    expect(code).toBe(live.some((p) => p.capacity === capacity) ? 409 : 0);
    if (!made) return;
    const seen: ProcurementSeen = {
      id: made.id,
      capacity,
      target: a.target,
      micros: micros(made.max_buy_price_dollars_per_node_hour),
      minutes: a.minutes,
      enabled: a.enabled,
      deleted: false,
      since: now,
      covered: new Set(),
    };
    account.procurements.push(seen);
    // The price it buys at is on the $0.000060 grid, the nearest to the one sent.
    expect(seen.micros % 60).toBe(0);
    expect(Math.abs(seen.micros - micros(a.price))).toBeLessThanOrEqual(30);
    if (!fresh && account.leapt) return;
    const after = (await sfc.zones.get('tight')).available_capacity;
    const held = heldOn(account, capacity);
    const { bought, balance: left } = expectRound(seen, now, market, { free: blocks, takes: [], held }, balance);
    windowHours(now, a.minutes).forEach((h, i) => {
      const from = Math.max(h, now);
      expect(freeAt(blocks, from) - freeAt(after, from)).toBe(bought[i]);
    });
    expect(fake.balanceCents).toBe(left);
    if (typeof a.target === 'number' && a.enabled)
      expect(made.status.message).toMatch(new RegExp(`^Holding ${held.get(hourOf(now))} of ${a.target} nodes?\\.`));
  } else {
    if (live.length === 0) return;
    const p = live[a.i % live.length]!;
    if (a.kind === 'deleteProcurement') {
      expect(await status(sfc.procurements.delete(p.id))).toBe(0);
      p.deleted = true;
    } else {
      // An update with a fixed target is refused (the update page shows only node_count); one
      // tracking the node count buys nothing, as the fake's nodes are on no capacity.
      const code = await status(sfc.procurements.update(p.id, { enabled: a.enabled, managed_window_minutes: a.minutes }));
      expect(code).toBe(typeof p.target === 'number' ? 422 : 0);
      if (code === 0) Object.assign(p, { enabled: a.enabled, minutes: a.minutes, since: now });
    }
    expect(fake.balanceCents).toBe(balance);
  }
}

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

async function runPlan(p: Plan, invariant: 'money' | 'capacity'): Promise<void> {
  const capacities = CAPACITIES.map((id, i) => ({ id, name: `pool-${i + 1}`, zone: 'tight' }));
  const fake = createFakeSFCompute({ balanceCents: p.balance, zones: [ZONE], capacities, timing: { provisioningMs: p.provisioningMs } });
  const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
  const account: Account = {
    paidIn: p.balance,
    seenHolding: new Map(),
    boughtAhead: new Map(),
    nodes: [],
    prices: [{ at: -Infinity, cents: MARKET }],
    leapt: false,
    procurements: [],
    procurementHeld: new Map(),
    capacityHeld: new Map(),
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
