// Guards on the calls that move money, checked before anything is sent whatever validateRequests
// says, and on the core entry too: a duration that reads as hours in milliseconds is refused unless
// the call says it means it, and an opt-in limit (maxCallCostCents) on what one call may spend at
// worst.
import { describe, expect, it } from 'vitest';
import { SFCompute as CoreSFCompute } from '../../src/core.js';
import { ConfigurationError, SFCompute, ValidationError } from '../../src/index.js';
import { createFakeSFCompute } from '../../src/testing.js';
import { WORST_CASE_COST } from '../../src/validation/money-guards.js';
import { isJson, operation, spec, child } from '../support/spec.js';
import { KEY, NODE, clientWith, fakeFetch, json, rejectionOf } from './fake-fetch.js';
import { HOUR, T0, create, procurement } from '../support/money-bodies.js';

async function refused(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** A client on the fake API (enough balance for 1000 node-hours at $10), on its clock, with `options`; and the fake. */
function onFake(options: ConstructorParameters<typeof SFCompute>[0] = {}) {
  const fake = createFakeSFCompute({ balanceCents: 2_000_000 });
  const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch, clock: fake.clock, ...options });
  return { fake, sfc };
}

describe('a duration that reads as whole hours in milliseconds', () => {
  it('is refused before sending: nodes.extend(id, { duration_seconds: 3_600_000 }) would buy 1000 hours', async () => {
    const { fake, sfc } = onFake();
    const {
      data: [node],
    } = await sfc.nodes.create(create);
    const before = fake.balanceCents;
    const error = await refused(sfc.nodes.extend(node!.id, { duration_seconds: 3_600_000, max_price_per_node_hour: 1000 }));
    expect(error.issues).toEqual([
      {
        path: '/duration_seconds',
        rule: 'seconds (3600000 seconds is 1000 hours: this looks like 1 hour in milliseconds, divide by 1000; pass { allowMillisecondLikeDurations: true } to this call if you mean it)',
        value: 3_600_000,
      },
    ]);
    expect(fake.requests.filter((r) => r.operation === 'extendNode')).toHaveLength(0);
    expect(fake.balanceCents).toBe(before);
  });

  it.each([7_200_000, 36_000_000])('is refused for %i too (a multiple of 3,600,000)', async (seconds) => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await refused(sfc.nodes.extend('n_1', { duration_seconds: seconds, max_price_per_node_hour: 1000 }));
    expect(error.issues[0]!.rule).toContain(`${seconds / 3600} hours: this looks like ${seconds / 3_600_000} hour`);
    expect(requests).toHaveLength(0);
  });

  it('is refused with validateRequests: false, per call or on the client, and on the core entry', async () => {
    const body = { duration_seconds: 3_600_000, max_price_per_node_hour: 1000 };
    const off = clientWith(() => json(200, NODE), { validateRequests: false });
    await refused(off.sfc.nodes.extend('n_1', body));
    await refused(off.sfc.nodes.extend('n_1', body, { validateRequests: false }));
    const fake = fakeFetch(() => json(200, NODE));
    const core = new CoreSFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch });
    await refused(core.nodes.extend('n_1', body));
    expect([off.requests.length, fake.requests.length]).toEqual([0, 0]);
  });

  it('is sent when the call says it means it, and other whole hours pass', async () => {
    const { fake, sfc } = onFake();
    const {
      data: [node],
    } = await sfc.nodes.create(create);
    await sfc.nodes.extend(node!.id, { duration_seconds: 7200, max_price_per_node_hour: 1000 });
    await sfc.nodes.extend(
      node!.id,
      { duration_seconds: 3_600_000, max_price_per_node_hour: 1000 },
      { allowMillisecondLikeDurations: true },
    );
    expect(fake.requests.filter((r) => r.operation === 'extendNode')).toHaveLength(2);
  });
});

