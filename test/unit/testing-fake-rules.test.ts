// The fake API's rules on their own: free capacity (capacity.ts), money (ledger.ts), time
// (clock.ts) and error answers (refusals.ts), as tables; and the one owner each of them has, so
// that prices, the balance, the time, what procurements hold and error bodies cannot be handled
// anywhere else.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validators } from '../../src/index.js';
import { type Block, freeBlocks, leastFree } from '../../src/testing/capacity.js';
import { FakeClock } from '../../src/testing/clock.js';
import { type Order, buy, openingCredit, refusalOf, refusedOrder } from '../../src/testing/ledger.js';
import { fakeNotice, refusal } from '../../src/testing/refusals.js';
import { type FakeSettings, type World, emptyWorld } from '../../src/testing/state.js';

const H = 3600;
const block = (start: number, end: number, quantity: number): Block => ({ start_timestamp: start, end_timestamp: end, quantity });

describe('capacity: freeBlocks', () => {
  it.each([
    ['nothing held', [block(0, 2 * H, 2)], [], 0, [block(0, 2 * H, 2)]],
    ['one node for the first hour', [block(0, 2 * H, 2)], [{ from: 0, to: H }], 0, [block(0, H, 1), block(H, 2 * H, 2)]],
    [
      'from a later time: earlier blocks cut there',
      [block(0, 2 * H, 2)],
      [{ from: 0, to: H }],
      1800,
      [block(1800, H, 1), block(H, 2 * H, 2)],
    ],
    ['a hold ended before the time asked', [block(0, 2 * H, 2)], [{ from: 0, to: H }], H, [block(H, 2 * H, 2)]],
    ['equal neighbours joined', [block(0, H, 2), block(H, 2 * H, 1)], [{ from: 0, to: H }], 0, [block(0, 2 * H, 1)]],
    [
      'more held than supplied shows 0',
      [block(0, H, 1)],
      [
        { from: 0, to: H },
        { from: 0, to: H },
      ],
      0,
      [block(0, H, 0)],
    ],
    ['a hold beyond the supply', [block(0, H, 1)], [{ from: 0, to: 3 * H }], 0, [block(0, H, 0)]],
    ['a gap in the supply stays a gap', [block(0, H, 1), block(2 * H, 3 * H, 1)], [], 0, [block(0, H, 1), block(2 * H, 3 * H, 1)]],
    ['a future hold', [block(0, 3 * H, 3)], [{ from: H, to: 2 * H }], 0, [block(0, H, 3), block(H, 2 * H, 2), block(2 * H, 3 * H, 3)]],
    ['no supply', [], [{ from: 0, to: H }], 0, []],
  ])('%s', (_, supply, held, from, expected) => {
    expect(freeBlocks(supply, held, from)).toEqual(expected);
  });
});

describe('capacity: leastFree', () => {
  const blocks = [block(0, H, 3), block(H, 2 * H, 1), block(3 * H, 4 * H, 5)];
  it.each([
    [0, H, 3],
    [0, H + 1, 1],
    [1800, 2 * H, 1],
    [H, 2 * H, 1],
    [2 * H - 1, 2 * H + 1, 0], // runs into the gap
    [3 * H, 4 * H, 5],
    [3 * H, 4 * H + 1, 0], // past the last block
    [5 * H, 6 * H, 0],
  ])('over [%i, %i) is %i', (from, to, expected) => {
    expect(leastFree(blocks, from, to)).toBe(expected);
  });
});

describe('clock: runs what falls due', () => {
  /** An agenda of fixed times that records when each first ran and what the clock showed then (running twice does nothing, as with the fake's). */
  function agendaAt(times: number[]) {
    const ran: [number, number][] = [];
    const agenda = {
      next: (after: number) => times.filter((t) => t > after).sort((a, b) => a - b)[0],
      run: (at: number) => {
        for (const t of times) if (t <= at && !ran.some(([done]) => done === t)) ran.push([t, clock.seconds()]);
      },
    };
    const clock = new FakeClock(0, agenda);
    return { clock: () => clock, ran };
  }

  it('runs each event due on the way, in time order, with the clock showing its time', () => {
    const { clock, ran } = agendaAt([30, 10, 20, 90]);
    clock().advance(35_000);
    expect(ran).toEqual([
      [10, 10],
      [20, 20],
      [30, 30],
    ]);
    expect(clock().now()).toBe(35_000);
  });

  it('runs the same events whether it moves in one step or many', () => {
    const one = agendaAt([1, 2, 3, 60, 61]);
    one.clock().advance(61_500);
    const many = agendaAt([1, 2, 3, 60, 61]);
    for (let i = 0; i < 123; i++) many.clock().advance(500);
    expect(many.ran).toEqual(one.ran);
  });

  it('runs what is due now on settle, and refuses to go back', () => {
    const { clock, ran } = agendaAt([0]);
    clock().settle();
    expect(ran).toEqual([[0, 0]]);
    expect(() => clock().advance(-1)).toThrow(RangeError);
    expect(() => clock().advance(0.5)).toThrow(RangeError);
  });
});

