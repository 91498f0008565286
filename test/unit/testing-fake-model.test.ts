// The fake API cannot drift from openapi.yaml: long random sequences of calls go through the
// client (validateResponses: true, so every success body is checked against the spec) while a
// small model says what each call must answer; every error body the fake sent is checked against
// the spec's documented error schemas too. The zone is large enough that capacity never binds here
// (testing-fake-properties.test.ts covers capacity); money does: auto reserved nodes pay each hour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/operations.js';
import { handlers } from '../../src/testing/fake/handlers.js';
import { APIError, SFCompute, validators, type Node, type Zone } from '../../src/index.js';
import { answerProblems, createFakeSFCompute, type FakeSFCompute } from './checked-fake.js';

const HOUR = 3600;
const PRICE = 1000;
const PROVISION = 60;
const LOG_EVERY = 5;
const WORKSPACE = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';
const ENDED = ['released', 'terminated', 'deleted'];
/** Nodes of the one zone: more than any run can hold (its balance buys at most 40 node-hours). */
const ZONE_SIZE = 1000;
const ZONE: Zone = {
  object: 'zone',
  name: 'hayesvalley',
  available_capacity: [{ start_timestamp: Date.UTC(2026, 0, 1) / 1000, end_timestamp: Date.UTC(2026, 3, 1) / 1000, quantity: ZONE_SIZE }],
  region: 'NorthAmerica',
  hardware_type: 'H100',
  interconnect_type: 'Infiniband',
  delivery_type: 'VM',
};

interface ModelNode {
  id: string;
  /** The name given at creation, else the ID. */
  name: string;
  type: 'reserved' | 'autoreserved';
  status: string;
  runAt: number;
  endAt: number | null;
  /** The end of the time it has paid for. */
  paidUntil: number;
  vms: number;
  /** Start and end of the current VM, in Unix seconds. */
  vmStart: number | null;
  vmEnd: number | null;
}

interface Model {
  now: number;
  balance: number;
  nodes: ModelNode[];
  procurements: number;
  capacities: number;
  /** Transactions in the ledger: the opening credit, then one per purchase. */
  ledger: number;
  tokens: string[];
  /** Whether a VM user-data script has been stored. */
  script: boolean;
  /** How many events of each action the feed must hold. */
  actions: Record<string, number>;
}

interface Real {
  fake: FakeSFCompute;
  sfc: SFCompute;
}

const hourEnd = (t: number) => Math.floor(t / HOUR) * HOUR + HOUR;

/** Counts one more event of `action` in the feed. */
function tally(model: Model, action: string): void {
  model.actions[action] = (model.actions[action] ?? 0) + 1;
}

function terminate(model: Model, n: ModelNode, at: number): void {
  tally(model, 'node.terminated');
  n.status = 'terminated';
  n.endAt = at;
  if (n.vmStart !== null && n.vmEnd === null) n.vmEnd = at;
}

/** What is due at the model's time, in the fake's order: ends, then hourly renewals (or ends when the balance cannot pay), then starts. */
function step(model: Model): void {
  for (const n of model.nodes) {
    const ends = n.type === 'reserved' ? ['running', 'pending'].includes(n.status) : n.status === 'released';
    if (n.endAt !== null && model.now >= n.endAt && ends) terminate(model, n, n.endAt);
  }
  for (const n of model.nodes) {
    if (n.type !== 'autoreserved' || !['pending', 'running'].includes(n.status) || n.paidUntil > model.now) continue;
    if (model.balance < PRICE) {
      terminate(model, n, n.paidUntil);
      continue;
    }
    model.balance -= PRICE;
    model.ledger += 1;
    tally(model, 'order.created');
    n.paidUntil += HOUR;
    if (n.endAt !== null) n.endAt = n.paidUntil;
  }
  for (const n of model.nodes) {
    if (n.status === 'pending' && model.now >= n.runAt) {
      n.status = 'running';
      tally(model, 'node.started');
      n.vms += 1;
      n.vmStart = n.runAt;
    }
  }
}

