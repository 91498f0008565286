// What a quote means, as the official CLI reads it: `price` is the total in cents for `quantity`
// nodes over the whole returned span (`start_at` to `end_at`, which can be longer than asked), so
// the price per node-hour is price / quantity / hours of that span. Also the quote queries the CLI
// sends before `nodes create` and `nodes extend`, and a `max_price_per_node_hour` taken from a
// quote with a stated margin. Exact: integers and BigInt fractions, never binary fractions.
import { type Clock, readClock } from '../clock.js';
import { NoQuoteError, ValidationError } from '../errors/index.js';
import type { CreateNodesParams, ExtendNodeParams, Node, QuoteDetails, QuoteParams, QuoteResponse } from '../types.js';
import { toMs } from './time.js';

const HOUR_MS = 3_600_000n;
const MINUTE_MS = 60_000;
/** GPUs in one node (the official CLI's constant). */
export const GPUS_PER_NODE = 8;
/** The quote duration the CLI asks for when a create gives no end (one hour). */
const DEFAULT_QUOTE_SECONDS = 3600;
/** The largest `min_duration` / `max_duration` openapi.yaml admits (three years, in seconds). */
const MAX_QUOTE_SECONDS = 94_608_000;

/** An exact non-negative amount: `numerator / denominator` cents. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** What a quote costs, worked out exactly from its returned span. */
export interface QuotePrice {
  /** The quote's total, in cents (`quote.price`): every node over the whole span. */
  totalCents: number;
  /** Nodes quoted. */
  quantity: number;
  /** Length of the quoted span in milliseconds (a `NOW` start counts from the next whole minute). */
  spanMs: number;
  /** Cents per node-hour, exact. */
  perNodeHour: Fraction;
  /** Cents per node-hour rounded up to a whole cent: a `max_price_per_node_hour` that this quote fits under. */
  centsPerNodeHour: number;
  /**
   * Dollars per node-hour to the cent, rounded exactly (halves up): `'12.00'`. The CLI rounds a
   * float instead, so on an exact half cent it can show one cent less (1001 cents over 2 node-hours:
   * `'5.01'` here, `'5.00'` there).
   */
  dollarsPerNodeHour: string;
}

/** The clock a pricing helper reads: any Clock (only its `now()` is called), such as `fake.clock`. */
type PricingClock = Pick<Clock, 'now'>;

/**
 * The clock option of the pricing helpers that take options (`maxPriceFromQuote`,
 * `costAtQuoteRate`, `centsPerGpuHour`).
 * @example maxPriceFromQuote(quote, { marginPercent: 5, clock: fake.clock })
 */
export interface WithClock {
  /**
   * The clock that says what `NOW` is (a fake API's quotes are in its time: pass `fake.clock`).
   * @default systemClock
   * @example { clock: fake.clock }
   */
  clock?: Pick<Clock, 'now'> | undefined;
}

/**
 * Where `now` came from, for an error that a wrong clock may have caused: given none, the system
 * clock was read, which is the wrong one for quotes and bodies in a fake API's time.
 */
function clockNote(clock: PricingClock | undefined, now: number, call: string): string {
  const at = new Date(now).toISOString();
  return clock === undefined
    ? `read from the system clock as ${at}; with a fake API, pass the fake's clock: ${call}`
    : `read from the clock given as ${at}`;
}

