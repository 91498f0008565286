// Differential test: for many generated inputs, valid and invalid, our request validators and
// Prism (which checks every request against openapi.yaml) must reach the same verdict. Any
// disagreement is a bug in one of them. Prism says it rejected a request in one of two ways: the
// operation's documented 4xx example plus an `sl-violations` header, or, for an operation that
// documents no 400/422, its own 422 problem+json listing the violations.
//
// The inputs come from fast-check with a fixed seed, so CI is repeatable; set SFC_FUZZ_SEED (and
// SFC_FUZZ_RUNS) to explore other inputs.
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SFCompute, validators } from '../../src/index.js';
import { checkRequest, type RequestInput } from '../../src/validation/schema-check.js';
import { TEST_KEY } from './harness.js';

const SEED = Number(process.env.SFC_FUZZ_SEED ?? 20261122);
const RUNS = Number(process.env.SFC_FUZZ_RUNS ?? 150);

// ---- building blocks: each mixes values the spec admits with values it does not
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 6 });
/** Mostly what the spec admits, sometimes not: enough inputs of each kind. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const anyJunk = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 6 }), fc.double({ noNaN: true }), fc.constant([]));
const int = (min: number, max: number) => fc.integer({ min, max });
const hourMultiple = int(-2, 30).map((n) => n * 3600);
const nodeName = fc.oneof(
  fc.constantFrom('cuda-crunch', 'n_gpu', 'vm_1', '12345', '-3.5', 'x'.repeat(128), 'y'.repeat(129), 'N_caps', '7b'),
  fc.string({ maxLength: 10 }),
);
const base64 = fc.oneof(
  fc.constantFrom('aGVsbG8gd29ybGQ=', 'not base64!', 'abc', ''),
  fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')),
);
const price = fc.oneof(
  fc.constant('2.500000'),
  fc.double({ min: 0, max: 10, noNaN: true }).map((d) => d.toFixed(6)),
);
const badPrice = fc.oneof(fc.constantFrom('2', '2.5.0', '.5', ' 1.0', '-1.0', '1,5'), anyJunk);
const procId = fc.constantFrom(
  'proc_k3R-nX9vLm7Qp2Yw5Jd8F',
  'sfc:procurement:acme:prod:p1',
  'sfc:procurement:acme',
  'procurement-1',
  'proc_',
);
type Field = readonly [good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>];

/**
 * Request bodies, half of them built only from values the spec admits (required fields always
 * there), half mixing in wrong values, missing fields and a field the spec lacks.
 */
const body = (required: readonly string[], fields: Record<string, Field>) => {
  const drop = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  const valid = fc
    .record(Object.fromEntries(Object.entries(fields).map(([k, [good]]) => [k, required.includes(k) ? good : maybe(good)])))
    .map(drop);
  const mixed = fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(fields).map(([k, [good, bad]]) => [k, maybe(mostly(good, bad))]))),
      fc.option(anyJunk, { freq: 4, nil: undefined }),
    )
    .map(([record, extra]) => {
      const out = drop(record);
      if (extra !== undefined) out.unexpected_field = extra;
      return out;
    });
  return fc.oneof(valid, mixed);
};

interface Case {
  operation: string;
  input: RequestInput;
}