/** Moves the model to `to`, stopping at each start and each hour (when auto reserved nodes renew), as the fake's clock does. */
function advanceTo(model: Model, to: number): void {
  for (;;) {
    const starts = model.nodes.filter((n) => n.status === 'pending' && n.runAt > model.now).map((n) => n.runAt);
    const next = Math.min(hourEnd(model.now), ...starts);
    if (next > to) break;
    model.now = next;
    step(model);
  }
  model.now = to;
  step(model);
}

/** The status of a call that failed, or 200/201/204 when it did not. */
async function outcome<T>(call: Promise<T>): Promise<{ status: number; value?: T }> {
  try {
    return { status: 0, value: await call };
  } catch (error) {
    if (error instanceof APIError) return { status: error.status };
    throw error;
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;
const command = (label: string, check: (m: Model) => boolean, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check,
  run,
  toString: () => label,
});
const pick = (m: Model, i: number) => m.nodes[i % m.nodes.length]!;
const hasNodes = (m: Model) => m.nodes.length > 0;

function expectNode(real: Node, n: ModelNode): void {
  expect({ status: real.status, end_at: real.end_at ?? null, vms: real.vms?.data.length ?? 0 }).toEqual({
    status: n.status,
    end_at: n.endAt,
    vms: n.vms,
  });
}

const MAX_TOKENS = 3;
const withVm = (m: Model) => m.nodes.filter((n) => n.vmStart !== null);

/** Requests the spec refuses, sent through sfc.raw (which does not check them), and the status each must get. */
const INVALID: { label: string; status: number; send: (r: Real) => Promise<{ response: Response }> }[] = [
  {
    label: 'create 0 nodes',
    status: 400,
    send: (r) => r.sfc.raw.POST('/v1/nodes', { body: { desired_count: 0, max_price_per_node_hour: 1000, zone: 'hayesvalley' } }),
  },
  {
    label: 'extend by 1.5 h',
    status: 400,
    send: (r) =>
      r.sfc.raw.PATCH('/v1/nodes/{id}/extend', {
        params: { path: { id: 'n_x' } },
        body: { duration_seconds: 5400, max_price_per_node_hour: 1000 },
      }),
  },
  {
    label: 'procurements limit 0',
    status: 422,
    send: (r) => r.sfc.raw.GET('/v2/procurements', { params: { query: { workspace: WORKSPACE, limit: 0 } } }),
  },
  { label: 'transactions limit 0', status: 400, send: (r) => r.sfc.raw.GET('/v1/transactions', { params: { query: { limit: 0 } } }) },
  {
    label: 'token with a text lifetime',
    status: 400,
    send: (r) => r.sfc.raw.POST('/v0/tokens', { body: { expires_in_seconds: 'soon' as never, origin_client: 'cli' } }),
  },
  {
    label: 'tokens of an unknown client',
    status: 400,
    send: (r) => r.sfc.raw.GET('/v0/tokens', { params: { query: { origin_client: 'fax' as never } } }),
  },
  {
    label: 'quote of 0 nodes',
    status: 400,
    send: (r) => r.sfc.raw.GET('/v0/quote', { params: { query: { side: 'buy', quantity: 0, duration: HOUR } } }),
  },
  { label: 'script that is not text', status: 400, send: (r) => r.sfc.raw.POST('/v0/vms/script', { body: { script: 42 as never } }) },
];

const commands = [
  fc.constant(
    command(
      'balance and ledger',
      () => true,
      async (m, r) => {
        expect((await r.sfc.balances.get()).available_balance_cents).toBe(m.balance);
        let seen = 0;
        for await (const _ of r.sfc.transactions.listAll({ limit: 3 })) seen += 1;
        expect(seen).toBe(m.ledger);
      },
    ),
  ),
  fc.constant(
    command(
      'create token',
      () => true,
      async (m, r) => {
        const result = await outcome(r.sfc.tokens.create({ expires_in_seconds: 365 * 86_400 }));
        expect(result.status).toBe(m.tokens.length >= MAX_TOKENS ? 400 : 0);
        if (result.value) m.tokens.push(result.value.id);
      },
    ),
  ),
  fc.nat().map((i) =>
    command(
      `delete token (#${i})`,
      (m) => m.tokens.length > 0,
      async (m, r) => {
        const [id] = m.tokens.splice(i % m.tokens.length, 1);
        expect(await r.sfc.tokens.delete(id!)).toEqual({ success: true });
        expect((await r.sfc.tokens.list()).data.map((t) => t.id)).toEqual(m.tokens);
      },
    ),
  ),
  fc
    .record({
      reserved: fc.boolean(),
      hours: fc.integer({ min: 1, max: 6 }),
      count: fc.integer({ min: 1, max: 2 }),
      name: fc.option(fc.constantFrom('gpu-a', 'gpu-b'), { nil: undefined }),
    })
    .map(({ reserved, hours, count, name }) =>
      command(
        `create(${reserved ? `reserved ${hours}h` : 'autoreserved'} x${count}${name && count === 1 ? ` named ${name}` : ''})`,
        () => true,
        async (m, r) => {
          const endAt = Math.ceil((m.now + 1) / HOUR) * HOUR + (hours - 1) * HOUR;
          const cost = count * (reserved ? Math.ceil((endAt - m.now) / HOUR) : 1) * PRICE;
          const names = name !== undefined && count === 1 ? [name] : undefined;
          const body = {
            desired_count: count,
            max_price_per_node_hour: 1600,
            zone: 'hayesvalley',
            ...(reserved ? { end_at: endAt } : {}),
            ...(names ? { names } : {}),
          };
          const result = await outcome(r.sfc.nodes.create(body));
          if (names && m.nodes.some((n) => n.name === names[0] && n.status !== 'deleted')) {
            expect(result.status).toBe(400);
            return;
          }
          if (cost > m.balance) {
            expect(result.status).toBe(402);
            return;
          }
          expect(result.value!.data.map((n) => n.status)).toEqual(Array(count).fill('pending'));
          m.balance -= cost;
          m.ledger += 1;
          tally(m, 'order.created');
          for (const n of result.value!.data) {
            tally(m, 'node.created');
            m.nodes.push({
              id: n.id,
              name: names?.[0] ?? n.id,
              type: reserved ? 'reserved' : 'autoreserved',
              status: 'pending',
              runAt: m.now + PROVISION,
              endAt: reserved ? endAt : null,
              paidUntil: reserved ? endAt : hourEnd(m.now),
              vms: 0,
              vmStart: null,
              vmEnd: null,
            });
          }
        },
      ),
    ),
  fc.integer({ min: 1, max: 3 * HOUR }).map((seconds) =>
    command(
      `advance(${seconds}s)`,
      () => true,
      (m, r) => {
        r.fake.advance(seconds * 1000);
        advanceTo(m, m.now + seconds);
        return Promise.resolve();
      },
    ),
  ),
  fc.nat().map((i) =>
    command(`get(#${i})`, hasNodes, async (m, r) => {
      const n = pick(m, i);
      expectNode(await r.sfc.nodes.get(n.id), n);
    }),
  ),
  fc.nat().map((i) =>
    command(`get by name(#${i})`, hasNodes, async (m, r) => {
      // A deleted node's name can be given again: the newest node of that name that is not deleted wins.
      const named = m.nodes.filter((n) => n.name === pick(m, i).name).reverse();
      const n = named.find((x) => x.status !== 'deleted') ?? named[0]!;
      const real = await r.sfc.nodes.get(n.name);
      expect(real.id).toBe(n.id);
      expectNode(real, n);
    }),
  ),
  fc.nat().map((i) =>
    command(`get after a 503 (#${i})`, hasNodes, async (m, r) => {
      const n = pick(m, i);
      r.fake.failNext({ operation: 'getNode', status: 503 });
      expectNode(await r.sfc.nodes.get(n.id), n);
    }),
  ),
  fc
    .record({ i: fc.nat(), hours: fc.integer({ min: 1, max: 3 }), price: fc.constantFrom(200, 999, 1000, 1600) })
    .map(({ i, hours, price }) =>
      command(`extend(#${i}, ${hours}h at ${price})`, hasNodes, async (m, r) => {
        const n = pick(m, i);
        const cost = hours * PRICE;
        const expected = ENDED.includes(n.status) || price < PRICE ? 422 : cost > m.balance ? 402 : 0;
        const result = await outcome(r.sfc.nodes.extend(n.id, { duration_seconds: hours * HOUR, max_price_per_node_hour: price }));
        expect(result.status).toBe(expected);
        if (expected !== 0) return;
        m.balance -= cost;
        m.ledger += 1;
        tally(m, 'order.created');
        tally(m, 'node.extended');
        n.paidUntil += hours * HOUR;
        n.endAt = n.paidUntil;
        expectNode(result.value!, n);
      }),
    ),
  fc.nat().map((i) =>
    command(`redeploy(#${i})`, hasNodes, async (m, r) => {
      const n = pick(m, i);
      const result = await outcome(r.sfc.nodes.redeploy(n.id));
      expect(result.status).toBe(n.status === 'running' ? 0 : 422);
      if (result.status !== 0) return;
      tally(m, 'node.redeployed');
      n.vms += 1;
      n.vmStart = m.now;
      n.vmEnd = null;
      expectNode(result.value!, n);
    }),
  ),
  fc.nat().map((i) =>
    command(`release(#${i})`, hasNodes, async (m, r) => {
      const n = pick(m, i);
      const result = await outcome(r.sfc.nodes.release(n.id));
      expect(result.status).toBe(ENDED.includes(n.status) ? 409 : n.type === 'reserved' ? 400 : 0);
      if (result.status !== 0) return;
      tally(m, 'node.released');
      n.status = 'released';
      n.endAt = n.paidUntil;
      step(m);
      expectNode(result.value!, n);
    }),
  ),
  fc.nat().map((i) =>
    command(`delete(#${i})`, hasNodes, async (m, r) => {
      const n = pick(m, i);
      const allowed = n.status === 'terminated' || n.status === 'deleted' || (n.status === 'released' && n.vms === 0);
      expect((await outcome(r.sfc.nodes.delete(n.id))).status).toBe(allowed ? 0 : 400);
      if (allowed && n.status !== 'deleted') tally(m, 'node.deleted');
      if (allowed) n.status = 'deleted';
    }),
  ),
  fc.nat().map((i) =>
    command(
      `logs(#${i})`,
      (m) => m.nodes.some((n) => n.vmStart !== null),
      async (m, r) => {
        const withVm = m.nodes.filter((n) => n.vmStart !== null);
        const n = withVm[i % withVm.length]!;
        const vm = (await r.sfc.nodes.get(n.id)).current_vm!;
        const until = Math.min(m.now, n.vmEnd ?? Infinity);
        const written = Math.floor((until - n.vmStart!) / LOG_EVERY) + 1;
        const { data } = await r.sfc.vms.logs({ instance_id: vm.id, order_by: 'seqnum_asc' });
        expect(data.map((c) => c.seqnum)).toEqual(Array.from({ length: Math.min(100, written) }, (_, k) => k + 1));
      },
    ),
  ),
  fc.constant(
    command(
      'zones',
      () => true,
      async (_m, r) => {
        expect((await r.sfc.zones.list()).data.map((z) => z.name)).toEqual(['hayesvalley']);
        expect((await r.sfc.zones.get('hayesvalley')).name).toBe('hayesvalley');
        expect((await outcome(r.sfc.zones.get('atlantis'))).status).toBe(404);
      },
    ),
  ),
  fc.constant(
    command(
      'images',
      () => true,
      async (_m, r) => {
        const [image] = (await r.sfc.images.list()).data;
        expect((await r.sfc.images.get(image!.image_id)).download_url).toMatch(/^https:/);
        expect((await outcome(r.sfc.images.get('vmi_unknown'))).status).toBe(404);
      },
    ),
  ),
  fc.nat().map((i) =>
    command(
      `ssh(#${i})`,
      (m) => withVm(m).length > 0,
      async (m, r) => {
        const n = withVm(m)[i % withVm(m).length]!;
        const vm = (await r.sfc.nodes.get(n.id)).current_vm!;
        expect((await r.sfc.vms.ssh(vm.id)).ssh_port).toBe(22);
        expect((await outcome(r.sfc.vms.ssh('vm_unknown'))).status).toBe(404);
      },
    ),
  ),
  fc.option(fc.constantFrom('#!/bin/sh\necho hi\n', '#cloud-config\n'), { nil: undefined }).map((script) =>
    command(
      script === undefined ? 'get script' : 'set script',
      () => true,
      async (m, r) => {
        if (script !== undefined) {
          expect((await r.sfc.vms.setScript(script)).script).toBe(script);
          m.script = true;
        }
        expect((await outcome(r.sfc.vms.getScript())).status).toBe(m.script ? 0 : 404);
      },
    ),
  ),
  fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: ZONE_SIZE + 1, max: 1024 })).map((quantity) =>
    command(
      `quote(${quantity} nodes)`,
      () => true,
      async (_m, r) => {
        const quote = await r.sfc.quotes.get({ side: 'buy', quantity, instance_type: 'h100i', duration: HOUR });
        expect(quote.quote === null).toBe(quantity > ZONE_SIZE);
      },
    ),
  ),
  fc.constant(
    command(
      'account',
      () => true,
      async (_m, r) => {
        expect((await r.sfc.account.me()).id).toBe('acme');
      },
    ),
  ),
  fc.constant(
    command(
      'vm instances',
      () => true,
      async (m, r) => {
        expect((await r.sfc.vms.instances()).data).toHaveLength(m.nodes.reduce((sum, n) => sum + n.vms, 0));
      },
    ),
  ),
  fc.nat().map((i) =>
    command(
      `replace vm(#${i})`,
      (m) => withVm(m).length > 0,
      async (m, r) => {
        const n = withVm(m)[i % withVm(m).length]!;
        const vm = (await r.sfc.nodes.get(n.id)).current_vm!;
        const result = await outcome(r.sfc.vms.replace(vm.id));
        expect(result.status).toBe(n.vmEnd === null ? 0 : 400);
        if (result.status !== 0) return;
        tally(m, 'node.redeployed');
        n.vms += 1;
        n.vmStart = m.now;
        expectNode(await r.sfc.nodes.get(n.id), n);
      },
    ),
  ),
  fc.nat().map((i) =>
    command(
      `invalid input through sfc.raw (${INVALID[i % INVALID.length]!.label})`,
      () => true,
      async (_m, r) => {
        const { status, send } = INVALID[i % INVALID.length]!;
        expect((await send(r)).response.status).toBe(status);
      },
    ),
  ),
  fc.constant(
    command(
      'list nodes',
      () => true,
      async (m, r) => {
        expect((await r.sfc.nodes.list()).data.map((n) => [n.id, n.status])).toEqual(m.nodes.map((n) => [n.id, n.status]));
      },
    ),
  ),
  fc.boolean().map((enabled) =>
    command(
      `create procurement (enabled ${enabled})`,
      () => true,
      async (m, r) => {
        m.capacities += 1;
        const created = await r.sfc.procurements.create({
          capacity: `cap_model${m.capacities}`,
          target: 'node_count',
          min_sell_price_dollars_per_node_hour: '1.000000',
          max_buy_price_dollars_per_node_hour: '2.500000',
          managed_window_minutes: 60,
          enabled,
        });
        expect(created.enabled).toBe(enabled);
        m.procurements += 1;
        tally(m, 'procurement.created');
      },
    ),
  ),
  fc.record({ i: fc.nat(), window: fc.integer({ min: 60, max: 1440 }) }).map(({ i, window }) =>
    command(
      `update procurement (#${i}, ${window} min)`,
      (m) => m.procurements > 0,
      async (m, r) => {
        const { data } = await r.sfc.procurements.list({ workspace: WORKSPACE });
        const target = data[i % data.length]!;
        expect((await r.sfc.procurements.get(target.id)).id).toBe(target.id);
        expect((await outcome(r.sfc.procurements.get('proc_unknown'))).status).toBe(404);
        expect((await r.sfc.procurements.update(target.id, { managed_window_minutes: window })).managed_window_minutes).toBe(window);
        tally(m, 'procurement.updated');
      },
    ),
  ),
  fc.nat().map((i) =>
    command(
      `delete procurement (#${i})`,
      (m) => m.procurements > 0,
      async (m, r) => {
        const { data } = await r.sfc.procurements.list({ workspace: WORKSPACE });
        await r.sfc.procurements.delete(data[i % data.length]!.id);
        m.procurements -= 1;
        tally(m, 'procurement.deleted');
      },
    ),
  ),
  fc.integer({ min: 1, max: 4 }).map((limit) =>
    command(
      `list all procurements (pages of ${limit})`,
      () => true,
      async (m, r) => {
        let seen = 0;
        for await (const _ of r.sfc.procurements.listAll({ workspace: WORKSPACE, limit })) seen += 1;
        expect(seen).toBe(m.procurements);
      },
    ),
  ),
  fc.integer({ min: 1, max: 5 }).map((limit) =>
    command(
      `events (pages of ${limit})`,
      () => true,
      async (m, r) => {
        // The whole feed, page by page: as many events of each action as the model counted, in time order, none in the future.
        const counts: Record<string, number> = {};
        let last = 0;
        for await (const e of r.sfc.events.listAll({ limit })) {
          counts[e.action] = (counts[e.action] ?? 0) + 1;
          expect(e.occurred_at).toBeGreaterThanOrEqual(last);
          last = e.occurred_at;
        }
        expect(counts).toEqual(m.actions);
        expect(last).toBeLessThanOrEqual(m.now);
      },
    ),
  ),
];