function reduce(numerator: bigint, denominator: bigint): Fraction {
  let a = numerator < 0n ? -numerator : numerator;
  let b = denominator;
  while (b !== 0n) [a, b] = [b, a % b];
  const gcd = a === 0n ? 1n : a;
  return { numerator: numerator / gcd, denominator: denominator / gcd };
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/** The quote of a response, or NoQuoteError with the API's reason. */
function quoteOf(response: QuoteResponse | QuoteDetails): QuoteDetails {
  if ('price' in response) return response;
  if (!response.quote) throw new NoQuoteError(response.no_quote_reason);
  return response.quote;
}

/** Milliseconds of a quote's `start_at`: `NOW` is the start of the next whole minute, as the market reads it. */
function startMs(value: string, now: number): number {
  if (value !== 'NOW') return toMs(value);
  return Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
}

/**
 * The price of a quote per node-hour, exactly, from the span it returned (never from the span
 * asked for: the market may quote up to 59 minutes more). Takes the whole response or its
 * `quote`; throws `NoQuoteError` (with `reason`) when the market gave none.
 * @param clock what `NOW` is for a quote that starts then (default `systemClock`; a fake API's quote needs `fake.clock`)
 * @example
 * const price = quotePrice(await sfc.quotes.get(quoteForCreate(body)));
 * console.log(`~$${price.dollarsPerNodeHour}/node/hr, $${centsToDollars(price.totalCents)} in total`);
 * @example quotePrice(await sfc.quotes.get(quoteForCreate(body, fake.clock)), fake.clock) // a fake API's quote, on its time
 * @example quotePrice({ price: 4800, quantity: 1, start_at: '2026-01-01T00:00:00Z', end_at: '2026-01-01T04:00:00Z', instance_type: 'h100v', zone: 'hayesvalley' }).centsPerNodeHour // 1200
 */
export function quotePrice(response: QuoteResponse | QuoteDetails, clock?: Pick<Clock, 'now'>): QuotePrice {
  return priceOf(response, clock, 'quotePrice(quote, fake.clock)');
}

/** quotePrice, with the call to show in an error that a missing clock may have caused. */
function priceOf(response: QuoteResponse | QuoteDetails, clock: PricingClock | undefined, call: string): QuotePrice {
  const quote = quoteOf(response);
  const now = readClock(clock);
  const { price, quantity } = quote;
  if (!Number.isSafeInteger(price) || price < 0)
    throw new ValidationError([{ path: '/quote/price', rule: 'whole cents, 0 or more', value: price }]);
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new ValidationError([{ path: '/quote/quantity', rule: 'a whole number of nodes, 1 or more', value: quantity }]);
  }
  const spanMs = toMs(quote.end_at) - startMs(quote.start_at, now);
  if (!Number.isSafeInteger(spanMs) || spanMs <= 0) {
    const start = quote.start_at === 'NOW' ? `NOW, ${clockNote(clock, now, call)}` : quote.start_at;
    throw new ValidationError([{ path: '/quote/end_at', rule: `after start_at (${start})`, value: quote.end_at }]);
  }
  const perNodeHour = reduce(BigInt(price) * HOUR_MS, BigInt(quantity) * BigInt(spanMs));
  const cents = ceilDiv(perNodeHour.numerator, perNodeHour.denominator);
  // Dollars to the cent: hundredths of a dollar are cents, rounded half up.
  const rounded = (perNodeHour.numerator * 2n + perNodeHour.denominator) / (perNodeHour.denominator * 2n);
  const text = rounded.toString().padStart(3, '0');
  return {
    totalCents: price,
    quantity,
    spanMs,
    perNodeHour,
    centsPerNodeHour: Number(cents),
    dollarsPerNodeHour: `${text.slice(0, -2)}.${text.slice(-2)}`,
  };
}

/**
 * Cents per GPU-hour of a quote, rounded up, times `multiplier` first: the CLI's `scale create`
 * limit, ceil(multiplier × price / (hours × quantity × 8)). `multiplier` is a decimal with at
 * most two places (1.1 is 110/100), default 1.
 * @example centsPerGpuHour(quote, { multiplier: 1.1 })
 */
export function centsPerGpuHour(response: QuoteResponse | QuoteDetails, options: WithClock & { multiplier?: number } = {}): number {
  const { perNodeHour } = priceOf(response, options.clock, 'centsPerGpuHour(quote, { clock: fake.clock })');
  const hundredths = percentOf(options.multiplier ?? 1, 'multiplier', 'a number 0 or more with at most two decimals, such as 1.1');
  return Number(ceilDiv(perNodeHour.numerator * hundredths, perNodeHour.denominator * BigInt(GPUS_PER_NODE) * 100n));
}

/** `value` × 100 as an exact BigInt, refusing more than two decimals. */
function percentOf(value: number, field: string, rule: string): bigint {
  const scaled = Math.round(value * 100);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Math.abs(value * 100 - scaled) > 1e-9) {
    throw new ValidationError([{ path: `/${field}`, rule, value }]);
  }
  return BigInt(scaled);
}

/**
 * A `max_price_per_node_hour` (whole cents) for `nodes.create` or `nodes.extend` from a quote:
 * its price per node-hour plus `marginPercent`, rounded up to a cent, so an order placed right
 * after the quote is not refused over a small move. Throws `NoQuoteError` (with the API's reason)
 * when the market gave no quote: there is nothing to base a price on.
 * @param options `marginPercent`: a stated margin, 0 or more, at most two decimals (required: no
 *   default); `clock`: what `NOW` is (default `systemClock`; `fake.clock` for a fake API's quote)
 * @example
 * const quote = await sfc.quotes.get(quoteForCreate(body));
 * await sfc.nodes.create({ ...body, max_price_per_node_hour: maxPriceFromQuote(quote, { marginPercent: 5 }) });
 */
export function maxPriceFromQuote(response: QuoteResponse | QuoteDetails, options: WithClock & { marginPercent: number }): number {
  const margin = percentOf(options?.marginPercent, 'marginPercent', 'a percentage, 0 or more, with at most two decimals (e.g. 5 or 2.5)');
  const { perNodeHour } = priceOf(response, options.clock, 'maxPriceFromQuote(quote, { marginPercent, clock: fake.clock })');
  // price × (100 + margin) / 100, with the margin in hundredths of a percent.
  return Number(ceilDiv(perNodeHour.numerator * (10_000n + margin), perNodeHour.denominator * 10_000n));
}

/**
 * What `seconds` of `nodes` nodes cost at a quote's rate, in whole cents rounded up: how the CLI
 * totals an extend of several nodes (each node's rate × the requested hours).
 * @example costAtQuoteRate(quote, { nodes: 2, seconds: 7200 }) // 4800 at 1200 cents per node-hour
 */