describe('a nodes.create span that reads as whole hours in milliseconds', () => {
  const span = { ...create, start_at: T0 + HOUR, end_at: T0 + HOUR + 3_600_000 };

  it.each([true, false])(
    'is refused before sending (validateRequests: %s): 3,600,000 seconds would buy 1000 hours',
    async (validateRequests) => {
      const { fake, sfc } = onFake({ validateRequests });
      const error = await refused(sfc.nodes.create(span));
      expect(error.issues).toEqual([
        {
          path: '/end_at',
          rule:
            'a span in seconds from start_at (end_at - start_at is 3600000 seconds is 1000 hours: this looks like 1 hour in milliseconds, ' +
            'divide the span by 1000; pass { allowMillisecondLikeDurations: true } to this call if you mean it)',
          value: span.end_at,
        },
      ]);
      expect(fake.requests).toHaveLength(0);
      expect(fake.balanceCents).toBe(2_000_000);
    },
  );

  it('counts a span without start_at from now on the client clock, and on the core entry too', async () => {
    const { fake, sfc } = onFake({ validateRequests: false });
    const error = await refused(sfc.nodes.create({ ...create, end_at: T0 + 7_200_000 }));
    expect(error.issues[0]!.rule).toContain('a span in seconds from now (end_at - now is 7200000 seconds is 2000 hours');
    const core = new CoreSFCompute({ apiKey: KEY, fetch: fake.fetch, clock: fake.clock });
    await refused(core.nodes.create(span));
    expect(fake.requests).toHaveLength(0);
  });

  it('is sent when the call says it means it, and other spans pass', async () => {
    const { fake, sfc } = onFake({ validateRequests: false });
    await sfc.nodes.create({ ...create, start_at: T0 + HOUR, end_at: T0 + 3 * HOUR });
    await sfc.nodes.create(span, { allowMillisecondLikeDurations: true });
    expect(fake.requests.filter((r) => r.operation === 'createNodes')).toHaveLength(2);
  });

  it.each([true, false])('refuses a start_at or end_at in Unix milliseconds (validateRequests: %s), once', async (validateRequests) => {
    const { fake, sfc } = onFake({ validateRequests });
    const error = await refused(sfc.nodes.create({ ...create, start_at: T0 * 1000, end_at: (T0 + HOUR) * 1000 }));
    const times = error.issues.filter((i) => i.rule.includes('this looks like milliseconds: divide by 1000'));
    expect(times.map((i) => i.path)).toEqual(['/start_at', '/end_at']);
    expect(error.issues.filter((i) => i.rule.includes('allowMillisecondLikeDurations'))).toEqual([]);
    const alone = await refused(sfc.nodes.create({ ...create, end_at: (T0 + HOUR) * 1000 }, { allowMillisecondLikeDurations: true }));
    expect(alone.issues.map((i) => i.path)).toContain('/end_at');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('worst case of each call that moves money', () => {
  it('has a rule for every operation openapi.yaml marks x-sfc-spends-money, and none other', () => {
    const marked: string[] = [];
    for (const item of Object.values(child(spec, 'paths'))) {
      for (const op of Object.values(isJson(item) ? item : {})) {
        if (isJson(op) && op['x-sfc-spends-money'] === true) marked.push(String(op.operationId));
      }
    }
    expect(marked.length).toBeGreaterThan(0);
    expect(Object.keys(WORST_CASE_COST).sort()).toEqual(marked.sort());
    expect(operation('/v1/nodes/{id}/extend', 'patch')['x-sfc-spends-money']).toBe(true);
  });
  // Each operation's rule, branch by branch, is in money-guard-rules.test.ts.
});

describe('maxCallCostCents', () => {
  it('refuses an extend whose worst case passes the limit, naming the cost, and sends nothing', async () => {
    const { fake, sfc } = onFake({ maxCallCostCents: 2500 });
    const {
      data: [node],
    } = await sfc.nodes.create(create);
    const error = await refused(sfc.nodes.extend(node!.id, { duration_seconds: 3 * HOUR, max_price_per_node_hour: 1000 }));
    expect(error.issues).toEqual([
      {
        path: '/',
        rule: 'a call that may spend at most maxCallCostCents, 2500 cents ($25.00): at worst this one spends 3000 cents ($30.00), 1 node × 3 hours × 1000 cents per node-hour',
        value: 3000,
      },
    ]);
    expect(error.message).toMatch(/^PATCH \/v1\/nodes\/\{id\}\/extend \(extendNode\): \/ must be a call that may spend at most/);
    expect(fake.requests.filter((r) => r.operation === 'extendNode')).toHaveLength(0);
    await sfc.nodes.extend(node!.id, { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 });
  });

  it('counts a reserved create without start_at from now on the client clock, and says which clock it read', async () => {
    const { fake, sfc } = onFake({ maxCallCostCents: 3000 });
    fake.advance(30 * 60_000); // 00:30: until 03:00 is 2.5 hours, 3 once rounded up
    const end = T0 + 3 * HOUR;
    await sfc.nodes.create({ ...create, end_at: end });
    const error = await refused(sfc.nodes.create({ ...create, desired_count: 2, end_at: end }));
    expect(error.issues[0]!.rule).toContain('6000 cents ($60.00), 2 nodes × 3 hours × 1000 cents per node-hour, from now');
    expect(error.issues[0]!.rule).toContain("(2026-01-01T00:30:00.000Z by the client's clock)");
    // Without the fake's clock the machine's time is read (an end a century on keeps this true): the message says so.
    const onSystem = new SFCompute({ apiKey: 'test', fetch: fake.fetch, maxCallCostCents: 0 });
    const system = await refused(onSystem.nodes.create({ ...create, end_at: T0 + 876_000 * HOUR }));
    expect(system.issues[0]!.rule).toMatch(/by the system clock: with a fake API, pass \{ clock: fake\.clock \} to the client/);
  });

  it('refuses a reserved create without start_at whose end_at is not after now, naming the clock, instead of counting 0 hours', async () => {
    const { fake } = onFake();
    // No clock given: the machine's time is read, later than the fake's, and end_at lies before it.
    const onSystem = new SFCompute({ apiKey: 'test', fetch: fake.fetch, maxCallCostCents: 1_000_000 });
    const system = await refused(onSystem.nodes.create({ ...create, end_at: T0 + 3 * HOUR }));
    expect(system.issues).toHaveLength(1);
    expect(system.issues[0]!.rule).toMatch(
      /^a call whose worst case is known, under maxCallCostCents, 1000000 cents \(\$10000\.00\): end_at \(\d+\) is not after now \(.*by the system clock: with a fake API, pass \{ clock: fake\.clock \} to the client\); pass \{ maxCallCostCents: null \} to this call to lift it$/,
    );
    const onClock = new SFCompute({ apiKey: 'test', fetch: fake.fetch, clock: fake.clock, maxCallCostCents: 1_000_000 });
    const stale = await refused(onClock.nodes.create({ ...create, end_at: T0 }, { validateRequests: false }));
    expect(stale.issues[0]!.rule).toContain("is not after now (2026-01-01T00:00:00.000Z by the client's clock)");
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an auto reserved create whose first hour passes the limit', async () => {
    const { fake, sfc } = onFake({ maxCallCostCents: 1999 });
    const error = await refused(sfc.nodes.create({ ...create, desired_count: 2 }));
    expect(error.issues[0]!.rule).toContain(
      '2000 cents ($20.00), 2 nodes × 1 hour (the first of an auto reserved node) × 1000 cents per node-hour',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a procurement whose node count no request states, and lets the call lift the limit with null', async () => {
    const { fake, sfc } = onFake({ maxCallCostCents: 100_000 });
    const error = await refused(sfc.procurements.create({ ...procurement, target: 'node_count' }));
    expect(error.issues[0]!.rule).toMatch(/node_count.*pass \{ maxCallCostCents: null \} to this call/);
    await sfc.procurements.create({ ...procurement, target: 'node_count' }, { maxCallCostCents: null });
    const update = await refused(sfc.procurements.update('proc_1', { max_buy_price_dollars_per_node_hour: '3.000000' }));
    expect(update.issues[0]!.rule).toContain('300.00 cents per node');
    expect(fake.requests.map((r) => r.operation)).toEqual(['createProcurement']);
  });

  it('is overridden per call, holds with validateRequests: false and on the core entry', async () => {
    const body = { duration_seconds: 10 * HOUR, max_price_per_node_hour: 1000 };
    const { sfc, requests } = clientWith(() => json(200, NODE), { maxCallCostCents: 5000, validateRequests: false });
    await refused(sfc.nodes.extend('n_1', body));
    await refused(sfc.nodes.extend('n_1', { ...body, duration_seconds: 2 * HOUR }, { maxCallCostCents: 1000 }));
    await sfc.nodes.extend('n_1', body, { maxCallCostCents: 10_000 });
    const fake = fakeFetch(() => json(200, NODE));
    const core = new CoreSFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch, maxCallCostCents: 5000 });
    await refused(core.nodes.extend('n_1', body));
    await refused(core.nodes.extend('n_1', body, { validateRequests: false }));
    expect([requests.length, fake.requests.length]).toEqual([1, 0]);
  });

  it('lists the limit with the schema problems, and refuses a bad limit', async () => {
    const { sfc } = clientWith(() => json(200, NODE), { maxCallCostCents: 100 });
    const error = await refused(sfc.nodes.extend('n_1', { duration_seconds: 2 * HOUR, max_price_per_node_hour: 150 }));
    expect(error.issues.map((i) => i.path)).toEqual(['/max_price_per_node_hour', '/']);
    expect(() => new SFCompute({ apiKey: 'test', maxCallCostCents: -1 })).toThrow(ConfigurationError);
    expect(() => new SFCompute({ apiKey: 'test', maxCallCostCents: -1 })).toThrow(
      /^maxCallCostCents must be a whole number of cents, 0 or more/,
    );
    await refused(sfc.nodes.list(undefined, { maxCallCostCents: 1.5 }));
    await refused(sfc.nodes.list(undefined, { allowMillisecondLikeDurations: 'yes' as never }));
  });
});
