// The pricing helpers on the official CLI's own worked numbers (reference/account-and-market.md:
// quote.test.ts's 4800 cents for 1 node over 4 h and 38400 for 8 nodes over 4 h, both $12.00 per
// node-hour; a 5 h span returned for a 4 h request; the 3240 s min_duration of a one-hour create).
import { describe, expect, it } from 'vitest';
import {
  NoQuoteError,
  type QuoteDetails,
  type QuoteResponse,
  ValidationError,
  centsPerGpuHour,
  costAtQuoteRate,
  maxPriceFromQuote,
  quoteForCreate,
  quoteForExtend,
  quotePrice,
} from '../../src/index.js';

const T0 = '2026-11-22T12:00:00Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
const details = (price: number, quantity: number, hours: number, start = T0): QuoteDetails => ({
  price,
  quantity,
  start_at: start,
  end_at: at(hours),
  instance_type: 'h100v',
  zone: 'hayesvalley',
});
const response = (quote: QuoteDetails | null, reason?: QuoteResponse['no_quote_reason']): QuoteResponse => ({
  object: 'quote',
  side: 'buy',
  quote,
  ...(reason ? { no_quote_reason: reason } : {}),
});

describe('quotePrice', () => {
  it.each([
    ['4800 cents, 1 node, 4 h', details(4800, 1, 4), 1200, '12.00'],
    ['38400 cents, 8 nodes, 4 h', details(38400, 8, 4), 1200, '12.00'],
    // Asked for 4 h, quoted 5 h: the rate comes from the returned span.
    ['6000 cents, 1 node, a 5 h span returned for a 4 h request', details(6000, 1, 5), 1200, '12.00'],
    ['1000 cents, 1 node, 3 h (a third of a cent left over)', details(1000, 1, 3), 334, '3.33'],
    ['1001 cents, 2 nodes, 1 h (half a cent rounds up for display)', details(1001, 2, 1), 501, '5.01'],
    ['0 cents', details(0, 1, 1), 0, '0.00'],
  ])('%s', (_name, quote, cents, dollars) => {
    const price = quotePrice(response(quote));
    expect(price.centsPerNodeHour).toBe(cents);
    expect(price.dollarsPerNodeHour).toBe(dollars);
    expect(price.totalCents).toBe(quote.price);
  });

  it('keeps the exact rate as a reduced fraction', () => {
    expect(quotePrice(details(1000, 1, 3)).perNodeHour).toEqual({ numerator: 1000n, denominator: 3n });
    expect(quotePrice(details(38400, 8, 4)).perNodeHour).toEqual({ numerator: 1200n, denominator: 1n });
  });

  it('counts a NOW start from the next whole minute, as the market does', () => {
    // 12:00:30 now: NOW is 12:01:00, so an end at 16:01:00 is a 4 h span.
    const quote = { ...details(4800, 1, 4), start_at: 'NOW', end_at: '2026-11-22T16:01:00Z' };
    const price = quotePrice(quote, { now: () => Date.parse('2026-11-22T12:00:30Z') });
    expect(price.spanMs).toBe(4 * 3_600_000);
    expect(price.centsPerNodeHour).toBe(1200);
  });

  it('uses milliseconds of the returned times exactly', () => {
    const quote = { ...details(4800, 1, 4), start_at: '2026-11-22T12:00:00.500Z', end_at: '2026-11-22T16:00:00.500Z' };
    expect(quotePrice(quote).perNodeHour).toEqual({ numerator: 1200n, denominator: 1n });
  });

  it('refuses an empty quote with its reason', () => {
    const error = (() => {
      try {
        quotePrice(response(null, 'no_availability'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NoQuoteError);
    expect((error as NoQuoteError).reason).toBe('no_availability');
    expect((error as Error).message).toBe('The market gave no quote (no_availability), so there is no price to use');
    expect(() => quotePrice(response(null))).toThrow('The market gave no quote and no reason, so there is no price to use');
  });

  it('refuses a span that is empty or backwards', () => {
    expect(() => quotePrice({ ...details(4800, 1, 4), end_at: T0 })).toThrow(ValidationError);
    expect(() => quotePrice({ ...details(4800, 1, 4), end_at: at(-1) })).toThrow('/quote/end_at must be after start_at');
  });
});

describe('centsPerGpuHour', () => {
  it("gives the CLI's per-GPU-hour figure (4800 cents, 1 node, 4 h: 150) and its scale limit with a multiplier", () => {
    expect(centsPerGpuHour(details(4800, 1, 4))).toBe(150);
    expect(centsPerGpuHour(details(38400, 8, 4))).toBe(150);
    expect(centsPerGpuHour(details(4800, 1, 4), { multiplier: 1.1 })).toBe(165);
    // ceil: 1000 / 3 / 8 = 41.67
    expect(centsPerGpuHour(details(1000, 1, 3))).toBe(42);
  });

  it('refuses a multiplier with more than two decimals', () => {
    expect(() => centsPerGpuHour(details(4800, 1, 4), { multiplier: 1.005 })).toThrow(ValidationError);
  });
});

describe('maxPriceFromQuote', () => {
  it.each([
    [details(4800, 1, 4), 0, 1200],
    [details(4800, 1, 4), 5, 1260],
    [details(4800, 1, 4), 2.5, 1230],
    [details(1000, 1, 3), 0, 334],
    // 333.33 × 1.1 = 366.67: rounded up
    [details(1000, 1, 3), 10, 367],
  ])('%o with a %d%% margin gives %d cents', (quote, marginPercent, cents) => {
    expect(maxPriceFromQuote(response(quote), { marginPercent })).toBe(cents);
  });

  it('refuses an empty quote and a margin that is not stated or negative', () => {
    expect(() => maxPriceFromQuote(response(null, 'bid_price_too_low'), { marginPercent: 5 })).toThrow(NoQuoteError);
    expect(() => maxPriceFromQuote(details(4800, 1, 4), { marginPercent: -1 })).toThrow('/marginPercent must be a percentage');
    expect(() => maxPriceFromQuote(details(4800, 1, 4), {} as never)).toThrow(ValidationError);
  });
});

describe('costAtQuoteRate', () => {
  it("totals nodes × hours at the quote's rate, as the CLI totals a multi-node extend", () => {
    expect(costAtQuoteRate(details(4800, 1, 4), { nodes: 2, seconds: 7200 })).toBe(4800);
    expect(costAtQuoteRate(details(1000, 1, 3), { nodes: 1, seconds: 3600 })).toBe(334);
    // A quote longer than asked (5 h for 6000 cents: 1200 per node-hour) priced for 16 nodes × 4 h:
    // 64 node-hours × 1200 = 76800 cents, not 16 × 6000.
    expect(costAtQuoteRate(details(6000, 1, 5), { nodes: 16, seconds: 4 * 3600 })).toBe(76_800);
    expect(() => costAtQuoteRate(details(1000, 1, 3), { nodes: 1.5, seconds: 3600 })).toThrow(ValidationError);
  });
});

describe('quoteForCreate', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('asks for a one-hour create as the CLI does: NOW, 3240 to 7200 seconds, the zone as cluster', () => {
    const end = now / 1000 + 3600;
    expect(
      quoteForCreate({ desired_count: 2, max_price_per_node_hour: 1600, zone: 'hayesvalley', end_at: end }, { now: () => now }),
    ).toEqual({
      side: 'buy',
      instance_type: 'h100v',
      quantity: 2,
      min_start_date: 'NOW',
      max_start_date: 'NOW',
      min_duration: 3240,
      max_duration: 7200,
      cluster: 'hayesvalley',
    });
  });

  it('rounds a later start up to the hour, widens long durations by 10%, and leaves cluster out without a zone', () => {
    const start = now / 1000 + 5400; // 13:30
    const query = quoteForCreate(
      { desired_count: 1, max_price_per_node_hour: 1600, start_at: start, end_at: start + 100_000 },
      { now: () => now },
    );
    expect(query.min_start_date).toBe('2026-11-22T14:00:00.000Z');
    expect(query.max_start_date).toBe('2026-11-22T14:00:00.000Z');
    expect(query.min_duration).toBe(90_000);
    expect(query.max_duration).toBe(110_000);
    expect(query).not.toHaveProperty('cluster');
  });

  it('cuts a duration that is not whole seconds down, as the CLI does', () => {
    const query = quoteForCreate({ desired_count: 1, max_price_per_node_hour: 1600, end_at: now / 1000 + 3600 }, { now: () => now + 300 });
    // 12:00:00.300 to 13:00 is 3599.7 s: the CLI asks around 3599 s.
    expect([query.min_duration, query.max_duration]).toEqual([3599 - 360, 3599 + 3600]);
  });

  it("caps max_duration at the spec's three years", () => {
    const query = quoteForCreate({ desired_count: 1, max_price_per_node_hour: 1600, end_at: now / 1000 + 90_000_000 }, { now: () => now });
    expect(query.max_duration).toBe(94_608_000);
    expect(query.min_duration).toBe(81_000_000);
  });

  it('refuses an end_at that is not after the start', () => {
    expect(() =>
      quoteForCreate({ desired_count: 1, max_price_per_node_hour: 1600, end_at: now / 1000 - 3600 }, { now: () => now }),
    ).toThrow(
      '/end_at must be after the start (start_at, or now without one: now is read from the clock given as 2026-11-22T12:00:00.000Z)',
    );
  });

  it('treats a start within a minute of now as NOW and an autoreserved create as one hour', () => {
    const query = quoteForCreate({ desired_count: 1, max_price_per_node_hour: 1600, start_at: now / 1000 + 30 }, { now: () => now });
    expect(query.min_start_date).toBe('NOW');
    expect([query.min_duration, query.max_duration]).toEqual([3240, 7200]);
  });
});

describe('quoteForExtend', () => {
  it("asks for one node of the node's GPU type, from its end, in its zone", () => {
    const node = { gpu_type: 'H200' as const, zone: 'richmond', end_at: 1_795_352_400 };
    expect(quoteForExtend(node, { duration_seconds: 7200 })).toEqual({
      side: 'buy',
      instance_type: 'h200v',
      quantity: 1,
      min_start_date: '2026-11-22T13:00:00.000Z',
      max_start_date: '2026-11-22T13:00:00.000Z',
      min_duration: 6480,
      max_duration: 10800,
      cluster: 'richmond',
    });
  });

  it('starts NOW for a node without an end', () => {
    expect(quoteForExtend({ gpu_type: 'H100', zone: null, end_at: null }, { duration_seconds: 3600 }).min_start_date).toBe('NOW');
  });
});
