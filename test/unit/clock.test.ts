// One clock for everything that reads the time: the pricing helpers take it as an argument, the
// client as an option (for nodes.waitFor, vms.followLogs and its cost rules), and the fake API
// gives its own (`fake.clock`), so code under test runs on fake time without real waiting.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  type Clock,
  RequestAbortedError,
  SFCompute,
  ValidationError,
  WaitTimeoutError,
  maxPriceFromQuote,
  quoteForCreate,
  quotePrice,
  systemClock,
} from '../../src/index.js';
import { createFakeSFCompute } from '../../src/testing.js';
import { rejectionOf } from './fake-fetch.js';

const order = { desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' };

function onFake(options: Parameters<typeof createFakeSFCompute>[0] = {}, withClock = true) {
  const fake = createFakeSFCompute(options);
  const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch, ...(withClock ? { clock: fake.clock } : {}) });
  return { fake, sfc };
}

describe('the pricing helpers on a clock', () => {
  it('price a fake quote as the create it stands for, even as autoAdvanceMs moves the clock', async () => {
    const { fake, sfc } = onFake({ autoAdvanceMs: 45_000 }, false);
    const quote = await sfc.quotes.get(quoteForCreate(order, fake.clock));
    // The quote is what the create buys, from the request's time (45 s in) to the hour, charged as
    // a whole hour: over the 59 min 15 s left, that rate is a little above the market's 10.00.
    expect(quote.quote).toMatchObject({ price: 1000, start_at: '2026-01-01T00:00:45.000Z', end_at: '2026-01-01T01:00:00.000Z' });
    expect(quotePrice(quote, fake.clock)).toMatchObject({ totalCents: 1000, spanMs: 3_555_000, dollarsPerNodeHour: '10.13' });
    expect(maxPriceFromQuote(quote, { marginPercent: 0, clock: fake.clock })).toBe(1013);
  });

  it('refuse a time in place of a clock: a time read before the request goes stale', async () => {
    const { fake, sfc } = onFake({ autoAdvanceMs: 45_000 }, false);
    const stale = { now: fake.now() };
    const quote = await sfc.quotes.get(quoteForCreate(order, fake.clock));
    const error = (() => {
      try {
        return quotePrice(quote, stale as never);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: '/clock', value: 'a number' });
    expect((error as ValidationError).message).toContain('fake.clock');
  });

  it('say so when the missing clock is the cause: a fake quote priced on the system clock', async () => {
    const { fake, sfc } = onFake({ startTime: new Date('2022-01-01T00:00:00Z') }, false);
    const quote = await sfc.quotes.get(quoteForCreate(order, fake.clock));
    // The fake's quote names its start as a date, so it prices without a clock.
    expect(quotePrice(quote).centsPerNodeHour).toBeGreaterThan(0);
    // A quote that starts NOW (as the API may answer) needs the clock it was asked on.
    const fromNow = { ...quote, quote: { ...quote.quote!, start_at: 'NOW' } };
    expect(() => quotePrice(fromNow)).toThrow(
      /start_at \(NOW, read from the system clock as 20\d\d-.*pass the fake's clock: quotePrice\(quote, fake\.clock\)/,
    );
    const reserved = { ...order, node_type: 'reserved' as const, end_at: Date.UTC(2022, 0, 1, 2) / 1000 };
    expect(() => quoteForCreate(reserved)).toThrow(/system clock.*quoteForCreate\(body, fake\.clock\)/);
    expect(quoteForCreate(reserved, fake.clock).min_start_date).toBe('NOW');
  });
});

describe('the client on a clock', () => {
  it('waits for a node on fake time: no real waiting', async () => {
    const { fake, sfc } = onFake();
    const start = fake.now();
    const {
      data: [node],
    } = await sfc.nodes.create(order);
    const began = performance.now();
    const running = await sfc.nodes.waitFor(node!.id);
    expect(running.status).toBe('running');
    expect(fake.now() - start).toBeGreaterThanOrEqual(60_000); // the fake's provisioning time
    expect(performance.now() - began).toBeLessThan(2_000); // the first pause alone is 2 s of real time without the clock
  }, 10_000);

  it("times a wait out on the client's clock", async () => {
    const { fake, sfc } = onFake({ zones: [{ ...createFakeSFCompute().zones[0]!, available_capacity: [] }] });
    const start = fake.now();
    const {
      data: [node],
    } = await sfc.nodes.create(order);
    const error = await rejectionOf(sfc.nodes.waitFor(node!.id, { timeoutMs: 600_000 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(fake.now() - start).toBeGreaterThanOrEqual(600_000);
    expect((error as WaitTimeoutError).message).not.toContain('clock');
  }, 10_000);

  it('says, when a wait on the system clock times out, that a wait on a fake needs its clock', async () => {
    const { sfc } = onFake({}, false);
    const {
      data: [node],
    } = await sfc.nodes.create(order);
    const error = await rejectionOf(sfc.nodes.waitFor(node!.id, { timeoutMs: 30, intervalMs: 10 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toMatch(
      /^Node n_\S+ did not become running within 30 ms \(last status: pending\)\. .*system clock: with a fake API, pass \{ clock: fake\.clock \} to the client$/,
    );
  }, 10_000);

  it('follows logs on fake time', async () => {
    const { fake, sfc } = onFake();
    const {
      data: [node],
    } = await sfc.nodes.create(order);
    fake.advance(60_000);
    const vm = (await sfc.nodes.get(node!.id)).current_vm!.id;
    const lines: string[] = [];
    for await (const line of sfc.vms.followLogs(vm, { intervalMs: 5_000 })) {
      lines.push(line);
      if (lines.length === 4) break;
    }
    expect(lines).toEqual([`booted ${vm}`, 'heartbeat 1', 'heartbeat 2', 'heartbeat 3']);
  }, 10_000);

  it('stops a wait on a clock at once when the signal fires', async () => {
    const never: Clock = { now: () => 0, sleep: () => new Promise(() => {}) };
    const fake = createFakeSFCompute();
    const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch, clock: never });
    const {
      data: [node],
    } = await sfc.nodes.create({ ...order, zone: 'hayesvalley' });
    const controller = new AbortController();
    const waiting = rejectionOf(sfc.nodes.waitFor(node!.id, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await waiting).toBeInstanceOf(RequestAbortedError);
  });

  it('refuses a clock without now() and sleep(ms), naming the option', () => {
    expect(() => new SFCompute({ apiKey: 'test', clock: { now: () => 0 } as never })).toThrow(ConfigurationError);
    expect(() => new SFCompute({ apiKey: 'test', clock: { now: () => 0 } as never })).toThrow(/^clock must /);
    expect(systemClock.now()).toBeGreaterThan(Date.UTC(2020, 0, 1));
  });
});

describe('the hang fault', () => {
  it('keeps a plain script alive until the client times out, as a stalled socket does', () => {
    const src = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));
    const script = [
      `import { SFCompute } from ${JSON.stringify(src('index.ts'))};`,
      `import { createFakeSFCompute } from ${JSON.stringify(src('testing.ts'))};`,
      'const fake = createFakeSFCompute();',
      "const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch, timeoutMs: 300, maxRetries: 0 });",
      'fake.failNext({ hang: true });',
      // A collection during the hang: a Request follows its caller's signal only weakly, and a
      // hang that listened to it alone never ended after one (the script printed, then never exited).
      'setTimeout(() => globalThis.gc(), 100);',
      'try { await sfc.zones.list(); } catch (e) { console.log(e.name); }',
    ].join('\n');
    // Exit code 13 is Node's "unsettled top-level await": the script ended while the call hung.
    // The time limit turns a script that never ends into a failure instead of a stuck test run.
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    expect(out.trim()).toBe('RequestTimeoutError');
  });
});
