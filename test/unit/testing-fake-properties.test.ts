// Properties of the fake API over random sequences of purchases, extensions, releases, top-ups
// and clock steps, checked against an account kept by the test from what the calls answered and
// what the clock shows, never from the fake's own ledger:
// - money: the balance the fake reports never fell by more than the hours each node held its
//   node times its max price, and no node held an hour it had not paid;
// - capacity: what the zone shows free, what a quote prices and what a purchase gets agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APIError, SFCompute, validators, type Node, type Zone } from '../../src/index.js';
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
  // A quote prices exactly as many nodes as the zone shows free over the quoted hour.
  const start = Math.ceil((now * 1000 + 1) / 60_000) * 60;
  const free = leastFree(blocks, start, start + HOUR);
  const quote = (quantity: number) =>
    run.sfc.quotes.get({ side: 'buy', quantity, instance_type: 'h100i', cluster: 'tight', duration: HOUR });
  if (free > 0) expect((await quote(free)).quote).toMatchObject({ quantity: free, zone: 'tight', price: free * MARKET });
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
});
