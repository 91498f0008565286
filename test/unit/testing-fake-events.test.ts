// The fake API's event feed: what the handlers and the clock do shows up as events, in sequence
// order, with the token or SF Compute as actor; filters, time bounds that include their own second,
// cursor pages, and 410 for a cursor the fake never gave.
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  GoneError,
  SFCompute,
  hours,
  validators,
  type AccountEvent,
  type ClientOptions,
  type TransactionDetails,
} from '../../src/index.js';
import { KEY_TOKEN_ID } from '../../src/testing/check.js';
import { createFakeSFCompute, type FakeSFComputeOptions } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const T0 = Date.UTC(2026, 0, 1) / 1000;
const HOUR = 3600;
const CREATE = { desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' };
const WORKSPACE = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';

function setup(options: FakeSFComputeOptions = {}, client: ClientOptions = {}) {
  const fake = createFakeSFCompute({ timing: { provisioningMs: 60_000 }, ...options });
  const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0, ...client });
  return { fake, sfc };
}

async function all(sfc: SFCompute, query: Parameters<SFCompute['events']['listAll']>[0] = {}): Promise<AccountEvent[]> {
  const seen: AccountEvent[] = [];
  for await (const e of sfc.events.listAll(query)) seen.push(e);
  return seen;
}

const line = (e: AccountEvent) => [e.action, e.actor.type === 'token' ? e.actor.id : 'system', e.occurred_at - T0];
const orderIds = (details: TransactionDetails[]) => details.flatMap((d) => ('order_id' in d ? [d.order_id] : []));