describe('the fake API against a model of it', () => {
  it('answers long random sequences of calls as the model says, with bodies the spec accepts', async () => {
    // Every operation the fake models must have succeeded in some run, so none goes untested.
    const succeeded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40_000 }),
        fc.commands(commands, { maxCommands: 80, size: 'max' }),
        async (balance, cmds) => {
          const fake = createFakeSFCompute({
            maxTokens: MAX_TOKENS,
            zones: [ZONE],
            balanceCents: balance,
            pricePerNodeHourCents: PRICE,
            timing: { provisioningMs: PROVISION * 1000, logIntervalMs: LOG_EVERY * 1000 },
          });
          const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
          const model: Model = {
            now: Date.UTC(2026, 0, 1) / 1000,
            balance,
            nodes: [],
            procurements: 0,
            capacities: 0,
            ledger: balance > 0 ? 1 : 0,
            tokens: [],
            script: false,
            actions: {},
          };
          await fc.asyncModelRun(() => ({ model, real: { fake, sfc } }), cmds);
          expect(fake.balanceCents).toBe(model.balance);
          // Every answer, errors included, against the spec: error bodies where the spec documents one, none where it does not.
          expect(answerProblems(fake)).toEqual([]);
          for (const { operation, response, modelled } of fake.requests) {
            if (operation && modelled && 'status' in response && response.status < 300) succeeded.add(operation);
          }
        },
      ),
      { numRuns: 150 },
    );
    // (An operation the fake does not model yet answers its example or 501: testing-fake-contract covers it.)
    expect([...succeeded].sort()).toEqual(
      Object.keys(operations)
        .filter((id) => id in handlers)
        .sort(),
    );
  }, 60_000);
});