const operations: Record<string, fc.Arbitrary<RequestInput>> = {
  createNodes: body(['desired_count', 'max_price_per_node_hour'], {
    desired_count: [fc.oneof(int(1, 8), int(-3, 0)), anyJunk],
    max_price_per_node_hour: [int(0, 5000), anyJunk],
    zone: [fc.constant('hayesvalley'), anyJunk],
    any_zone: [fc.boolean(), anyJunk],
    start_at: [int(1_700_000_000, 1_800_000_000), anyJunk],
    end_at: [
      fc.oneof(
        hourMultiple.map((h) => 1_795_352_400 + h),
        int(1_795_352_401, 1_795_355_999),
        fc.constant(null),
      ),
      anyJunk,
    ],
    node_type: [fc.constantFrom('autoreserved', 'reserved', null), fc.constantFrom('spot', 'Reserved')],
    names: [fc.array(nodeName, { maxLength: 3 }), anyJunk],
    cloud_init_user_data: [base64, anyJunk],
    image_id: [fc.constant('vmi_1234567890abcdef'), anyJunk],
    forward_443: [fc.boolean(), anyJunk],
  }).map((b) => ({ body: b })),
  extendNode: body(['duration_seconds', 'max_price_per_node_hour'], {
    duration_seconds: [fc.oneof(hourMultiple, int(0, 20_000)), anyJunk],
    max_price_per_node_hour: [int(150, 3000), anyJunk],
  }).map((b) => ({ path: { id: 'n_b1dc52505c6db142' }, body: b })),
  redeployNode: body([], {
    image_id: [fc.constant('vmi_1234567890abcdef'), anyJunk],
    cloud_init_user_data: [base64, anyJunk],
    override_empty: [fc.boolean(), anyJunk],
  }).map((b) => ({ path: { id: 'n_b1dc52505c6db142' }, body: b })),
  createProcurement: body(
    ['target', 'capacity', 'min_sell_price_dollars_per_node_hour', 'max_buy_price_dollars_per_node_hour', 'managed_window_minutes'],
    {
      name: [fc.constantFrom('my-proc', null, 'a'.repeat(255)), fc.oneof(fc.constantFrom('!!', '', '_x', 'a'.repeat(256)), anyJunk)],
      target: [fc.oneof(fc.constant('node_count'), int(-2, 10)), anyJunk],
      capacity: [fc.constant('cap_k3R-nX9vLm7Qp2Yw5Jd8F'), anyJunk],
      min_sell_price_dollars_per_node_hour: [price, badPrice],
      max_buy_price_dollars_per_node_hour: [price, badPrice],
      managed_window_minutes: [int(60, 1440), fc.oneof(int(-5, 59), int(1441, 3000), anyJunk)],
      enabled: [fc.boolean(), anyJunk],
    },
  ).map((b) => ({ body: b })),
  updateProcurement: fc
    .tuple(
      procId,
      body([], {
        name: [fc.constantFrom('my-proc', null), fc.oneof(fc.constantFrom('!!', ''), anyJunk)],
        min_sell_price_dollars_per_node_hour: [fc.oneof(price, fc.constant(null)), badPrice],
        max_buy_price_dollars_per_node_hour: [fc.oneof(price, fc.constant(null)), badPrice],
        managed_window_minutes: [fc.oneof(int(60, 1440), fc.constant(null)), fc.oneof(int(0, 59), int(1441, 2000), anyJunk)],
        enabled: [fc.oneof(fc.boolean(), fc.constant(null)), anyJunk],
      }),
    )
    .map(([id, b]) => ({ path: { id }, body: b })),
  getProcurement: procId.map((id) => ({ path: { id } })),
  listProcurements: fc
    .record({
      workspace: fc.constantFrom('wksp_k3R-nX9vLm7Qp2Yw5Jd8F', 'sfc:workspace:acme:prod', 'workspace-1'),
      limit: maybe(int(-1, 300)),
      starting_after: maybe(fc.constantFrom('procc_gqXR7s0Kj5mHvE2wNpLc4Q', 'cursor-1')),
    })
    .map((q) => ({ query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) })),
  listNodes: fc
    .record({
      name: maybe(fc.array(fc.constantFrom('a', 'cuda-crunch'), { maxLength: 2 })),
      type: maybe(fc.constantFrom('reserved', 'autoreserved', 'spot')),
    })
    .map((q) => ({ query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) })),
  // The rules between the quote's parameters (x-query-rules: one duration form, instance_type to
  // buy only) are the client's own: Prism checks each parameter alone. So every input here keeps
  // to them while each parameter's value may break its own schema; the rules are tested in
  // test/unit/account-and-market.test.ts. Start bounds are NOW or real date-times: the client's
  // validators leave formats to the server, Prism checks them.
  getQuote: fc
    .record({
      side: fc.constantFrom('buy', 'buy', 'sell', 'hold'),
      quantity: fc.oneof(int(1, 1024), int(-1, 0), int(1025, 1100)),
      duration: fc.oneof(
        fc.record({ duration: fc.oneof(int(3600, 94_608_000), int(1, 3599), int(94_608_001, 95_000_000)) }),
        fc.record({ min_duration: int(0, 10_000), max_duration: fc.oneof(int(1, 94_608_000), int(94_608_001, 95_000_000)) }),
      ),
      instance_type: fc.constantFrom('h100v', 'h200v', 'h100i'),
      cluster: maybe(fc.constant('hayesvalley')),
      start: maybe(fc.constantFrom('NOW', '2026-11-22T14:00:00.000Z')),
    })
    .map(({ side, quantity, duration, instance_type, cluster, start }) => {
      const query: Record<string, unknown> = { side, quantity, ...duration };
      if (side !== 'sell') Object.assign(query, { instance_type }, cluster ? { cluster } : {});
      if (start) Object.assign(query, { min_start_date: start, max_start_date: start });
      return { query };
    }),
  // At most one cursor (the rule between them is the client's own, as above).
  listTransactions: fc
    .record({
      limit: maybe(int(-1, 120)),
      after_time: maybe(int(1_600_000_000, 1_800_000_000)),
      sort: maybe(fc.constantFrom('transaction_time', '-transaction_time', 'amount', '-amount', 'newest')),
      transaction_type: maybe(fc.constantFrom('credit_grant', 'buy_order', 'refund', 'bogus')),
      starting_after_cursor: maybe(fc.constantFrom('txc_3fKq9ZbW2mXc', 'cursor-1')),
    })
    .map((q) => ({ query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) })),
  listTokens: fc
    .record({
      include_system: maybe(fc.boolean()),
      origin_client: maybe(fc.constantFrom('cli', 'web', 'manual', 'bot')),
    })
    .map((q) => ({ query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) })),
  createToken: body(['expires_in_seconds', 'origin_client'], {
    expires_in_seconds: [fc.oneof(fc.constantFrom(604800, 3153600000), fc.double({ min: 0, max: 1e6, noNaN: true })), anyJunk],
    origin_client: [fc.constant('cli'), fc.constantFrom('web', 'manual', 'CLI')],
    name: [fc.constantFrom('', 'ci', 'n'.repeat(100)), fc.oneof(fc.constant('n'.repeat(101)), anyJunk)],
    description: [fc.constantFrom('', 'd'.repeat(1000)), fc.oneof(fc.constant('d'.repeat(1001)), anyJunk)],
  }).map((b) => ({ body: b })),
  replaceVm: body(['vm_id'], {
    vm_id: [fc.constant('vm_myOZZXw4pfcp7H9DQOldd'), anyJunk],
  }).map((b) => ({ body: b })),
};