export function costAtQuoteRate(response: QuoteResponse | QuoteDetails, span: WithClock & { nodes: number; seconds: number }): number {
  const { perNodeHour } = priceOf(response, span.clock, 'costAtQuoteRate(quote, { nodes, seconds, clock: fake.clock })');
  for (const field of ['nodes', 'seconds'] as const) {
    if (!Number.isSafeInteger(span[field]) || span[field] < 0) {
      throw new ValidationError([{ path: `/${field}`, rule: 'a whole number, 0 or more', value: span[field] }]);
    }
  }
  return Number(ceilDiv(perNodeHour.numerator * BigInt(span.nodes) * BigInt(span.seconds), perNodeHour.denominator * 3600n));
}

/** The CLI's duration window around a requested `seconds`: [max(1, d − ⌈d/10⌉), max(d + 3600, d + ⌈d/10⌉)]. */
function durationWindow(seconds: number): Pick<QuoteParams, 'min_duration' | 'max_duration'> {
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new ValidationError([{ path: '/duration', rule: 'a whole number of seconds, 1 or more', value: seconds }]);
  }
  const tenth = Math.ceil(seconds / 10);
  // Capped at the spec's largest duration (three years), which the CLI does not do: above it the
  // API, and this client's own checks, would refuse the query.
  const max = Math.min(MAX_QUOTE_SECONDS, Math.max(seconds + 3600, seconds + tenth));
  return { min_duration: Math.max(1, seconds - tenth), max_duration: max };
}

/** `NOW`, or an ISO date-time: the CLI's start bound, the hour after `ms` (within a minute of now, `NOW`). */
function startBound(ms: number, now: number): string {
  if (ms <= now + MINUTE_MS) return 'NOW';
  const hour = Number(HOUR_MS);
  return new Date(Math.ceil(ms / hour) * hour).toISOString();
}

/**
 * The quote query the official CLI sends before `nodes create`, for exactly what `body` would
 * buy: `desired_count` nodes of `h100v` (the CLI's choice; a zone overrides it), in `zone` if
 * given, starting at `NOW` or `start_at` rounded up to the hour, for `end_at` − start seconds
 * (one hour without an `end_at`), widened as the CLI widens it (−10%, +max(1 h, 10%)).
 * @param clock what now is (default `systemClock`; a body in a fake API's time needs `fake.clock`)
 * @example
 * const body = { desired_count: 2, max_price_per_node_hour: 1600, zone: 'hayesvalley', end_at: alignToHour(Date.now() / 1000 + 7200) };
 * const price = quotePrice(await sfc.quotes.get(quoteForCreate(body)));
 */
export function quoteForCreate(body: CreateNodesParams, clock?: Pick<Clock, 'now'>): QuoteParams {
  const now = readClock(clock);
  const startMsValue = body.start_at === undefined || body.start_at === null ? now : body.start_at * 1000;
  const start = startBound(startMsValue, now);
  const end = body.end_at;
  // The CLI measures the duration from the start it was given (now when there is none).
  // Whole seconds, cut down as the CLI cuts them (12:00:00.300 to 13:00 is 3599 s).
  const seconds = end === undefined || end === null ? DEFAULT_QUOTE_SECONDS : Math.floor((end * 1000 - Math.max(startMsValue, now)) / 1000);
  if (seconds < 1) {
    const rule = `after the start (start_at, or now without one: now is ${clockNote(clock, now, 'quoteForCreate(body, fake.clock)')})`;
    throw new ValidationError([{ path: '/end_at', rule, value: end }]);
  }
  const query: QuoteParams = {
    side: 'buy',
    instance_type: 'h100v',
    quantity: body.desired_count,
    min_start_date: start,
    max_start_date: start,
    ...durationWindow(seconds),
  };
  if (body.zone) query.cluster = body.zone;
  return query;
}

/**
 * The quote query the official CLI sends before `nodes extend`, for one node: one node of the
 * node's GPU type (`h100v`, `h200v`), in its zone, starting at its current `end_at` (`NOW` without
 * one), for `duration_seconds` widened as the CLI widens it.
 * @example
 * const node = await sfc.nodes.get('n_b1dc52505c6db142');
 * const quote = await sfc.quotes.get(quoteForExtend(node, { duration_seconds: 7200 }));
 */
export function quoteForExtend(
  node: Pick<Node, 'gpu_type' | 'zone' | 'end_at'>,
  body: Pick<ExtendNodeParams, 'duration_seconds'>,
): QuoteParams {
  const start = node.end_at === undefined || node.end_at === null ? 'NOW' : new Date(node.end_at * 1000).toISOString();
  const query: QuoteParams = {
    side: 'buy',
    instance_type: `${String(node.gpu_type).toLowerCase()}v`,
    quantity: 1,
    min_start_date: start,
    max_start_date: start,
    ...durationWindow(body.duration_seconds),
  };
  if (node.zone) query.cluster = node.zone;
  return query;
}
