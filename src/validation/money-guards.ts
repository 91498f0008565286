// Guards on the calls that move money, checked before anything is sent on every call (whatever
// `validateRequests` says, on the core entry too), beside the always-on input rules: a duration
// that reads as whole hours in milliseconds, and the opt-in limit on what one call may spend at
// worst (`maxCallCostCents`). The worst case of each money-moving operation is a rule in a table
// keyed by operationId; a test holds the table to the operations openapi.yaml marks
// `x-sfc-spends-money`.
import type { OperationId } from '../../generated/operations.js';
import type { ValidationIssue } from '../errors/index.js';
import { priceTickMicros } from '../helpers/money.js';
import { FAKE_CLOCK_HINT } from '../clock.js';
import { MAX_UNIX_SECONDS, MILLISECONDS_HINT } from '../helpers/time.js';

const HOUR = 3600;
/** One hour in milliseconds: a duration in seconds that is a multiple of it is most likely milliseconds. */
const HOUR_MS = 3_600_000;

/** What a call may spend at most, in cents, and how that was counted; or why it cannot be known. */
export type WorstCase =
  | {
      cents: bigint;
      /** The product in words: `1 node × 3 hours × 1000 cents per node-hour`. */
      how: string;
      /** Whether the count started from now (a reserved create without `start_at`). */
      fromNow?: boolean;
    }
  | {
      unknown: string;
      /** Whether it is unknown only because a field has the wrong type (the schema reports that). */
      malformed?: boolean;
      /** Whether it is unknown because of the time read as now (the words then say which clock). */
      fromNow?: boolean;
    };

/** The operations that move money (`x-sfc-spends-money` in openapi.yaml). */
export type SpendingOperation = 'createNodes' | 'extendNode' | 'createProcurement' | 'updateProcurement';

type Body = Record<string, unknown>;

/** Whether `value` is a safe integer (`Number.isSafeInteger` as a type guard: it is false for anything but a number). */
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const isWhole = (value: unknown): value is number => isInteger(value) && value >= 0;
const plural = (n: bigint | number, word: string) => `${n} ${word}${n === 1n || n === 1 ? '' : 's'}`;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const malformed = (field: string, rule = 'a whole number, 0 or more'): WorstCase => ({
  unknown: `${field} is not ${rule}`,
  malformed: true,
});
/** What a call that buys nothing may spend. (Its words are never shown: no limit is below 0.) */
const NOTHING: WorstCase = { cents: 0n, how: 'nothing' };