describe('ledger: prices, refuses, records', () => {
  function world(balance: number, price = 1000): World {
    const w = emptyWorld(0, { pricePerNodeHourCents: price } as FakeSettings, () => ({ next: () => undefined, run: () => undefined }));
    openingCredit(w, balance);
    return w;
  }
  const order = (nodeHours: number, maxPricePerNodeHour: number): Order => ({ nodeHours, maxPricePerNodeHour });

  it.each([
    ['a bid at the market price the balance pays', 2000, order(2, 1000), undefined],
    ['a bid over the market price: bought at the market price', 2000, order(2, 1600), undefined],
    ['a bid under the market price (dollars for cents)', 1_000_000, order(1, 16), 'bid_price_too_low'],
    ['a balance one cent short', 1999, order(2, 1000), 'insufficient_balance'],
    ['nothing bought', 0, order(0, 1000), undefined],
  ])('%s', (_, balance, o, expected) => {
    const w = world(balance);
    expect(refusalOf(w, o)).toBe(expected);
    const before = w.transactions.length;
    expect(buy(w, o, { actor: { type: 'system' }, nodes: [] })).toBe(expected);
    const charged = expected === undefined ? o.nodeHours * 1000 : 0;
    expect(w.balanceCents).toBe(balance - charged);
    expect(w.transactions.length - before).toBe(charged > 0 ? 1 : 0);
    // An order bought is an event of the feed too, about the ledger's order.
    expect(w.events.map((e) => [e.action, e.targets])).toEqual(
      charged > 0 ? [['order.created', [{ type: 'order', id: (w.transactions.at(-1)!.details as { order_id: string }).order_id }]]] : [],
    );
    if (charged > 0)
      expect(w.transactions.at(-1)).toMatchObject({ amount_cents: -charged, balance: balance - charged, details: { type: 'buy_order' } });
  });

  it.each([
    ['createNodes', 'insufficient_balance', 402, undefined],
    ['extendNode', 'insufficient_balance', 402, undefined],
    ['createNodes', 'bid_price_too_low', 400, { field: 'max_price_per_node_hour', code: 'bid_price_too_low' }],
    ['extendNode', 'bid_price_too_low', 422, { field: 'duration_seconds', code: 'insufficient_capacity' }],
  ] as const)('%s refuses %s with %i, in the body the spec documents', (operation, why, status, detail) => {
    const reply = refusedOrder(world(0), operation, why, order(1, 16), 'buy 1 node(s)');
    expect(reply.status).toBe(status);
    expect(validators.checkResponse(operation, reply.status, reply.body)).toEqual([]);
    if (detail) expect(reply.body).toMatchObject({ error: { details: [detail] } });
    expect(JSON.stringify(reply.body)).toContain(why === 'bid_price_too_low' ? 'market price is 1000' : 'costs 1000 cents');
  });
});

describe('refusals: one way to answer an error', () => {
  it.each([
    ['getNode', 404, {}, { error: { type: 'not_found', message: 'm' } }],
    [
      'createNodes',
      400,
      { field: 'names', code: 'duplicate_name' },
      { error: { type: 'invalid_request_error', message: 'm', details: [{ field: 'names', code: 'duplicate_name', message: 'm' }] } },
    ],
    ['deleteToken', 404, { code: 'token.not_found' }, { object: 'error', code: 'token.not_found', message: 'm' }],
    ['createToken', 400, {}, { object: 'error', code: 'token.max_token_limit_reached', message: 'm' }],
    ['getImage', 404, {}, undefined],
    ['listTokens', 400, {}, undefined], // not documented there: no body
  ] as const)('%s %i', (operation, status, reason, body) => {
    const reply = refusal(operation, status, 'm', reason);
    expect(reply).toEqual(body === undefined ? { status } : { status, body });
    expect(validators.checkResponse(operation, status, reply.body)).toEqual([]);
  });

  it('gives its own notices in the envelope', () => {
    expect(fakeNotice(501, 'not modelled')).toEqual({ status: 501, body: { error: { type: 'not_implemented', message: 'not modelled' } } });
  });
});

describe('one owner each for money, time and error answers', () => {
  const root = fileURLToPath(new URL('../../src/testing/', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  const sources = files(root).map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
  const using = (pattern: RegExp) =>
    sources
      .filter(({ text }) => text.split('\n').some((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line) && pattern.test(line)))
      .map(({ file }) => file)
      .sort();

  it.each([
    ['the market price is read only by the ledger', /settings\.pricePerNodeHourCents/, ['ledger.ts']],
    ['the balance is changed only by the ledger', /balanceCents\s*(\+|-)?=[^=]/, ['ledger.ts']],
    ['error bodies are built only in refusals.ts', /error: \{ type|object: 'error'/, ['refusals.ts']],
    ['the time is moved only by the clock', /#now\s*(\+|-)?=[^=]/, ['clock.ts']],
    [
      'what procurements hold is changed only where they buy',
      /capacityBlocks\s*=[^=]|capacityBlocks\.push/,
      ['fake/procurement-orders.ts'],
    ],
    [
      'procurements buy only when created, changed, seeded or on the hour',
      /buyWindow\(/,
      ['fake/procurement-orders.ts', 'fake/procurements.ts', 'seed.ts'],
    ],
    ['the node lifecycle runs only from the clock’s agenda', /nodeLifecycle/, ['fake/handlers.ts', 'fake/node-lifecycle.ts']],
  ])('%s', (_, pattern, owners) => {
    expect(using(pattern)).toEqual(owners);
  });
});