interface Seen {
  violations: string | null;
}

/** Sends `input` for `operation` to Prism without client-side checks; true if Prism found no violation. */
async function prismAccepts(sfc: SFCompute, seen: Seen, { operation, input }: Case): Promise<boolean> {
  seen.violations = null;
  const raw = sfc.raw as unknown as Record<string, (path: string, init: unknown) => Promise<{ response: Response }>>;
  const routes: Record<string, [string, string]> = {
    createNodes: ['POST', '/v1/nodes'],
    extendNode: ['PATCH', '/v1/nodes/{id}/extend'],
    redeployNode: ['PUT', '/v1/nodes/{id}/redeploy'],
    createProcurement: ['POST', '/v2/procurements'],
    updateProcurement: ['PATCH', '/v2/procurements/{id}'],
    getProcurement: ['GET', '/v2/procurements/{id}'],
    listProcurements: ['GET', '/v2/procurements'],
    listNodes: ['GET', '/v1/nodes'],
    getQuote: ['GET', '/v0/quote'],
    listTransactions: ['GET', '/v1/transactions'],
    listTokens: ['GET', '/v0/tokens'],
    createToken: ['POST', '/v0/tokens'],
    replaceVm: ['POST', '/v0/vms/replace'],
  };
  const [method, path] = routes[operation]!;
  await raw[method]!(path, { params: { path: input.path, query: input.query }, body: input.body });
  return seen.violations === null;
}

const tally: string[] = [];
afterAll(() => {
  // The agreement count, in the test output.
  console.log(`differential (seed ${SEED}, ${RUNS} inputs per operation):\n${tally.join('\n')}`);
});

describe('our request validators agree with Prism', () => {
  it.each(Object.keys(operations))(
    '%s',
    async (operation) => {
      const seen: Seen = { violations: null };
      const sfc = new SFCompute({
        apiKey: TEST_KEY,
        baseUrl: inject('prismUrl'),
        maxRetries: 0,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          seen.violations = response.headers.get('sl-violations');
          if (response.status === 422 && response.headers.get('content-type')?.includes('application/problem+json')) {
            const problem = (await response.clone().json()) as { validation?: unknown };
            if (problem.validation) seen.violations = JSON.stringify(problem.validation);
          }
          return response;
        },
      });
      const inputs = fc.sample(operations[operation]!, { numRuns: RUNS, seed: SEED });
      const disagreements: { input: RequestInput; ours: string[]; prism: string | null }[] = [];
      let valid = 0;
      for (const input of inputs) {
        const ours = checkRequest(validators.requests, operation, input);
        const prism = await prismAccepts(sfc, seen, { operation, input });
        if (ours.length === 0) valid++;
        if ((ours.length === 0) !== prism) {
          disagreements.push({ input, ours: ours.map((i) => `${i.path} must be ${i.rule}`), prism: seen.violations });
        }
      }
      tally.push(
        `  ${operation}: ${inputs.length - disagreements.length}/${inputs.length} agree (${valid} valid, ${inputs.length - valid} invalid by our verdict)`,
      );
      // Both kinds must be exercised, or agreement would mean little.
      expect(valid).toBeGreaterThan(0);
      if (!['getProcurement', 'listNodes'].includes(operation)) expect(inputs.length - valid).toBeGreaterThan(0);
      expect(disagreements.slice(0, 3)).toEqual([]);
    },
    60_000,
  );
});