/** Hundredths as a number with two decimals: 250002n → `2500.02`. */
const twoDecimals = (hundredths: bigint) => `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
/** Millionths of a dollar as cents, rounded up, for the words of a rule: 250002n → `25.01`. */
const microsAsCents = (micros: bigint) => twoDecimals(ceilDiv(micros, 100n));
/** Cents as dollars for a rule's words: 250000n → `$2500.00`. */
const dollars = (cents: bigint) => `$${twoDecimals(cents)}`;
/** How a cost was counted, in words: `2 nodes × 3 hours × 1000 cents per node-hour`. */
const product = (nodes: number, hours: string, cents: number | string) =>
  `${plural(nodes, 'node')} × ${hours} × ${cents} cents per node-hour`;

/** A v2 price string as the API will use it (on the $0.000060 grid), in millionths of a dollar; undefined when it is not one. */
function priceMicros(value: unknown): bigint | undefined {
  return typeof value === 'string' ? priceTickMicros(value) : undefined;
}

/** The hours a procurement's window spans (orders are hourly blocks): minutes / 60, rounded up. */
function windowHours(minutes: number): bigint {
  return ceilDiv(BigInt(minutes), 60n);
}

/**
 * A procurement whose target is `node_count` buys for every node its capacity tracks, a count no
 * request states: unknown, with what it may buy per node as far as its price and window say.
 */
function nodeCountUnknown(micros: bigint | undefined, minutes: unknown): WorstCase {
  const hours = isWhole(minutes) ? windowHours(minutes) : undefined;
  const perNode =
    micros === undefined
      ? 'at its current buy price'
      : hours === undefined
        ? `at up to ${microsAsCents(micros)} cents per node-hour`
        : `up to ${microsAsCents(hours * micros)} cents per node: ${plural(hours, 'hour')} at ${microsAsCents(micros)} cents per node-hour`;
  return { unknown: `a node_count target buys for every node the capacity tracks, a count no request states (${perNode})` };
}

/**
 * `nodes.create`: nodes × hours × `max_price_per_node_hour`. Reserved (an `end_at`): the hours from
 * `start_at`, or from now without one, to `end_at`, rounded up. Auto reserved: the first hour (it
 * renews hour by hour afterwards, each a purchase of its own).
 */
function createNodesCost(body: Body, nowMs: number): WorstCase {
  const { desired_count: count, max_price_per_node_hour: price, start_at: start, end_at: end } = body;
  if (!isWhole(count)) return malformed('desired_count');
  if (!isWhole(price)) return malformed('max_price_per_node_hour');
  if (end === undefined || end === null || body.node_type === 'autoreserved') {
    return { cents: BigInt(count) * BigInt(price), how: product(count, '1 hour (the first of an auto reserved node)', price) };
  }
  if (!isInteger(end)) return malformed('end_at');
  if (start !== undefined && !isInteger(start)) return malformed('start_at');
  const fromNow = typeof start !== 'number';
  const from = fromNow ? Math.floor(nowMs / 1000) : start;
  // Counted from now, an end that is not after it buys nothing by this count, yet the API (or a fake
  // on a clock of its own) may still sell the span: now was most likely read from the wrong clock.
  if (fromNow && end <= from) return { unknown: `end_at (${end}) is not after now`, fromNow };
  const hours = ceilDiv(BigInt(Math.max(end - from, 0)), BigInt(HOUR));
  return { cents: BigInt(count) * hours * BigInt(price), how: product(count, plural(hours, 'hour'), price), fromNow };
}

/** `nodes.extend`: one node × `duration_seconds` in hours, rounded up × `max_price_per_node_hour`. */
function extendNodeCost(body: Body): WorstCase {
  const { duration_seconds: seconds, max_price_per_node_hour: price } = body;
  if (!isWhole(seconds)) return malformed('duration_seconds');
  if (!isWhole(price)) return malformed('max_price_per_node_hour');
  const hours = ceilDiv(BigInt(seconds), BigInt(HOUR));
  return { cents: hours * BigInt(price), how: product(1, plural(hours, 'hour'), price) };
}

/**
 * `procurements.create`: nothing when created disabled (it places no orders); else what its window
 * can buy, the target's nodes × the window's hours × the max buy price (as the API rounds it to
 * its grid). A `node_count` target buys for every node the capacity tracks: unknown.
 */
function createProcurementCost(body: Body): WorstCase {
  if (body.enabled === false) return NOTHING;
  const { target, managed_window_minutes: minutes } = body;
  const micros = priceMicros(body.max_buy_price_dollars_per_node_hour);
  if (micros === undefined) return malformed('max_buy_price_dollars_per_node_hour', 'a dollar amount');
  if (!isWhole(minutes)) return malformed('managed_window_minutes');
  if (target === 'node_count') return nodeCountUnknown(micros, minutes);
  if (!isWhole(target)) return malformed('target', 'node_count or a whole number of nodes');
  const hours = windowHours(minutes);
  return {
    cents: ceilDiv(BigInt(target) * hours * micros, 10_000n),
    how: product(target, `${plural(hours, 'hour')} of its window`, microsAsCents(micros)),
  };
}

/**
 * `procurements.update`: nothing when it disables the procurement (its standing orders are
 * cancelled), or changes neither its buy price nor its window nor turns it on (a name or sell
 * price buys nothing). Otherwise its window buys for every node the capacity tracks (the only
 * target an update has is `node_count`): unknown.
 */
function updateProcurementCost(body: Body): WorstCase {
  const given = (key: string) => body[key] !== undefined && body[key] !== null;
  const buys = given('max_buy_price_dollars_per_node_hour') || given('managed_window_minutes') || body.enabled === true;
  if (body.enabled === false || !buys) return NOTHING;
  return nodeCountUnknown(priceMicros(body.max_buy_price_dollars_per_node_hour), body.managed_window_minutes);
}

/**
 * The worst case of each operation that moves money, keyed by operationId: what one call may spend
 * at most, from its body (and the time, for a create that starts now).
 */
export const WORST_CASE_COST: Record<SpendingOperation, (body: Body, nowMs: number) => WorstCase> = {
  createNodes: createNodesCost,
  extendNode: extendNodeCost,
  createProcurement: createProcurementCost,
  updateProcurement: updateProcurementCost,
};

const isSpending = (operation: OperationId): operation is SpendingOperation => Object.hasOwn(WORST_CASE_COST, operation);

/**
 * The worst case of one call of `operation` with `body` at `nowMs`, or zero for an operation that
 * moves no money.
 * @example worstCase('extendNode', { duration_seconds: 7200, max_price_per_node_hour: 1000 }, Date.now()) // { cents: 2000n, how: '1 node × 2 hours × 1000 cents per node-hour' }
 */
export function worstCase(operation: OperationId, body: unknown, nowMs: number): WorstCase {
  if (!isSpending(operation)) return NOTHING;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return malformed('the body', 'an object');
  return WORST_CASE_COST[operation](body as Body, nowMs);
}

/** Body fields that are durations in seconds, by operation: a multiple of an hour in milliseconds there buys 1000 times too much. */
export const SECONDS_DURATIONS: Partial<Record<OperationId, readonly string[]>> = {
  extendNode: ['duration_seconds'],
};

/** Whether `seconds` is a positive whole number of hours read as milliseconds (a multiple of 3,600,000). */
const looksLikeMilliseconds = (seconds: unknown): seconds is number => isWhole(seconds) && seconds > 0 && seconds % HOUR_MS === 0;

/** The words of a duration that reads as milliseconds: `3600000 seconds is 1000 hours: this looks like 1 hour in milliseconds`. */
const asMilliseconds = (seconds: number) =>
  `${seconds} seconds is ${seconds / HOUR} hours: this looks like ${plural(seconds / HOUR_MS, 'hour')} in milliseconds`;

const OPT_OUT = 'pass { allowMillisecondLikeDurations: true } to this call if you mean it';

/**
 * `nodes.create`: a reservation whose span, `end_at - start_at` (from now on the client's clock,
 * in whole seconds, without `start_at`), reads as whole hours in milliseconds. Not when a time is
 * itself in milliseconds: that has a problem of its own (millisecondTimeIssues).
 */
function createSpanIssues(body: Body, nowMs: () => number): ValidationIssue[] {
  const { start_at: start, end_at: end } = body;
  if (!isInteger(end) || end > MAX_UNIX_SECONDS) return [];
  // A start_at in milliseconds needs no check of its own: end_at, in seconds, lies before it.
  if (start !== undefined && start !== null && !isInteger(start)) return [];
  const given = typeof start === 'number';
  const span = end - (given ? start : Math.floor(nowMs() / 1000));
  if (!looksLikeMilliseconds(span)) return [];
  const from = given ? 'start_at' : 'now';
  return [
    {
      path: '/end_at',
      rule: `a span in seconds from ${from} (end_at - ${from} is ${asMilliseconds(span)}, divide the span by 1000; ${OPT_OUT})`,
      value: end,
    },
  ];
}

/**
 * Each duration of `body` that is a whole number of hours read as milliseconds (a multiple of
 * 3,600,000), with the hint: the fields of SECONDS_DURATIONS, and a `nodes.create` span (which
 * reads `nowMs` when it has no `start_at`).
 */
export function millisecondDurationIssues(operation: OperationId, body: unknown, nowMs: () => number): ValidationIssue[] {
  if (typeof body !== 'object' || body === null) return [];
  if (operation === 'createNodes') return createSpanIssues(body as Body, nowMs);
  const issues: ValidationIssue[] = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, no body has a field named like the mutant's placeholder item
  for (const field of SECONDS_DURATIONS[operation] ?? []) {
    const value = (body as Body)[field];
    if (!looksLikeMilliseconds(value)) continue;
    issues.push({ path: `/${field}`, rule: `seconds (${asMilliseconds(value)}, divide by 1000; ${OPT_OUT})`, value });
  }
  return issues;
}

/** The problem of a Unix time in seconds at `path` that reads as milliseconds, with the hint (the create rules' words too). */
export function millisecondTimeIssue(path: string, value: unknown): ValidationIssue | undefined {
  return typeof value === 'number' && value > MAX_UNIX_SECONDS ? { path, rule: `Unix seconds (${MILLISECONDS_HINT})`, value } : undefined;
}

/**
 * `nodes.create`: a `start_at` or `end_at` that reads as Unix milliseconds, with the hint, as the
 * create rules report it when they run. No option lets one through: no time this API is given
 * lies that far ahead.
 */
export function millisecondTimeIssues(operation: OperationId, body: unknown): ValidationIssue[] {
  if (operation !== 'createNodes' || typeof body !== 'object' || body === null) return [];
  const { start_at: start, end_at: end } = body as Body;
  return [millisecondTimeIssue('/start_at', start), millisecondTimeIssue('/end_at', end)].filter((issue) => issue !== undefined);
}

/** Where "now" came from, for the words of a rule that counted from it. */
export interface NowSource {
  ms: number;
  /** Whether it is the machine's clock (the client was given none). */
  system: boolean;
}

/**
 * The problem when the worst case of a call passes `limitCents`, naming both amounts and how the
 * cost was counted; or when a limit is set and the worst case cannot be known (then only for a
 * reason of its own when `othersFound`: a field of the wrong type is the schema's to report).
 */
export function costLimitIssue(
  operation: OperationId,
  body: unknown,
  limitCents: number,
  now: NowSource,
  othersFound: boolean,
): ValidationIssue | undefined {
  const found = worstCase(operation, body, now.ms);
  const limit = `maxCallCostCents, ${limitCents} cents (${dollars(BigInt(limitCents))})`;
  const clock = now.system ? `by the system clock: ${FAKE_CLOCK_HINT}` : "by the client's clock";
  const nowWords = `${new Date(now.ms).toISOString()} ${clock}`;
  if ('unknown' in found) {
    if (found.malformed && othersFound) return undefined;
    const why = found.fromNow ? `${found.unknown} (${nowWords})` : found.unknown;
    return {
      path: '/',
      rule: `a call whose worst case is known, under ${limit}: ${why}; pass { maxCallCostCents: null } to this call to lift it`,
      value: 'an unknown amount',
    };
  }
  if (found.cents <= BigInt(limitCents)) return undefined;
  const from = found.fromNow ? `, from now (${nowWords})` : '';
  return {
    path: '/',
    rule: `a call that may spend at most ${limit}: at worst this one spends ${found.cents} cents (${dollars(found.cents)}), ${found.how}${from}`,
    value: found.cents <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(found.cents) : String(found.cents),
  };
}