describe('fake API: the event feed', () => {
  it("shows a node's life in order: what the token did, and what the clock did as SF Compute", async () => {
    const { fake, sfc } = setup();
    const [node] = (await sfc.nodes.create(CREATE)).data;
    fake.advance(60_000);
    await sfc.nodes.extend(node!.id, { duration_seconds: hours(2), max_price_per_node_hour: 1000 });
    await sfc.nodes.release(node!.id);
    fake.advance(3 * HOUR * 1000);
    await sfc.nodes.delete(node!.id);

    const events = await all(sfc, { target: node!.id });
    expect(events.map(line)).toEqual([
      ['node.created', KEY_TOKEN_ID, 0],
      ['order.created', KEY_TOKEN_ID, 0],
      ['node.started', 'system', 60],
      ['order.created', KEY_TOKEN_ID, 60],
      ['node.extended', KEY_TOKEN_ID, 60],
      ['node.released', KEY_TOKEN_ID, 60],
      // The first hour and the two bought: it ends when the time paid for does.
      ['node.terminated', 'system', 3 * HOUR],
      ['node.deleted', KEY_TOKEN_ID, 3 * HOUR + 60],
    ]);
    // Sequence order: each cursor is the next, and every event is about the node, in its zone.
    expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => `evtc_${i + 1}`));
    expect(events.every((e) => e.context.zone === 'hayesvalley' && e.context.workspace === null)).toBe(true);
    // An order is about the ledger's buy order and the node it paid for.
    const orders = events.filter((e) => e.action === 'order.created').map((e) => e.targets);
    const ledger = (await sfc.transactions.list({ transaction_type: 'buy_order', sort: 'transaction_time' })).data;
    expect(orders).toEqual(
      orderIds(ledger.map((t) => t.details)).map((id) => [
        { type: 'order', id },
        { type: 'node', id: node!.id },
      ]),
    );
    expect((await all(sfc)).length).toBe(events.length);
  });

  it('shows hourly renewals and the end of a node that cannot pay its next hour as done by SF Compute', async () => {
    const { fake, sfc } = setup({ balanceCents: 2_000 });
    const [node] = (await sfc.nodes.create(CREATE)).data;
    fake.advance(3 * HOUR * 1000);
    expect((await all(sfc)).map(line)).toEqual([
      ['node.created', KEY_TOKEN_ID, 0],
      ['order.created', KEY_TOKEN_ID, 0],
      ['node.started', 'system', 60],
      ['order.created', 'system', HOUR],
      ['node.terminated', 'system', 2 * HOUR],
    ]);
    expect((await sfc.nodes.get(node!.id)).status).toBe('terminated');
  });

  it('names as actor the token whose secret made the request', async () => {
    const { sfc } = setup(
      { apiKey: 'sk_owner_key', tokens: [{ id: 'tok_ci_runner', secret: 'sk_ci_secret' }] },
      { apiKey: 'sk_ci_secret' },
    );
    const [node] = (await sfc.nodes.create(CREATE)).data;
    const [created] = (await sfc.events.list({ action: 'node.created' })).data;
    expect([created!.actor, created!.targets]).toEqual([{ type: 'token', id: 'tok_ci_runner' }, [{ type: 'node', id: node!.id }]]);
  });

  it('records every node of a create, a redeploy and a VM replaced, and nothing for a refused request', async () => {
    const { fake, sfc } = setup({ balanceCents: 2_000 });
    const created = (await sfc.nodes.create({ ...CREATE, desired_count: 2 })).data;
    expect(await rejectionOf(sfc.nodes.create(CREATE))).toMatchObject({ status: 402 });
    fake.advance(60_000);
    await sfc.nodes.redeploy(created[0]!.id);
    const vm = (await sfc.nodes.get(created[1]!.id)).current_vm!;
    await sfc.vms.replace(vm.id);
    const events = await all(sfc);
    expect(events.map((e) => [e.action, e.targets.map((t) => t.type)])).toEqual([
      ['node.created', ['node']],
      ['node.created', ['node']],
      // One order for the nodes bought together.
      ['order.created', ['order', 'node', 'node']],
      ['node.started', ['node']],
      ['node.started', ['node']],
      ['node.redeployed', ['node']],
      ['node.redeployed', ['node']],
    ]);
    expect(events.at(-1)!.targets).toEqual([{ type: 'node', id: created[1]!.id }]);
  });

  it('records procurements created, updated and deleted, in the workspace, without a zone', async () => {
    const { sfc } = setup();
    const made = await sfc.procurements.create({
      capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
      target: 'node_count',
      min_sell_price_dollars_per_node_hour: '1.000000',
      max_buy_price_dollars_per_node_hour: '2.500000',
      managed_window_minutes: 60,
    });
    await sfc.procurements.update(made.id, { enabled: false });
    await sfc.procurements.delete(made.id);
    const events = await all(sfc, { target_type: 'procurement' });
    expect(events.map((e) => [e.action, e.targets, e.context])).toEqual(
      ['procurement.created', 'procurement.updated', 'procurement.deleted'].map((action) => [
        action,
        [{ type: 'procurement', id: made.id }],
        { workspace: WORKSPACE, zone: null },
      ]),
    );
  });

  it('filters by action, target, target type and a time window whose bounds include their own second', async () => {
    const { fake, sfc } = setup();
    const [first] = (await sfc.nodes.create(CREATE)).data;
    fake.advance(10 * 60_000);
    const [second] = (await sfc.nodes.create(CREATE)).data;
    const ids = async (query: Parameters<SFCompute['events']['list']>[0]) =>
      (await sfc.events.list(query)).data.map((e) => `${e.action} ${e.occurred_at - T0}`);
    expect(await ids({ action: 'node.created' })).toEqual(['node.created 0', 'node.created 600']);
    expect(await ids({ target: second!.id })).toEqual(['node.created 600', 'order.created 600']);
    expect(await ids({ target_type: 'order' })).toEqual(['order.created 0', 'order.created 600']);
    expect(await ids({ action: 'node.started', target: first!.id })).toEqual(['node.started 60']);
    // Both bounds include the second they name.
    expect(await ids({ since: T0 + 60, until: T0 + 600, target_type: 'node' })).toEqual([
      'node.started 60',
      'node.created 600',
      'order.created 600',
    ]);
    expect(await ids({ since: T0 + 61, until: T0 + 599 })).toEqual([]);
    expect(await ids({ until: T0 })).toEqual(['node.created 0', 'order.created 0']);
  });

  it('pages with limit: has_more, the last event as cursor, the next page after it with the same filters', async () => {
    const { sfc } = setup();
    for (let i = 0; i < 3; i++) await sfc.nodes.create(CREATE);
    const first = await sfc.events.list({ limit: 2, action: 'order.created' });
    expect([first.data.map((e) => e.id), first.has_more, first.cursor]).toEqual([['evt_2', 'evt_4'], true, 'evtc_4']);
    const next = await sfc.events.list({ limit: 2, action: 'order.created', starting_after: first.cursor! });
    expect([next.data.map((e) => e.id), next.has_more, next.cursor]).toEqual([['evt_6'], false, 'evtc_6']);
    const after = await sfc.events.list({ starting_after: 'evtc_6' });
    expect([after.data, after.has_more, after.cursor]).toEqual([[], false, null]);
    expect((await all(sfc, { limit: 1 })).map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5', 'evt_6']);
  });

  it('pages 50 events unless limit says otherwise', async () => {
    const { sfc } = setup();
    for (let i = 0; i < 26; i++) await sfc.nodes.create(CREATE);
    const page = await sfc.events.list();
    expect([page.data.length, page.has_more]).toEqual([50, true]);
  });

  it('answers 410 gone for a cursor it never gave, and 400 for a limit under 1', async () => {
    const { sfc } = setup();
    await sfc.nodes.create(CREATE);
    for (const cursor of ['evtc_3', 'evtc_0', 'evtc_gqXR7s0Kj5mHvE2wNpLc4Q']) {
      const error = await rejectionOf(sfc.events.list({ starting_after: cursor }));
      expect(error).toBeInstanceOf(GoneError);
      expect(error).toMatchObject({ status: 410, type: 'gone' });
    }
    expect(await rejectionOf(sfc.events.list({ limit: 0 }))).toBeInstanceOf(BadRequestError);
  });

  it('feeds events.follow as the clock moves, and follow starts again from the last second after a 410', async () => {
    const { fake, sfc } = setup({ autoAdvanceMs: 30_000 });
    const [node] = (await sfc.nodes.create(CREATE)).data;
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of sfc.events.follow({ target: node!.id }, { signal: controller.signal, intervalMs: 1 })) {
      seen.push(e.action);
      // The next poll, after the first page, is answered as if its cursor's event had been deleted.
      if (seen.length === 1) fake.failNext({ operation: 'listEvents', status: 410 });
      if (e.action === 'node.started') controller.abort();
    }
    expect(seen).toEqual(['node.created', 'order.created', 'node.started']);
    const polls = fake.requests.filter((r) => r.operation === 'listEvents');
    expect(polls.map((r) => [r.query.starting_after, r.query.since, 'status' in r.response && r.response.status])).toEqual([
      [undefined, undefined, 200],
      ['evtc_2', undefined, 410],
      [undefined, node!.created_at, 200],
    ]);
  });
});
